"""Sums over the statistics counters for a set of filters. Returns plain numbers; suppression
and labels are applied by the tables built from them."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from portal.extensions import db
from portal.models import FlowCount, ProfileCount
from portal.stats.counters import STAFF_TEST


@dataclass(frozen=True)
class Filters:
    """A period of whole months (so that two periods never differ by a single day) and optional
    country, pathway, language, channel and municipality. Without a channel, every channel but
    "staff_test" (editors trying flows are not people)."""

    first: dt.date  # the 1st of the first month
    last: dt.date  # the 1st of the last month, inclusive
    country: str | None = None
    pathway: str | None = None
    locale: str | None = None
    channel: str | None = None
    municipality: str | None = None

    @property
    def end(self) -> dt.date:
        return self.last.replace(day=calendar.monthrange(self.last.year, self.last.month)[1])

    @property
    def by_day(self) -> bool:
        """A single month is shown day by day; longer periods month by month."""
        return self.first == self.last


def _flow_query(filters: Filters, *columns) -> Select:
    query = select(*columns, func.sum(FlowCount.count)).where(
        FlowCount.day >= filters.first, FlowCount.day <= filters.end
    )
    for column, value in (
        (FlowCount.country, filters.country),
        (FlowCount.pathway, filters.pathway),
        (FlowCount.locale, filters.locale),
        (FlowCount.channel, filters.channel),
        (FlowCount.municipality, filters.municipality),
    ):
        if value:
            query = query.where(column == value)
    if not filters.channel:
        query = query.where(FlowCount.channel != STAFF_TEST)
    return query.group_by(*columns)


def event_totals(filters: Filters, event: str, *columns) -> dict[tuple, int]:
    """{(values of columns…): count} for one event, e.g. started by (country, pathway)."""
    query = _flow_query(filters, *columns).where(FlowCount.event == event)
    rows = db.session.execute(query)
    return {tuple(row[:-1]): int(row[-1]) for row in rows if row[-1] is not None}


def total(filters: Filters, event: str) -> int:
    return sum(event_totals(filters, event).values())


def per_period(filters: Filters, event: str) -> dict[dt.date, int]:
    """Counts per day (one-month period) or per month (the 1st of each month)."""
    sums: dict[dt.date, int] = defaultdict(int)
    for (day,), count in event_totals(filters, event, FlowCount.day).items():
        sums[day if filters.by_day else day.replace(day=1)] += count
    return dict(sums)


def funnel(filters: Filters) -> dict[tuple[str, str], dict[tuple[str, str], int]]:
    """{(country, pathway): {(event, detail): count}} for the drop-off funnel of each flow."""
    query = _flow_query(
        filters, FlowCount.country, FlowCount.pathway, FlowCount.event, FlowCount.detail
    )
    flows: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for country, pathway, event, detail, count in db.session.execute(query):
        flows[(country, pathway)][(event, detail)] = int(count)
    return dict(flows)


def profile(filters: Filters, dimension: str) -> dict[str, int]:
    """Counts of one profile answer by value (language and channel are never recorded here)."""
    query = (
        select(ProfileCount.value, func.sum(ProfileCount.count))
        .where(
            ProfileCount.dimension == dimension,
            ProfileCount.month >= filters.first,
            ProfileCount.month <= filters.last,
        )
        .group_by(ProfileCount.value)
    )
    if filters.country:
        query = query.where(ProfileCount.country == filters.country)
    if filters.pathway:
        query = query.where(ProfileCount.pathway == filters.pathway)
    return {value: int(count) for value, count in db.session.execute(query)}


def municipalities() -> set[str]:
    """Every municipality a counter holds (for the filter's choices)."""
    return set(db.session.scalars(select(FlowCount.municipality).distinct()))


def first_month() -> dt.date | None:
    """The month of the oldest counter, for the period choices."""
    oldest = db.session.scalar(select(func.min(FlowCount.day)))
    return oldest.replace(day=1) if oldest else None
