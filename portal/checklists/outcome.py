"""The printed checklist of one outcome, for any caller that has the outcome's view and the host
country: the web's checklist.pdf (answers in the session) and the JSON API (answers in a sealed
token). Both print the same template, so they can never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

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


def printed(flow: Flow, country: str) -> dict[str, Any]:
    """What every printed document's template reads besides its own context."""
    return {"flow": flow, "host": country, "paper": library().countries[country.upper()].paper}


def pdf_of(flow: Flow, country: str, html: str, name: str) -> Response:
    return pdf_response(html, f"{name}-{country}-{flow.pathway}.pdf", "checklist")


def checklist_context(
    view: OutcomeView,
    today: dt.date,
    link: str,
    qr: str,
    other: OutcomeView | None = None,
    second: str | None = None,
) -> dict[str, Any]:
    """The checklist template's context: the outcome in the current language, and in `second`
    beside it when given (`other` is then the same outcome's view in that language). `link` is
    the guide's result page, printed and in the QR code `qr`."""
    other_labels = None
    if second:
        with force_locale(second):
            other_labels = labels()
    return dict(
        view=view, other=other, labels=labels(), other_labels=other_labels,
        first_lang=current_language(), second_lang=language(second) if second else None,
        qr=qr, link=link, ct2=translator(second), today=today,
    )  # fmt: skip


def checklist_pdf(flow: Flow, country: str, view: OutcomeView, today: dt.date) -> Response:
    """The outcome's checklist in the current language, for a caller without a session."""
    link = public_address("flows.result", country=country, pathway=flow.pathway)
    context = checklist_context(view, today, link, qr_data_uri(link))
    html = render_template("checklists/checklist.html", **printed(flow, country), **context)
    return pdf_of(flow, country, html, "checklist")
