"""Country codes from Babel's CLDR data: the list a country question offers, with names in the
page's language, or in a fallback language's where CLDR has none (Haitian Creole: French)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

from babel import Locale

# CLDR territories that are groupings or placeholders, not countries a person is from.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}

COUNTRY_CODES: frozenset[str] = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)


class CountryName(NamedTuple):
    code: str
    name: str
    lang: str | None  # the name's language where it is not the page's (a fallback's), else None


def country_options(
    locale: str, fallback: str = "en", recorded: Mapping[str, str] | None = None
) -> list[CountryName]:
    """Every country, sorted by name in that locale. `recorded` names (content/names/) come
    first; then CLDR's for the locale, or where CLDR has none the fallback locale's, marked
    with the fallback's language."""
    parsed = Locale.parse(locale)
    # A language given a fallback other than English has no country names of its own in CLDR:
    # Babel 2.18 filled Haitian Creole's with inherited French ones, 2.19 has none.
    own = parsed.territories if fallback == "en" or parsed.language == fallback else {}
    names = own or Locale.parse(fallback).territories
    other = None if own else Locale.parse(fallback).language
    recorded = recorded or {}
    options = [
        CountryName(code, recorded[code], None)
        if code in recorded
        else CountryName(code, names.get(code, code), other)
        for code in COUNTRY_CODES
    ]
    return sorted(options, key=lambda option: _sort_key(option.name))


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
