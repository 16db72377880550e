"""Offices and organisations, one file per host country: content/offices/<cc>.yaml.

Every address, phone number and opening time must come from the named source. Where none could
be sourced the office gives a `locator_url` (the official office finder) instead.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from portal.rules.errors import Reporter
from portal.rules.fields import Fields
from portal.rules.model import Office, Where

if TYPE_CHECKING:
    from portal.rules.library import ContentLibrary

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


def load_offices(library: ContentLibrary, report: Reporter, today: dt.date) -> None:
    from portal.rules.library import read_content

    for path in sorted((library.root / "offices").glob("*.yaml")):
        name, raw = read_content(library.root, path, report)
        country = path.stem.upper()
        if country not in library.countries:
            report.error(name, 1, f"'{path.stem}' is not a country in countries.yaml")
            continue
        for oid, oraw in (raw or {}).items():
            if oid in library.offices:
                report.error(name, raw.line_of(oid), f"office id '{oid}' is used twice")
                continue
            office = _office(oid, oraw, raw.line_of(oid), name, country, report, today)
            if office:
                library.offices[oid] = office


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
        hours=f.text("hours", required=False),
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
