"""Language tags in content (es, pt-BR) read as Babel locales (es, pt_BR), with file:line errors:
a country's `language` and a flow's `required_languages`."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from portal.rules.errors import Reporter
from portal.rules.fields import Fields


def as_locale(tag: str) -> str | None:
    try:
        return str(Locale.parse(tag.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return None


def parse_language(f: Fields, path: str, report: Reporter) -> str | None:
    """A country's language."""
    tag = f.word("language")
    if tag is None:
        return None
    locale = as_locale(tag)
    if locale is None:
        message = f"{f.what}: 'language' must be a language tag such as es or pt-BR, not '{tag}'"
        report.error(path, f.line_of("language"), message)
    return locale


def parse_required_languages(top: Fields, path: str, report: Reporter) -> tuple[str, ...]:
    """The languages a flow must be fully translated into for a release; English is the source."""
    found = []
    for tag in top.words("required_languages"):
        locale = as_locale(tag)
        if locale is None:
            message = f"'required_languages': '{tag}' is not a language tag such as es or pt-BR"
            report.error(path, top.line_of("required_languages"), message)
        elif locale != "en" and locale not in found:
            found.append(locale)
    return tuple(found)
