"""Dates, numbers, money, country and weekday names in the page's language, from CLDR via Babel.

CLDR has almost no data for Haitian Creole (`ht`): no country, month or weekday names.
content/names/ht.yaml records the ones that could be sourced (portal/rules/sourced_names.py);
a country it does not name falls back to French, which Haitian readers know from school and
official documents, and the nationality list marks those names as French.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from flask import current_app, has_app_context
from flask_babel import format_currency, format_date, format_decimal, get_locale
from markupsafe import Markup, escape

from portal.rules.sourced_names import SourcedNames

TERRITORY_FALLBACK = {"ht": "fr"}


def sourced_names(locale: str) -> SourcedNames | None:
    """What content/names/ records for the locale's language, if anything (and the content
    loaded: without it the portal serves only errors)."""
    if not has_app_context():
        return None
    content = current_app.extensions.get("content")
    return content.names.get(Locale.parse(locale).language) if content is not None else None


def recorded_country_names(locale: str) -> dict[str, str]:
    found = sourced_names(locale)
    return found.country_names() if found is not None else {}


def _recorded_months() -> tuple[str, ...] | None:
    found = sourced_names(str(get_locale()))
    return found.months if found is not None else None


def format_day(when: dt.date) -> str:
    months = _recorded_months()  # only for a language CLDR has no month names for (ht)
    if months:
        return f"{when.day} {months[when.month - 1]} {when.year}"
    return format_date(when, "long")


def format_month(when: dt.date) -> str:
    months = _recorded_months()
    if months:
        return f"{months[when.month - 1]} {when.year}"
    return format_date(when, "MMMM y")


def format_money(amount: float, currency: str) -> str:
    return format_currency(amount, currency)


def format_number(value: float) -> str:
    return format_decimal(value)


def day_names(locale: str) -> dict[int, str]:
    """Wide weekday names, 0 = Monday … 6 = Sunday: the recorded ones (ht), else CLDR's."""
    found = sourced_names(locale)
    if found is not None and found.days:
        return dict(enumerate(found.days))
    wide = Locale.parse(locale).days["format"]["wide"]
    return {day: wide[day] for day in range(7)}


def territories(locale: str) -> dict[str, str]:
    """Country names for a locale: the recorded ones (content/names/), then CLDR's, falling back
    to another locale's where CLDR has none (ht: French)."""
    parsed = Locale.parse(locale)
    fallback = TERRITORY_FALLBACK.get(parsed.language)
    # ht: French, whatever Babel's CLDR inherits for it (2.18: French names; 2.19: none)
    names = {} if fallback else dict(parsed.territories)
    if not names:
        names = dict(Locale.parse(fallback or "en").territories)
    names.update(recorded_country_names(locale))
    return names


def marked_country_name(code: str, locale: str) -> Markup:
    """A country's name for a page: a fallback language's name (French on an ht page, for a
    country content/names/ht.yaml records no Creole name for) carries its own lang."""
    name = territories(locale).get(code, code)
    fallback = TERRITORY_FALLBACK.get(Locale.parse(locale).language)
    if fallback and code not in recorded_country_names(locale):
        return Markup('<span lang="{}">{}</span>').format(fallback, name)
    return escape(name)


def country_name(code: str) -> str:
    """Plain text (stats tables, form labels and templates use it); a French fallback on an ht
    page is not marked here: see rules.countries.country_options for the nationality list."""
    return territories(str(get_locale())).get(code.upper(), code)
