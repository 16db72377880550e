"""What the checklist tests share: a catalog string as a PDF's text layer gives it, the fonts a
PDF embeds, and the characters the Noto fonts the PDFs use can draw."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from tests.helpers_i18n import catalog

NOTO = Path("/usr/share/fonts/truetype/noto")


def plain(locale: str, msgid: str, domain: str = "content") -> str:
    """The text as a PDF's text layer gives it: single spaces, and no zero-width joiners or
    direction marks (Dari writes "می‌توانید" with a zero-width non-joiner)."""
    text = catalog(locale, domain).get(msgid, msgid)
    return " ".join(re.sub("[\u200b-\u200f]", "", text).split())


def pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


@cache
def covered_characters() -> frozenset[int]:
    codepoints: set[int] = set()
    for name in ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf"):
        codepoints |= set(TTFont(NOTO / name).getBestCmap())
    return frozenset(codepoints)
