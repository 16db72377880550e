"""Read the PO catalogs directly so tests can say what a page must show in each locale."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from markupsafe import escape

from portal import PROJECT_ROOT
from portal.bidi import isolate_latin
from portal.i18n import LOCALES as PORTAL_LOCALES
from portal.i18n import RTL_LANGUAGES

# The catalogs the tests read: the project's, or PORTAL_TRANSLATIONS_DIR (which the apps the
# tests make read too), as tests/test_editor_walkthrough.py does.
TRANSLATIONS = Path(os.environ.get("PORTAL_TRANSLATIONS_DIR") or PROJECT_ROOT / "translations")
LOCALES = dict(PORTAL_LOCALES)  # es, pt-BR, en, fr, ht, ar, fa-AF, ps


def complete_in(flow, locale: str) -> bool:
    """Whether a release needs every string of this flow translated into `locale`: then a page
    of it must show nothing marked untranslated."""
    return locale == "en" or locale in flow.required_languages


@cache
def catalog(locale: str, domain: str) -> dict[str, str]:
    if locale == "en":
        return {}
    path = TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def tr(locale: str, msgid: str, domain: str = "messages") -> str:
    """The text a page shows for msgid, HTML-escaped as Jinja renders it; a translated content
    string in a right-to-left language with its Latin runs isolated, as portal/bidi.py does."""
    translated = catalog(locale, domain).get(msgid)
    if translated and domain == "content" and locale.split("_")[0] in RTL_LANGUAGES:
        return str(isolate_latin(translated))
    return str(escape(translated or msgid))
