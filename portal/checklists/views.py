"""Printed checklists: the person's outcome (one or two languages) and a blank checklist per
flow for desks and paper use. Built from the same views as the pages."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import force_locale, get_locale

from portal import clock
from portal.checklists.document import (
    current_language,
    labels,
    language,
    qr_data_uri,
    second_default,
    second_locale,
)
from portal.checklists.outcome import checklist_context, pdf_of, printed, translator
from portal.checklists.printing import public_address
from portal.checklists.routing import route_lines
from portal.content import flow_or_404, library
from portal.flows.progress import current_outcome, flow_urls, host_country, resume
from portal.i18n import flow_translation
from portal.offices.filters import city_form, in_city
from portal.rules.lifecycle import shown
from portal.rules.model import Flow
from portal.rules.routes import routes

bp = Blueprint(
    "checklists", __name__, url_prefix="/<lang>/<country>/<pathway>", template_folder="templates"
)


def _second() -> str | None:
    code = request.args.get("second") or None
    locale = second_locale(code)
    if locale == "":
        abort(400)
    return locale


def _link(endpoint: str, flow: Flow) -> str:
    """The address printed and put in the QR code (on PUBLIC_URL: see printing.py)."""
    return public_address(endpoint, **flow_urls(flow))


def _pdf(flow: Flow, template: str, name: str, **context) -> Response:
    country = host_country()
    html = render_template(template, **printed(flow, country), **context)
    return pdf_of(flow, country, html, name)


@bp.get("/checklist.pdf")
def checklist_pdf(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    view = current_outcome(flow)
    if view is None:
        return resume(flow)
    second = _second()
    form = city_form(view.offices)
    if "city" in request.args and not form.validate():
        abort(400)
    city = form.city.data or None
    flow_translation(flow)
    view.offices = in_city(view.offices, city)
    other = None
    if second:
        with force_locale(second):
            other = current_outcome(flow)
            if other is None:  # cannot happen: the language does not change where answers lead
                return resume(flow)
            other.offices = in_city(other.offices, city)
    link = _link("flows.result", flow)
    context = checklist_context(view, clock.today(), link, qr_data_uri(link), other, second)
    return _pdf(flow, "checklists/checklist.html", "checklist", **context)


@bp.get("/blank.pdf")
def blank_pdf(country: str, pathway: str):
    """Everything the flow may ask for, with no answers: for desks and paper use."""
    flow = flow_or_404(country, pathway)
    second = _second()
    flow_translation(flow)
    today = clock.today()
    numbered = routes(flow)
    lines2 = None
    if second:
        with force_locale(second):
            lines2 = route_lines(flow, numbered, today)
    return _pdf(
        flow, "checklists/blank.html", "blank-checklist", labels=labels(),
        other_labels=_labels_in(second), first_lang=current_language(),
        second_lang=language(second) if second else None, second=second, today=today,
        offices=library().offices_for(country, _services(flow)),
        qr=qr_data_uri(_link("flows.start", flow)), link=_link("flows.start", flow),
        ct2=translator(second), ui2=translator(second, ui=True),
        outcomes=[o for o in flow.outcomes.values() if not shown(flow, o, today).closed],
        routes=numbered, lines=route_lines(flow, numbered, today), lines2=lines2,
    )  # fmt: skip


@bp.app_template_global("second_language_default")
def second_language_default(country: str) -> str | None:
    """For the "print in two languages" select: the language (its URL code) to preselect."""
    return second_default(library().countries.get(country.upper()), str(get_locale()))


def _services(flow: Flow) -> tuple[str, ...]:
    return tuple(sorted({s for outcome in flow.outcomes.values() for s in outcome.services}))


def _labels_in(locale: str | None) -> dict[str, str] | None:
    if not locale:
        return None
    with force_locale(locale):
        return labels()
