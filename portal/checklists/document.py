"""Pieces of a printed checklist: the languages it is printed in, its interface words in each,
and the QR code back to the guide."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.i18n import LOCALES, RTL_LANGUAGES, URL_FOR_LOCALE
from portal.rules.model import Country


@dataclass
class Language:
    code: str  # Babel locale, e.g. pt_BR
    html_lang: str
    dir: str


def language(code: str) -> Language:
    return Language(code, code.replace("_", "-"), "rtl" if code[:2] in RTL_LANGUAGES else "ltr")


def second_locale(url_code: str | None) -> str | None:
    """The second print language from the `second` query value, or None. Unknown values are
    refused by the caller with a 400."""
    if not url_code:
        return None
    return LOCALES.get(url_code, "")


def second_default(country: Country | None, first: str) -> str | None:
    """The second language a bilingual checklist adds unless the desk picks another, as its URL
    code: the host country's (countries.yaml), when the portal has it and it is not the
    person's own."""
    if country is None or not country.language:
        return None
    ours = list(LOCALES.values())
    same = [code for code in ours if code == country.language]
    near = [code for code in ours if code.split("_")[0] == country.language.split("_")[0]]
    chosen = next(iter(same or near), None)
    if chosen is None or chosen.split("_")[0] == first.split("_")[0]:
        return None
    return URL_FOR_LOCALE[chosen]


def labels() -> dict[str, str]:
    """The interface words a printed checklist uses, in the current locale."""
    return {
        "why": _("Why"),
        "next": _("What to do next"),
        "documents": _("Documents to take"),
        "documents_blank": _("Documents that may be needed"),
        "reference": _("What it asked, for reference (the programme has closed)"),
        "questions": _("The questions"),
        "fees": _("Fees"),
        "offices": _("Where to go"),
        "sources": _("Legal sources"),
        "code": _("payment code"),
        "hours": _("Hours:"),
        "phone": _("Phone:"),
        "source": _("Source:"),
        "nationwide": _("Nationwide, by phone or online"),
        "expired": _("This rule has expired."),
        "unverified": _("(not confirmed by an official source)"),
        "disclaimer": _(
            "This is information, not legal advice. Rules change: confirm with the office "
            "before you act."
        ),
        "scan": _("Scan to open this guide again on a phone:"),
        "unchecked": _("This translation has not yet been checked by a native speaker."),
        "day": _("Day"),
        "month": _("Month"),
        "year": _("Year"),
    }


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def current_language() -> Language:
    return language(str(get_locale()))
