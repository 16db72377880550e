"""Languages: the locale lives in the URL (/es/…, /pt-BR/…, /en/…); Accept-Language picks
it on the first visit. Content strings are translated through the `content` domain."""

from __future__ import annotations

from babel import Locale
from flask import Flask, g, request
from flask_babel import format_date, get_locale
from markupsafe import Markup

from portal.extensions import content_domain

# URL segment -> Babel locale, in the order the language switcher shows them.
LOCALES: dict[str, str] = {"es": "es", "pt-BR": "pt_BR", "en": "en"}
URL_FOR_LOCALE = {babel: url for url, babel in LOCALES.items()}
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def select_locale() -> str:
    chosen = getattr(g, "locale", None)
    if chosen:
        return chosen
    return best_locale()


def best_locale() -> str:
    best = request.accept_languages.best_match(
        list(LOCALES.values()) + [u for u in LOCALES if u not in LOCALES.values()] + ["pt", "pt-PT"]
    )
    if best in ("pt", "pt-PT", "pt-BR"):
        return "pt_BR"
    return best if best in URL_FOR_LOCALE else "en"


def url_lang(locale: str | None = None) -> str:
    return URL_FOR_LOCALE.get(locale or str(get_locale()), "en")


def content_text(text: str | None) -> str:
    """Translate a content string (question, outcome, checklist) into the page's language."""
    if not text:
        return ""
    return content_domain.gettext(text)


def language_choices() -> list[dict[str, str]]:
    """Each language in its own name, for the switcher."""
    choices = []
    for url, code in LOCALES.items():
        locale = Locale.parse(code)
        name = locale.get_display_name(locale) or code
        choices.append(
            {
                "url": url,
                "code": code,
                "name": name[:1].upper() + name[1:],
                "html_lang": code.replace("_", "-"),
                "dir": "rtl" if locale.language in RTL_LANGUAGES else "ltr",
            }
        )
    return choices


def country_name(code: str) -> str:
    return get_locale().territories.get(code.upper(), code)


def html_lang() -> str:
    return str(get_locale()).replace("_", "-")


def text_direction() -> str:
    return "rtl" if get_locale().language in RTL_LANGUAGES else "ltr"


def paragraphs(text: str) -> Markup:
    """Content text is plain; escape it and keep it as one paragraph."""
    return Markup("<p>{}</p>").format(text)


def init_i18n(app: Flask) -> None:
    app.jinja_env.globals.update(
        ct=content_text,
        languages=language_choices,
        html_lang=html_lang,
        text_direction=text_direction,
        url_lang=url_lang,
        format_date=format_date,
        country_name=country_name,
    )
