"""The PDF checklist of an outcome, built from the same view as the outcome page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template
from flask_babel import get_locale

from portal.checklists.pdf import render_pdf
from portal.content import flow_or_404, library
from portal.flows.answers import flow_answers
from portal.flows.presenter import outcome_view
from portal.flows.views import _resume
from portal.rules.engine import answers_on_path, walk

bp = Blueprint(
    "checklists", __name__, url_prefix="/<lang>/<country>/<pathway>", template_folder="templates"
)


@bp.get("/checklist.pdf")
def checklist_pdf(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    answers = flow_answers(flow.id)
    today = dt.date.today()
    progress = walk(flow, answers, today)
    if progress.outcome is None:
        return _resume(flow)
    lib = library()
    view = outcome_view(
        lib,
        flow,
        progress.outcome,
        answers_on_path(progress, answers),
        progress,
        str(get_locale()),
        today,
    )
    paper = lib.countries[flow.country].paper
    html = render_template("checklists/checklist.html", view=view, paper=paper)
    pdf = render_pdf(html, Path(current_app.static_folder or "static"))
    filename = f"checklist-{flow.country.lower()}-{flow.pathway}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
