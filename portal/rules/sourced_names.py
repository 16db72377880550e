"""Names CLDR lacks for a language, each with the source it was read in: content/names/<lang>.yaml.

Haitian Creole (ht) is the case today: CLDR has no ht country, weekday or month names, so the
portal would show French ones. A file records the names that could be sourced; a country it does
not name keeps the fallback language's CLDR name (the page marks that one as another language).
Errors name the file and line: an unknown country code, a name without a known source, a
country named twice or both named and listed as having no name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.rules.countries import COUNTRY_CODES
from portal.rules.errors import Reporter, did_you_mean
from portal.rules.fields import Fields
from portal.rules.language_tags import as_locale
from portal.rules.model import Where
from portal.rules.yamlload import Node, read_content

FILE_KEYS = {"sources", "countries", "without_name", "days", "months"}
SOURCE_KEYS = {"title", "url", "checked_on"}
COUNTRY_KEYS = {"name", "source", "quote"}
WITHOUT_NAME_KEYS = {"source", "note"}
SERIES_KEYS = {"names", "source", "quote"}
SERIES_LENGTHS = {"days": 7, "months": 12}  # days from Monday, months from January


@dataclass(frozen=True)
class NameSource:
    id: str
    title: str
    url: str
    checked_on: dt.date
    where: Where


@dataclass(frozen=True)
class SourcedName:
    name: str
    source: str  # a NameSource id
    quote: str | None
    where: Where


@dataclass(frozen=True)
class SourcedNames:
    """What content/names/<language>.yaml records for one language."""

    language: str
    sources: dict[str, NameSource]
    countries: dict[str, SourcedName]  # by CLDR territory code
    without_name: frozenset[str]  # looked up, no name found: the fallback's name is shown
    days: tuple[str, ...] | None  # wide weekday names, Monday first
    months: tuple[str, ...] | None  # wide month names, January first

    def country_names(self) -> dict[str, str]:
        return {code: found.name for code, found in self.countries.items()}


def load_sourced_names(root: Path, report: Reporter) -> dict[str, SourcedNames]:
    """Every file under content/names/, by language. The folder is optional."""
    found: dict[str, SourcedNames] = {}
    for path in sorted((root / "names").glob("*.yaml")):
        name, raw = read_content(root, path, report)
        if as_locale(path.stem) != path.stem or "_" in path.stem:
            message = f"'{path.stem}' is not a language code such as ht or pt: rename the file"
            report.error(name, 1, message)
            continue
        if raw is None:
            continue
        names = _language_names(path.stem, raw, name, report)
        if names is not None:
            found[path.stem] = names
    return found


def _language_names(language: str, raw: Any, path: str, report: Reporter) -> SourcedNames | None:
    top = Fields(raw, path, report, f"names for '{language}'", FILE_KEYS)
    if not top.ok:
        return None
    sources = _sources(top.mapping("sources"), path, report)
    reader = _Reader(path, report, sources)
    countries = reader.countries(top.mapping("countries", required=False))
    without = reader.without_name(top.mapping("without_name", required=False), countries)
    days = reader.series("days", top.mapping("days", required=False))
    months = reader.series("months", top.mapping("months", required=False))
    for source in sources.values():
        if source.id not in reader.used:
            report.warning(path, source.where.line, f"source '{source.id}' is not used")
    return SourcedNames(language, sources, countries, without, days, months)


def _sources(raw: Node, path: str, report: Reporter) -> dict[str, NameSource]:
    sources = {}
    for sid, sraw in raw.items():
        f = Fields(sraw, path, report, f"source '{sid}'", SOURCE_KEYS, raw.line_of(sid))
        title, url, checked_on = f.text("title"), f.word("url"), f.date("checked_on")
        if url is not None and not url.startswith(("https://", "http://")):
            report.error(path, f.line_of("url"), f"source '{sid}': 'url' must be a web address")
            continue
        if title and url and checked_on:
            sources[sid] = NameSource(sid, title, url, checked_on, Where(path, raw.line_of(sid)))
    return sources


class _Reader:
    """Reads the named things of one file, checking each against the file's sources."""

    def __init__(self, path: str, report: Reporter, sources: dict[str, NameSource]):
        self.path, self.report, self.sources = path, report, sources
        self.used: set[str] = set()

    def _source(self, f: Fields) -> str | None:
        sid = f.word("source")
        if sid is None:
            return None
        if sid not in self.sources:
            message = f"{f.what}: unknown source '{sid}'" + did_you_mean(sid, self.sources)
            self.report.error(self.path, f.line_of("source"), message)
            return None
        self.used.add(sid)
        return sid

    def _code(self, code: str, line: int) -> bool:
        if code in COUNTRY_CODES:
            return True
        message = f"'{code}' is not a CLDR territory code" + did_you_mean(code, COUNTRY_CODES)
        self.report.error(self.path, line, message)
        return False

    def countries(self, raw: Node) -> dict[str, SourcedName]:
        countries: dict[str, SourcedName] = {}
        named: dict[str, str] = {}  # one name, one country: a list can't show two alike
        for code, craw in raw.items():
            line = raw.line_of(code)
            f = Fields(craw, self.path, self.report, f"country '{code}'", COUNTRY_KEYS, line)
            name, source = f.text("name"), self._source(f)
            if not (self._code(code, line) and name and source):
                continue
            if name in named:
                message = f"'{name}' is already the name of {named[name]}"
                self.report.error(self.path, f.line_of("name"), message)
                continue
            named[name] = code
            quote = f.text("quote", required=False)
            countries[code] = SourcedName(name, source, quote, Where(self.path, line))
        return countries

    def without_name(self, raw: Node, countries: dict[str, SourcedName]) -> frozenset[str]:
        codes = set()
        for code, craw in raw.items():
            line = raw.line_of(code)
            f = Fields(craw, self.path, self.report, f"country '{code}'", WITHOUT_NAME_KEYS, line)
            f.text("note", required=False)
            if self._source(f) is None or not self._code(code, line):
                continue
            if code in countries:
                message = f"'{code}' is named at line {countries[code].where.line} too"
                self.report.error(self.path, line, message)
                continue
            codes.add(code)
        return frozenset(codes)

    def series(self, key: str, raw: Node) -> tuple[str, ...] | None:
        if not raw:
            return None
        f = Fields(raw, self.path, self.report, f"'{key}'", SERIES_KEYS, raw.line)
        names, source = f.texts("names", required=True), self._source(f)
        f.text("quote", required=False)
        if names and len(names) != SERIES_LENGTHS[key]:
            message = f"'{key}' must list {SERIES_LENGTHS[key]} names, not {len(names)}"
            self.report.error(self.path, f.line_of("names"), message)
            return None
        return names if names and source else None
