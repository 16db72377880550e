"""Opening hours as data: the days and times an office is open, read from an office's `hours:`
list and rendered in each language by portal/offices/hours.py (Babel's day names and time
formats), so no page shows English opening times.

    hours:
      - days: mon-fri            # a range, a list [mon, wed], or every_day; left out: not stated
        times: "09:00-13:00"     # or a list of ranges, or 24h; left out: not said
      - days: [wed, thu]
        by_appointment: true
        note: advice for returned Colombians   # a content string, translated like the rest
"""

from __future__ import annotations

import datetime as dt
import re

from portal.rules.errors import Reporter
from portal.rules.fields import Fields
from portal.rules.model import OpeningPeriod
from portal.rules.yamlload import NodeList

DAY_WORDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = "every_day"
ALL_DAY = "24h"
PERIOD_KEYS = {"days", "times", "by_appointment", "note"}
_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


def parse_hours(raw: NodeList, path: str, report: Reporter, what: str) -> tuple[OpeningPeriod, ...]:
    """An office's `hours:` list, each period checked with file:line errors."""
    periods = []
    for index, item in enumerate(raw):
        known = len(report.errors)
        f = Fields(item, path, report, f"{what}, hours item {index + 1}", PERIOD_KEYS,
                   raw.line_of(index))  # fmt: skip
        if not f.ok:
            continue
        days = _days(f)
        times, all_day = _times(f)
        by_appointment = bool(f.boolean("by_appointment"))
        note = f.text("note", required=False)
        if days is None or times is None or len(report.errors) > known:
            continue  # already reported: no knock-on "give at least" error
        if not (days or times or all_day or by_appointment or note):
            report.error(path, f.line, f"{f.what}: give at least days, times or a note")
            continue
        periods.append(OpeningPeriod(days, times, all_day, by_appointment, note))
    return tuple(periods)


def _days(f: Fields) -> tuple[int, ...] | None:
    """Weekday numbers (0 = Monday); () when the source does not say; None after an error."""
    value = f.raw.get("days")
    if value is None:
        return ()
    if value == EVERY_DAY:
        return tuple(range(7))
    if value in DAY_WORDS:
        return (DAY_WORDS.index(value),)
    if isinstance(value, str) and "-" in value:
        first, _, last = value.partition("-")
        if first in DAY_WORDS and last in DAY_WORDS:
            start, end = DAY_WORDS.index(first), DAY_WORDS.index(last)
            if start < end:
                return tuple(range(start, end + 1))
    elif isinstance(value, list) and value and all(d in DAY_WORDS for d in value):
        days = sorted({DAY_WORDS.index(d) for d in value})
        if len(days) == len(value):
            return tuple(days)
    message = (
        f"{f.what}: 'days' must be a range such as mon-fri, a list such as [wed, thu] with each "
        f"day once, or {EVERY_DAY}; days are {', '.join(DAY_WORDS)}"
    )
    f.report.error(f.path, f.line_of("days"), message)
    return None


def _times(f: Fields) -> tuple[tuple[tuple[dt.time, dt.time], ...] | None, bool]:
    """(opening ranges, open all day); ranges are () when the source does not say."""
    value = f.raw.get("times")
    if value is None:
        return (), False
    if value == ALL_DAY:
        return (), True
    ranges = []
    for text in value if isinstance(value, list) else [value]:
        span = _time_range(text)
        if span is None:
            message = (
                f"{f.what}: 'times' must be {ALL_DAY}, or a range such as \"09:00-13:00\" (24-hour "
                f"clock, opening before closing), or a list of them; not '{text}'"
            )
            f.report.error(f.path, f.line_of("times"), message)
            return None, False
        ranges.append(span)
    return tuple(ranges), False


def _time_range(text: object) -> tuple[dt.time, dt.time] | None:
    match = _TIME_RANGE.match(str(text).strip()) if isinstance(text, str) else None
    if not match:
        return None
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    opens, closes = dt.time(h1, m1), dt.time(h2, m2)
    return (opens, closes) if opens < closes else None
