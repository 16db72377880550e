"""Languages: the locale lives in the URL (/es/…, /pt-BR/…, /en/…); Accept-Language picks
it on the first visit. Content strings are translated through the `content` domain."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, request
from flask_babel import get_locale, gettext
from markupsafe import Markup

from portal.bidi import isolate_latin
from portal.catalogs import CatalogIndex
from portal.extensions import content_domain
from portal.formats import country_name, format_day
from portal.rules.extract import flow_strings
from portal.rules.model import Flow

# URL segment -> Babel locale, in the order the language switcher shows them.
LOCALES: dict[str, str] = {
    "es": "es",
    "pt-BR": "pt_BR",
    "en": "en",
    "fr": "fr",
    "ht": "ht",
    "ar": "ar",
    "fa-AF": "fa_AF",
    "ps": "ps",
}
URL_FOR_LOCALE = {babel: url for url, babel in LOCALES.items()}
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "ur"}
# Accept-Language tags that pick a near locale: Portuguese reads Brazilian, Persian reads Dari.
NEAR_LOCALES = {"pt": "pt_BR", "pt-PT": "pt_BR", "fa": "fa_AF", "fa-IR": "fa_AF"}


def select_locale() -> str:
    chosen = getattr(g, "locale", None)
    if chosen:
        return chosen
    return best_locale()


def best_locale() -> str:
    best = request.accept_languages.best_match(
        list(LOCALES.values()) + [u for u in LOCALES if u not in LOCALES.values()] + [*NEAR_LOCALES]
    )
    if best is None:
        return "en"
    return NEAR_LOCALES.get(best) or LOCALES.get(best) or (best if best in URL_FOR_LOCALE else "en")


def url_lang(locale: str | None = None) -> str:
    return URL_FOR_LOCALE.get(locale or str(get_locale()), "en")


def catalog_index() -> CatalogIndex:
    return current_app.extensions["catalogs"]


def content_translation(text: str) -> str | None:
    """A content string's current translation into the page's language, as plain text (English
    for English pages); None when it has none."""
    if catalog_index().is_translated(str(get_locale()), "content", text):
        return content_domain.gettext(text)
    return None


def for_direction(text: str) -> str:
    """Translated text as a page shows it: in a right-to-left language, with its Latin runs
    isolated (portal/bidi.py)."""
    return isolate_latin(text) if get_locale().language in RTL_LANGUAGES else text


def content_text(text: str | None) -> str:
    """Translate a content string (question, outcome, checklist) into the page's language.

    A string with no current translation (new, or changed since it was translated) is shown in
    English, marked with lang="en" and a visible "translation pending" badge — unless the whole
    page already says it is not translated (g.pending_badges is False)."""
    if not text:
        return ""
    translated = content_translation(text)
    if translated is not None:
        return for_direction(translated)
    if not g.get("pending_badges", True):
        return Markup('<span lang="en" dir="ltr">{}</span>').format(text)
    return Markup('<span lang="en" dir="ltr">{}</span> <span class="pending">{}</span>').format(
        text, gettext("translation pending")
    )


# CLDR calls fa_AF "فارسی (افغانستان)"; its speakers, and Afghanistan's constitution, call it Dari.
OWN_NAMES = {"fa_AF": "دری"}


def own_name(code: str) -> str:
    """A language in its own name, capitalised: "Español", "Português (Brasil)", "دری"."""
    try:
        locale = Locale.parse(code)
    except (ValueError, TypeError):
        return code
    name = OWN_NAMES.get(code) or locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def language_choices() -> list[dict[str, str]]:
    """Each language in its own name, for the switcher."""
    choices = []
    for url, code in LOCALES.items():
        locale = Locale.parse(code)
        choices.append(
            {
                "url": url,
                "code": code,
                "name": own_name(code),
                "html_lang": code.replace("_", "-"),
                "dir": "rtl" if locale.language in RTL_LANGUAGES else "ltr",
            }
        )
    return choices


def translation_unchecked(locale: str | None = None) -> bool:
    """Whether a language (default: the page's) is a translation no native speaker has checked."""
    return not catalog_index().natively_reviewed(locale or str(get_locale()))


def html_lang() -> str:
    return str(get_locale()).replace("_", "-")


def text_direction() -> str:
    return "rtl" if get_locale().language in RTL_LANGUAGES else "ltr"


def translated_share(flow: Flow, locale: str) -> float:
    """How much of a flow is translated into a locale (0.0 to 1.0), worked out once per process:
    the catalogs are read once too (portal/catalogs.py)."""
    known: dict[tuple[str, str], float] = current_app.extensions["flow_coverage"]
    key = (flow.id, locale)
    if key not in known:
        strings = [text for text, _path, _line in flow_strings(flow)]
        known[key] = catalog_index().coverage(locale, "content", strings)
    return known[key]


def flow_translation(flow: Flow) -> float:
    """How much of a flow is translated into the page's language (0.0 to 1.0). A flow with
    nothing translated is shown in English with one note, not a badge on every line."""
    coverage = translated_share(flow, str(get_locale()))
    if coverage == 0.0:
        g.pending_badges = False
    return coverage


def language_note(flow: Flow | None) -> Markup | None:
    """What to say next to a link to a flow that is not (wholly) in the page's language, before
    the person opens it: the language they will read it in, since untranslated strings are
    shown in the source language, English (see content_text)."""
    if flow is None:
        return None
    coverage = translated_share(flow, str(get_locale()))
    if coverage >= 1.0:
        return None
    # TRANSLATORS: next to a link to a guide that has no translation into this language yet
    text = gettext("in English")
    if coverage >= 0.5:
        # TRANSLATORS: next to a link to a guide of which most but not all is translated
        text = gettext("partly in English")
    elif coverage > 0.0:
        # TRANSLATORS: next to a link to a guide of which only a few parts are translated
        text = gettext("mostly in English")
    return Markup('<span class="lang-note">({})</span>').format(text)


def init_i18n(app: Flask) -> None:
    app.extensions["catalogs"] = CatalogIndex(Path(app.config["TRANSLATIONS_DIR"]))
    app.extensions["flow_coverage"] = {}
    app.jinja_env.globals.update(
        ct=content_text,
        languages=language_choices,
        html_lang=html_lang,
        text_direction=text_direction,
        translation_unchecked=translation_unchecked,
        url_lang=url_lang,
        format_day=format_day,
        country_name=country_name,
    )
