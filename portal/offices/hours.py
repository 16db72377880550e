"""Opening hours (portal/rules/hours.py) in the page's language: the locale's own day names,
lists and time ranges from CLDR via Babel, 12- or 24-hour as the locale writes times, and the
period's note through the content catalog. "Monday to Friday, 9:00 AM - 1:00 PM" in English
reads "lunes a viernes, 9:00-13:00" in Spanish and "دوشنبه تا جمعه، 9:00 تا 13:00" in Dari."""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale
from babel.dates import format_interval
from babel.lists import format_list
from flask_babel import force_locale, get_locale, gettext
from markupsafe import Markup, escape

from portal.formats import day_names
from portal.i18n import content_text
from portal.rules.model import Office, OpeningPeriod

RANGE_FROM = 3  # three or more days in a row read as "Monday to Wednesday"


def opening_hours(office: Office, locale: str | None = None) -> Markup:
    """The office's opening hours in `locale` (default: the page's), one period after another."""
    if not office.hours:
        return Markup("")
    if locale and locale != str(get_locale()):
        with force_locale(locale):
            return opening_hours(office)
    return Markup(" · ").join(_period(period) for period in office.hours)


def _period(period: OpeningPeriod) -> Markup:
    locale = str(get_locale())
    parts: list[str] = []
    if period.days:
        parts.append(_days(period.days, locale))
    if period.all_day:
        # TRANSLATORS: opening hours: open all day and all night
        parts.append(gettext("24 hours"))
    elif period.times:
        parts.append(_times(period.times, locale))
    if not period.days and (period.times or period.all_day):
        # TRANSLATORS: opening hours whose source gives the times but not the days of the week
        parts.append(gettext("days not stated"))
    if period.by_appointment:
        # TRANSLATORS: opening hours: the office only sees people who have an appointment
        parts.append(gettext("by appointment only"))
    if period.note:
        parts.append(content_text(period.note))
    return _separated([escape(part) for part in parts])


def _separated(pieces: list[Markup]) -> Markup:
    """Parts side by side, "Monday to Friday, 9:00-13:00": CLDR's list patterns put "and"
    between the last two (Arabic between every two), which reads wrongly here."""
    # TRANSLATORS: joins two parts of opening hours ("Monday to Friday", "9:00-13:00"):
    # use your language's comma
    pattern = escape(gettext("%(before)s, %(after)s"))
    joined = pieces[0] if pieces else Markup("")
    for piece in pieces[1:]:
        joined = pattern % {"before": joined, "after": piece}
    return joined


def _days(days: Sequence[int], locale: str) -> str:
    if len(days) == 7:
        # TRANSLATORS: opening hours: open on all seven days of the week
        return gettext("every day")
    names = day_names(locale)
    said = []
    for run in _runs(days):
        if len(run) >= RANGE_FROM:
            # TRANSLATORS: a range of days in opening hours, e.g. "Monday to Friday"
            said.append(gettext("%(first)s to %(last)s", first=names[run[0]], last=names[run[-1]]))
        else:
            said += [names[day] for day in run]
    return format_list(said, locale=locale)


def _runs(days: Sequence[int]) -> list[list[int]]:
    """Days in a row together: (0, 1, 2, 4) -> [[0, 1, 2], [4]]."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _times(ranges, locale: str) -> str:
    """Each opening range as the locale writes a time range, 12- or 24-hour as it prefers."""
    hour_cycle = "hm" if "h" in Locale.parse(locale).time_formats["short"].pattern else "Hm"
    spans = [format_interval(opens, closes, hour_cycle, locale=locale) for opens, closes in ranges]
    return format_list(spans, locale=locale)
