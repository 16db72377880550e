"""Opening hours as data (portal/rules/hours.py): days, times, "by appointment" and a note,
with file:line errors for anything else. Plain Python, no Flask."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.rules.errors import Reporter
from portal.rules.hours import parse_hours
from portal.rules.yamlload import load_yaml


def parsed(tmp_path, text: str):
    path = tmp_path / "hours.yaml"
    path.write_text("hours:\n" + text)
    report = Reporter()
    raw = load_yaml(path)["hours"]
    return parse_hours(raw, "offices/xx.yaml", report, "office 'x'"), report


def test_days_times_appointment_and_note_are_read(tmp_path):
    text = (
        '  - {days: mon-fri, times: ["08:00-12:00", "14:00-17:30"]}\n'
        "  - days: [sat]\n"
        "    by_appointment: true\n"
        "    note: for people who come to start a claim\n"
        "  - {days: every_day, times: 24h}\n"
        '  - {times: "7:00-15:00"}\n'
    )
    (week, saturday, always, undated), report = parsed(tmp_path, text)
    assert report.problems == []
    assert week.days == (0, 1, 2, 3, 4)
    assert week.times == ((dt.time(8), dt.time(12)), (dt.time(14), dt.time(17, 30)))
    assert saturday.days == (5,) and saturday.by_appointment and saturday.times == ()
    assert saturday.note == "for people who come to start a claim"
    assert always.days == tuple(range(7)) and always.all_day and always.times == ()
    assert undated.days == () and undated.times == ((dt.time(7), dt.time(15)),)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("{days: monday-friday}", "'days' must be a range such as mon-fri"),
        ("{days: fri-mon}", "'days' must be a range such as mon-fri"),
        ("{days: [mon, mon]}", "with each day once"),
        ('{days: mon-fri, times: "9-13"}', "'times' must be 24h, or a range"),
        ('{times: "13:00-09:00"}', "opening before closing"),
        ('{times: "08:00-25:00"}', "'times' must be 24h"),
        ("{days: mon-fri, opens: 9}", "unknown field 'opens'"),
        ("{by_appointment: yes please}", "'by_appointment' must be true or false"),
        ("{}", "give at least days, times or a note"),
    ],
)
def test_bad_hours_are_reported_with_file_and_line(tmp_path, item, expected):
    periods, report = parsed(tmp_path, f"  - {{days: mon}}\n  - {item}\n")
    assert len(report.errors) == 1, report.problems
    problem = report.errors[0]
    assert (problem.path, problem.line) == ("offices/xx.yaml", 3)
    assert expected in problem.message and "office 'x', hours item 2" in problem.message
    assert len(periods) == 1  # the good period is kept


def test_hours_written_as_free_text_are_refused(tmp_path):
    path = tmp_path / "hours.yaml"
    path.write_text("hours: Monday to Friday, 9:00-13:00\n")
    from portal.rules.fields import Fields

    report = Reporter()
    f = Fields(load_yaml(path), "offices/xx.yaml", report, "office 'x'", {"hours"})
    assert parse_hours(f.items("hours"), "offices/xx.yaml", report, "office 'x'") == ()
    assert [p.message for p in report.errors] == ["office 'x': 'hours' must be a list"]
