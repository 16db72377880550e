"""Every word of the right-to-left catalogs prints: Arabic, Dari and Pashto (with Pashto's own
letters ټ ډ ړ ږ ښ ګ ڼ ې ۍ) are drawn by Noto Sans Arabic, with no character the printed fonts
lack and no fallback to another font."""

from __future__ import annotations

import io
from functools import cache

import pytest
from babel.messages.pofile import read_po
from flask import render_template
from markupsafe import escape
from pypdf import PdfReader

from portal import PROJECT_ROOT
from portal.checklists.pdf import render_pdf
from tests.checklists.helpers import covered_characters, pdf_fonts
from tests.helpers_i18n import TRANSLATIONS

pytestmark = pytest.mark.content_only
RIGHT_TO_LEFT = ("ar", "fa_AF", "ps")


@cache
def catalog_words(locale: str) -> list[str]:
    """Each distinct word of both catalogs (joined shapes are what the font must hold)."""
    words: set[str] = set()
    for domain in ("messages", "content"):
        with (TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            for message in (m for m in read_po(handle) if m.id):
                forms = message.string if isinstance(message.string, tuple) else (message.string,)
                for form in forms:
                    words.update((form or "").split())
    return sorted(words)


@pytest.mark.parametrize("locale", RIGHT_TO_LEFT)
def test_every_catalog_word_prints_in_noto(app, locale):
    words = catalog_words(locale)
    assert len(words) > 1000, "the catalogs are (nearly) empty"
    missing = {c for w in words for c in w if ord(c) > 32 and ord(c) not in covered_characters()}
    assert missing == set(), f"characters the printed fonts lack: {sorted(missing)}"
    lang = locale.replace("_", "-")
    with app.app_context():
        style = render_template("checklists/style.html", paper="A4")  # the checklists' own
    html = (
        f'<html lang="{lang}" dir="rtl"><head><style>{style}</style></head>'
        f"<body><p>{escape(' '.join(words))}</p></body></html>"
    )
    pdf = render_pdf(html, PROJECT_ROOT / "portal" / "static", max_pages=200)
    fonts = pdf_fonts(pdf)
    assert fonts and all(font.startswith("Noto") for font in fonts), fonts
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "\ufffd" not in text
