"""Offices and organisations, one file per host country: content/offices/<cc>.yaml.

Every address, phone number and opening time must come from the named source. Where none could
be sourced the office gives a `locator_url` (the official office finder) instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from portal.rules.errors import Reporter
from portal.rules.fields import Fields
from portal.rules.hours import parse_hours
from portal.rules.model import Office, Where
from portal.rules.yamlload import read_content

STALE_AFTER_DAYS = 365
OFFICE_KEYS = {
    "name",
    "city",
    "address",
    "hours",
    "phone",
    "url",
    "locator_url",
    "note",
    "services",
    "languages",
    "free",
    "no_intermediaries",
    "latitude",
    "longitude",
    "source",
    "last_reviewed",
}


def load_offices(
    root: Path, countries: Collection[str], report: Reporter, today: dt.date
) -> dict[str, Office]:
    """Every office under content/offices/, by id, for the known `countries`."""
    offices: dict[str, Office] = {}
    for path in sorted((root / "offices").glob("*.yaml")):
        name, raw = read_content(root, path, report)
        country = path.stem.upper()
        if country not in countries:
            report.error(name, 1, f"'{path.stem}' is not a country in countries.yaml")
            continue
        for oid, oraw in (raw or {}).items():
            if oid in offices:
                report.error(name, raw.line_of(oid), f"office id '{oid}' is used twice")
                continue
            office = _office(oid, oraw, raw.line_of(oid), name, country, report, today)
            if office:
                offices[oid] = office
    return offices


def _office(
    oid: str, raw, line: int, name: str, country: str, report: Reporter, today: dt.date
) -> Office | None:
    f = Fields(raw, name, report, f"office '{oid}'", OFFICE_KEYS, line)
    office_name, source, reviewed = f.text("name"), f.text("source"), f.date("last_reviewed")
    address, locator = f.text("address", required=False), f.word("locator_url", required=False)
    if f.ok and not address and not locator:
        report.error(name, f.line, f"office '{oid}' needs an address or a 'locator_url'")
    city = f.text("city")
    services = f.words("services", required=True)
    if not (office_name and source and reviewed and services and city):
        return None
    if (today - reviewed).days > STALE_AFTER_DAYS:
        report.warning(
            name, f.line_of("last_reviewed"), f"office '{oid}' was last reviewed over 12 months ago"
        )
    return Office(
        id=oid,
        country=country,
        name=office_name,
        city=city,
        address=address,
        hours=parse_hours(f.items("hours"), name, report, f"office '{oid}'"),
        phone=f.word("phone", required=False),
        url=f.word("url", required=False),
        locator_url=locator,
        note=f.text("note", required=False),
        services=services,
        languages=f.words("languages"),
        free=f.boolean("free"),
        no_intermediaries=bool(f.boolean("no_intermediaries")),
        latitude=f.number("latitude"),
        longitude=f.number("longitude"),
        source=source,
        last_reviewed=reviewed,
        where=Where(name, f.line),
    )


NATIONWIDE = "nationwide"  # the `city` of national lines, online services and office finders
NEAREST = 3  # at most this many offices shown first: one for each kind of help, at least two
FEWEST = 2


@dataclass(frozen=True)
class Nearby:
    """The offices to show a person first. Content has no coordinates or regions, so "nearest"
    means: the offices in the person's own city, then those that serve anyone in the country
    (`nationwide`: phone lines, online services, office finders). Offices in other cities are
    never guessed to be near."""

    city: str | None  # the person's city, None when it is not known or not said
    offices: tuple[Office, ...]  # in the person's city first, then nationwide ones
    in_city: int  # how many of `offices` are in the person's city
    matching: int  # how many offices in the country offer a service the outcome needs


def matching_offices(offices: Iterable[Office], services: Sequence[str]) -> list[Office]:
    """Offices that offer at least one of the services, in content order."""
    wanted = set(services)
    return [o for o in offices if wanted & set(o.services)]


def nearest(
    offices: Iterable[Office],
    services: Sequence[str],
    city: str | None,
    limit: int | None = None,
) -> Nearby:
    """Offices for an outcome needing `services` (in the outcome's order): first one office for
    each service, the person's city before nationwide ones, then more of the same, city first.
    As many as the outcome needs kinds of help, at least two and at most three, unless `limit`
    says otherwise. Offices offering none of the services are never included."""
    if limit is None:
        limit = min(NEAREST, max(FEWEST, len(services)))
    matching = matching_offices(offices, services)
    local = [o for o in matching if city and o.city == city]
    remote = [o for o in matching if o.city == NATIONWIDE]
    candidates = local + remote
    chosen: list[Office] = []
    for service in services:
        if any(service in o.services for o in chosen):
            continue
        pick = next((o for o in candidates if service in o.services), None)
        if pick is not None:
            chosen.append(pick)
    chosen += [o for o in candidates if o not in chosen]
    chosen = chosen[:limit]
    chosen.sort(key=lambda o: o.city != city)  # stable: the city's own first, order kept
    shown = tuple(chosen)
    return Nearby(city, shown, sum(1 for o in shown if o.city == city), len(matching))


def for_print(
    offices: Iterable[Office], services: Sequence[str], city: str | None, limit: int | None = None
) -> list[Office]:
    """What a printed checklist lists: with a city, the nearest offices plus every nationwide
    line and service (they serve the person wherever they go); without one, every matching
    office, those in a city by city name and nationwide ones last."""
    matching = matching_offices(offices, services)
    if not city:
        return sorted(matching, key=lambda o: (o.city == NATIONWIDE, o.city or "", o.name))
    near = nearest(matching, services, city, limit).offices
    return [*near, *(o for o in matching if o.city == NATIONWIDE and o not in near)]


def office_cities(offices: Iterable[Office]) -> list[str]:
    """The cities that have at least one office, sorted by name."""
    return sorted({o.city for o in offices if o.city and o.city != NATIONWIDE})
