"""A small tear-off slip with a saved code, printed only when the person asks for it (the
button on the page shown right after saving; the route is saved.slip).

The code is on the slip and nowhere else: not in the file name, not in any address on it (no QR
code), and the finished PDF is not kept in the render cache."""

from __future__ import annotations

import datetime as dt

from flask import Response, render_template

from portal.checklists.document import current_language
from portal.checklists.printing import pdf_response, public_address
from portal.content import library
from portal.formats import format_day

DEFAULT_PAPER = "A4"


def code_slip(code: str, expires: dt.date, country: str | None) -> Response:
    """The slip as a PDF download, on the paper of the country the answers are about."""
    known = library().countries.get((country or "").upper())
    html = render_template(
        "checklists/slip.html", code=code, expires=format_day(expires),
        paper=known.paper if known else DEFAULT_PAPER, first_lang=current_language(),
        resume_link=public_address("saved.resume"),
    )  # fmt: skip
    return pdf_response(html, "camino-saved-code.pdf", "code slip", keep=False)
