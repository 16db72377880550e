import datetime as dt

import pytest

from portal.rules.conditions import evaluate, months_between, parse_condition, years_between
from portal.rules.errors import Reporter
from portal.rules.model import Fact

TODAY = dt.date(2026, 11, 28)
FACTS = {
    "age": Fact("age", "years_since", "born"),
    "months_here": Fact("m", "months_since", "arrived"),
}


def cond(raw, current="q"):
    report = Reporter()
    parsed = parse_condition(raw, "f.yaml", 1, current, report)
    assert not report.problems, report.problems
    return parsed


@pytest.mark.parametrize(
    ("raw", "answers", "expected"),
    [
        ({"eq": "VE"}, {"q": "VE"}, True),
        ({"eq": "VE"}, {"q": "CO"}, False),
        ({"eq": "VE"}, {}, False),
        ({"in": ["a", "b"]}, {"q": "b"}, True),
        ({"answer": "other", "eq": True}, {"other": "yes"}, True),
        ({"answer": "m", "includes": "x"}, {"m": ["x", "y"]}, True),
        ({"answer": "m", "includes": "z"}, {"m": ["x", "y"]}, False),
        ({"answer": "d", "before": dt.date(2021, 1, 31)}, {"d": "2021-01-30"}, True),
        ({"answer": "d", "before": dt.date(2021, 1, 31)}, {"d": "2021-01-31"}, False),
        ({"answer": "d", "after": dt.date(2021, 1, 31)}, {"d": "2021-02"}, True),
        ({"answer": "n", "ge": 3}, {"n": 3}, True),
        ({"answer": "n", "lt": 3}, {"n": 3}, False),
        ({"fact": "age", "lt": 9}, {"born": "2018-11-29"}, True),
        ({"fact": "age", "lt": 9}, {"born": "2017-11-28"}, False),
        ({"fact": "months_here", "ge": 24}, {"arrived": "2024-11"}, True),
        ({"not": {"eq": "VE"}}, {"q": "CO"}, True),
        ({"all": [{"eq": "VE"}, {"answer": "n", "gt": 1}]}, {"q": "VE", "n": 2}, True),
        ({"any": [{"eq": "VE"}, {"answer": "n", "gt": 1}]}, {"q": "CO", "n": 0}, False),
        ({"answered": "n"}, {"n": 0}, True),
    ],
)
def test_evaluate(raw, answers, expected):
    assert evaluate(cond(raw), answers, FACTS, TODAY) is expected


def test_age_counts_whole_years_on_the_birthday():
    assert years_between(dt.date(2000, 11, 28), TODAY) == 26
    assert years_between(dt.date(2000, 11, 29), TODAY) == 25
    assert months_between(dt.date(2026, 10, 29), TODAY) == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("VE", "f.yaml:1: a condition must be a mapping such as {eq: value}"),
        ({"equals": "VE"}, "f.yaml:1: unknown condition word 'equals'"),
        (
            {"eq": "VE", "in": ["VE"]},
            "f.yaml:1: a condition needs exactly one of: eq, in, includes, before, after, lt, le, gt, ge",
        ),
        ({"in": "VE"}, "f.yaml:1: 'in' needs a list of values"),
        ({"before": "yesterday"}, "f.yaml:1: 'before' needs a date written as YYYY-MM-DD"),
        ({"lt": "nine"}, "f.yaml:1: 'lt' needs a number"),
        ({"all": []}, "f.yaml:1: 'all' needs a non-empty list of conditions"),
        (
            {"not": {"eq": 1}, "eq": 2},
            "f.yaml:1: 'not', 'all' and 'any' must stand alone in a condition",
        ),
    ],
)
def test_bad_conditions_are_reported(raw, message):
    report = Reporter()
    assert parse_condition(raw, "f.yaml", 1, "q", report) is None
    assert [str(p) for p in report.problems] == [message]


def test_a_condition_without_a_current_question_must_name_its_answer():
    report = Reporter()
    parse_condition({"eq": "x"}, "f.yaml", 7, None, report)
    assert [str(p) for p in report.problems] == [
        "f.yaml:7: this condition must say which answer it tests ('answer: id')"
    ]
