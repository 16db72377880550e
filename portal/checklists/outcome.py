"""The printed checklist of one outcome, for any caller that has the outcome's view and the host
country: the web's checklist.pdf (answers in the session) and the JSON API (answers in a sealed
token). Both print the same template, so they can never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Response, render_template
from flask_babel import force_locale, gettext

from portal.checklists.document import current_language, labels, language, qr_data_uri
from portal.checklists.printing import pdf_response, public_address
from portal.content import library
from portal.flows.presenter import OutcomeView
from portal.i18n import content_text
from portal.rules.model import Flow


def translator(locale: str | None, ui: bool = False) -> Callable[[str | None], str]:
    """ct() (or gettext for interface words) in the second print language, for templates."""

    def translate(text: str | None) -> str:
        if not locale or not text:
            return ""
        with force_locale(locale):
            return gettext(text) if ui else content_text(text)

    return translate


def render_pdf(flow: Flow, country: str, template: str, name: str, **context) -> Response:
    """A document of `flow` printed for the host `country` (as URLs write it), on its paper."""
    paper = library().countries[country.upper()].paper
    html = render_template(template, flow=flow, paper=paper, **context)
    return pdf_response(html, f"{name}-{country}-{flow.pathway}.pdf", "checklist")


def checklist_pdf(
    flow: Flow,
    country: str,
    view: OutcomeView,
    today: dt.date,
    other: OutcomeView | None = None,
    second: str | None = None,
) -> Response:
    """The outcome's checklist in the current language, and in `second` beside it when given
    (`other` is then the same outcome's view in that language)."""
    link = public_address("flows.result", country=country, pathway=flow.pathway)
    other_labels = None
    if second:
        with force_locale(second):
            other_labels = labels()
    return render_pdf(
        flow, country, "checklists/checklist.html", "checklist", view=view, other=other,
        labels=labels(), other_labels=other_labels, first_lang=current_language(),
        second_lang=language(second) if second else None, qr=qr_data_uri(link), link=link,
        ct2=translator(second), today=today,
    )  # fmt: skip
