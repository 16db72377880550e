"""Dates, numbers, money and country names in the page's language, from CLDR via Babel.

CLDR has almost no data for Haitian Creole (`ht`): no month names and no country names. For
`ht` the month names below are used, and country names fall back to French, which Haitian
readers know from school and official documents.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from flask_babel import format_currency, format_date, format_decimal, get_locale

HAITIAN_MONTHS = (
    "janvye", "fevriye", "mas", "avril", "me", "jen",
    "jiyè", "out", "septanm", "oktòb", "novanm", "desanm",
)  # fmt: skip
TERRITORY_FALLBACK = {"ht": "fr"}


def format_day(when: dt.date) -> str:
    if get_locale().language == "ht":
        return f"{when.day} {HAITIAN_MONTHS[when.month - 1]} {when.year}"
    return format_date(when, "long")


def format_month(when: dt.date) -> str:
    if get_locale().language == "ht":
        return f"{HAITIAN_MONTHS[when.month - 1]} {when.year}"
    return format_date(when, "MMMM y")


def format_money(amount: float, currency: str) -> str:
    return format_currency(amount, currency)


def format_number(value: float) -> str:
    return format_decimal(value)


def territories(locale: str) -> dict[str, str]:
    """Country names for a locale, falling back where CLDR has none."""
    parsed = Locale.parse(locale)
    names = dict(parsed.territories)
    if not names:
        fallback = TERRITORY_FALLBACK.get(parsed.language, "en")
        names = dict(Locale.parse(fallback).territories)
    return names


def country_name(code: str) -> str:
    return territories(str(get_locale())).get(code.upper(), code)
