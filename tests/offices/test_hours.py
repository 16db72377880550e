"""Opening hours in each language (portal/offices/hours.py): the locale's day names and time
formats from CLDR, 12- or 24-hour as the locale writes times, the note through the content
catalog — and no English words on a page in another language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask_babel import force_locale

from portal.formats import day_names
from portal.i18n import LOCALES
from portal.offices.hours import opening_hours
from portal.rules.languages import required_strings
from portal.rules.model import OpeningPeriod
from tests.helpers import LIBRARY

WEEKDAYS = OpeningPeriod((0, 1, 2, 3, 4), ((dt.time(9), dt.time(13)),), False, False, None)
ALWAYS = OpeningPeriod(tuple(range(7)), (), True, False, None)
SPLIT = OpeningPeriod((0, 2, 4), ((dt.time(8), dt.time(12)), (dt.time(14), dt.time(17, 30))),
                      False, True, None)  # fmt: skip
ENGLISH_WORDS = re.compile(r"\b(?:Monday|Friday|to|every day|hours|by appointment)\b")


def office_with(*periods: OpeningPeriod):
    office = LIBRARY.offices["mx_inm_cdmx"]
    return office.__class__(**{**office.__dict__, "hours": periods})


def shown(app, locale: str, *periods: OpeningPeriod) -> str:
    with app.test_request_context("/"), force_locale(locale):
        text = opening_hours(office_with(*periods)).striptags()
    text = re.sub(r"[\u202f\u2009\u00a0\u200f]", " ", text)
    return re.sub(r"(\d) ?– ?(\d)", r"\1–\2", text)  # CLDR's spacing of a range varies by release


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Monday to Friday, 9:00 AM – 1:00 PM"),  # AM/PM: no digit next to the dash
        ("es", "lunes a viernes, 9:00–13:00"),
        ("pt_BR", "segunda-feira a sexta-feira, 09:00–13:00"),
        ("fr", "du lundi au vendredi, 09:00–13:00"),
        ("fa_AF", "دوشنبه تا جمعه، 9:00 تا 13:00"),
        ("ht", "soti lendi rive vandredi, 09:00–13:00"),
    ],
)
def test_weekdays_and_times_read_as_the_locale_writes_them(app, locale, expected):
    assert shown(app, locale, WEEKDAYS) == expected


def test_days_apart_appointments_and_split_times(app):
    assert shown(app, "en", SPLIT) == (
        "Monday, Wednesday, and Friday, 8:00 AM – 12:00 PM and 2:00–5:30 PM, by appointment only"
    )
    assert shown(app, "es", SPLIT) == (
        "lunes, miércoles y viernes, 8:00–12:00 y 14:00–17:30, solo con cita previa"
    )
    assert shown(app, "en", ALWAYS) == "every day, 24 hours"


@pytest.mark.parametrize("locale", [code for code in LOCALES.values() if code != "en"])
def test_no_english_in_any_other_language(app, locale):
    with app.app_context():
        names = day_names(locale)  # ht: the sourced Creole names (content/names/ht.yaml)
    for periods in [(WEEKDAYS,), (ALWAYS,), (SPLIT,)]:
        text = shown(app, locale, *periods)
        assert not ENGLISH_WORDS.search(text), (locale, text)
    assert names[0] in shown(app, locale, WEEKDAYS)


def test_every_office_with_hours_shows_them_in_every_language_it_requires(app):
    offices = [o for o in LIBRARY.offices.values() if o.hours]
    assert len(offices) >= 5
    for locale in LOCALES.values():
        required = set(required_strings(LIBRARY, locale))
        for office in offices:
            with app.test_request_context("/"), force_locale(locale):
                text = opening_hours(office)
            assert text.striptags(), (locale, office.id)
            notes = {p.note for p in office.hours if p.note}
            if locale == "en" or notes <= required:
                assert "pending" not in text, (locale, office.id)
