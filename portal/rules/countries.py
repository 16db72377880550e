"""Country codes from Babel's CLDR data: the list a country question offers."""

from __future__ import annotations

from babel import Locale

# CLDR territories that are groupings or placeholders, not countries a person is from.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}

COUNTRY_CODES: frozenset[str] = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)


def country_names(locale: str, fallback: str = "en") -> list[tuple[str, str]]:
    """(code, localized name) pairs sorted by name in that locale. Where CLDR has no names
    for the locale, the fallback locale's names are used."""
    names = Locale.parse(locale).territories or Locale.parse(fallback).territories
    pairs = [(code, names.get(code, code)) for code in COUNTRY_CODES]
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))


def _sort_key(name: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
