"""The PDF checklist of an outcome, built from the same view as the outcome page."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request

from portal.checklists.pdf import render_pdf
from portal.content import flow_or_404, library
from portal.flows.views import current_outcome, resume
from portal.offices.views import city_form

bp = Blueprint(
    "checklists", __name__, url_prefix="/<lang>/<country>/<pathway>", template_folder="templates"
)


@bp.get("/checklist.pdf")
def checklist_pdf(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    view = current_outcome(flow)
    if view is None:
        return resume(flow)
    form = city_form(view.offices)
    if request.args:
        if not form.validate():
            abort(400)
        view = current_outcome(flow, form.city.data or None)
    paper = library().countries[view.country].paper
    html = render_template("checklists/checklist.html", view=view, paper=paper)
    pdf = render_pdf(html, Path(current_app.static_folder or "static"))
    filename = f"checklist-{country.lower()}-{flow.pathway}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
