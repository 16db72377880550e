"""Read the PO catalogs directly so tests can say what a page must show in each locale."""

from __future__ import annotations

from functools import cache

from babel.messages.pofile import read_po
from markupsafe import escape

from portal import PROJECT_ROOT

LOCALES = {"es": "es", "pt-BR": "pt_BR", "en": "en", "fr": "fr", "ht": "ht", "ar": "ar"}


@cache
def catalog(locale: str, domain: str) -> dict[str, str]:
    if locale == "en":
        return {}
    path = PROJECT_ROOT / "translations" / locale / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def tr(locale: str, msgid: str, domain: str = "messages") -> str:
    """The text a page shows for msgid, HTML-escaped as Jinja renders it."""
    return str(escape(catalog(locale, domain).get(msgid, msgid)))
