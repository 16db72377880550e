"""Broken content files produce exact file:line messages, and `flask content check` fails."""

from __future__ import annotations

import re

import pytest

from portal.rules import load_library
from tests.rules.helpers import TODAY, VALID, F, content_with, problems


def test_the_valid_flow_loads(tmp_path):
    library = load_library(content_with(tmp_path, VALID), today=TODAY)
    assert list(library.flows) == ["br/regularization"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - {go: no}\n",
            "      - {go: nowhere}\n",
            [
                f"{F}:20: 'nationality' goes to unknown 'nowhere'. Valid: alone, born, child, kids, nationality, no, yes"
            ],
        ),
        (
            "      - {go: no}\n",
            "      - {if: {eq: CO}, go: no}\n",
            [f"{F}:15: question 'nationality' can end nowhere: its last rule needs no 'if'"],
        ),
        (
            "    next:\n      - {go: yes}\noutcomes",
            "    next:\n      - {go: nationality}\noutcomes",
            [f"{F}:15: cycle: nationality -> born -> alone -> kids -> nationality"],
        ),
        (
            "{if: {eq: VE}, go: born}",
            "{if: {eq: VE}, go: no}",
            [
                f"{F}:21: 'born' cannot be reached from 'nationality'",
                f"{F}:27: 'alone' cannot be reached from 'nationality'",
                f"{F}:32: 'kids' cannot be reached from 'nationality'",
                f"{F}:41: 'yes' cannot be reached from 'nationality'",
                f"{F}:55: 'child' cannot be reached from 'nationality'",
            ],
        ),
        (
            "{if: {eq: VE}, go: born}",
            "{if: {answer: kids, eq: one}, go: born}",
            [f"{F}:19: answer 'kids' is used before it is asked on every path"],
        ),
        (
            "{if: {eq: VE}, go: born}",
            "{if: {eq: XX}, go: born}",
            [f"{F}:19: 'XX' is not a country code (ISO 3166 alpha-2)"],
        ),
        (
            "        if: {answer: kids, eq: two}",
            "        if: {answer: kids, eq: three}",
            [f"{F}:47: 'kids' has no option 'three'. Valid: one, two"],
        ),
        (
            "        if: {answer: kids, eq: two}",
            "        if: {answer: kids, before: 2020-01-01}",
            [f"{F}:47: 'before' cannot test choice question 'kids'"],
        ),
        ("{fact: age, lt: 18}", "{fact: height, lt: 18}", [f"{F}:25: unknown fact 'height'"]),
        (
            "  age: {years_since: born}",
            "  age: {years_since: kids}",
            [
                f"{F}:13: fact 'age' must use a date question, not 'kids'",
                f"{F}:25: answer 'kids' is used before it is asked on every path",
            ],
        ),
        (
            "    sources: [law]\n  no:",
            "    sources: [lawbook]\n  no:",
            [
                # on the line of `sources:` itself, and no knock-on "cites no verified law"
                f"{F}:49: outcome 'yes' cites unknown source 'lawbook'. Did you mean 'law'? Valid: law",
            ],
        ),
        (
            "    offices: [residence]",
            "    offices: [teleportation]",
            [f"{F}:48: no office in BR offers service 'teleportation'"],
        ),
        (
            "    type: date",
            "    type: calendar",
            # the question with the error is named once; no knock-on errors where it is used
            [
                f"{F}:22: question 'born': 'type' must be one of choice, yes_no, multi, date, month_year, number, country, not 'calendar'",
            ],
        ),
        (
            "    text: Born when?",
            "    text: Born when?\n    colour: blue",
            [f"{F}:24: question 'born': unknown field 'colour'"],
        ),
        (
            "    kind: likely",
            "    kind: great",
            [
                f"{F}:42: outcome 'yes': 'kind' must be one of likely, maybe, not_this_way, urgent_protection, indeterminate, suggestions, not 'great'",
            ],
        ),
        (
            "flow: br/regularization",
            "flow: co/regularization",
            [
                f"{F}:1: 'flow: co/regularization' does not match the file's place (br/regularization)"
            ],
        ),
        (
            "expect: no}",
            "expect: yes}",
            [f"{F}:64: scenario 'other': expected outcome 'yes', got 'no'"],
        ),
        (
            "checklist_includes: [Kid papers]",
            "checklist_includes: [Passport]",
            [f"{F}:62: scenario 'child': checklist lacks 'Passport'"],
        ),
        (
            "  - {name: other, answers: {nationality: CO}, expect: no}\n",
            "",
            [f"{F}:50: no scenario reaches 'no'"],
        ),
        ("title: A test flow", "title: [A, test]", [f"{F}:2: flow file: 'title' must be text"]),
        (
            "  kids:\n    type: choice",
            "  kids:\n    type: choice\n  kids:\n    type: choice",
            [f"{F}:34: YAML syntax: duplicate key 'kids'"],
        ),
        (
            "title: A test flow",
            "title: A: test",
            [
                f"{F}:2: YAML syntax: a ':' where YAML expected none: put text containing ': ' in "
                "quotes, or check the indentation on this line or the one above (the parser says: "
                "mapping values are not allowed in this context)"
            ],
        ),
    ],
)
def test_broken_flow_is_reported_with_file_and_line(tmp_path, old, new, expected):
    assert old in VALID
    assert problems(tmp_path, VALID.replace(old, new)) == expected


def test_expired_and_stale_content_is_a_warning(tmp_path):
    flow = VALID.replace(
        "    sources: [law]\n  no:", "    sources: [law]\n    valid_until: 2024-12-31\n  no:"
    )
    flow = flow.replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-01")
    library = load_library(content_with(tmp_path, flow), today=TODAY)
    assert [str(p) for p in library.problems] == [
        f"{F}:1: warning: br/regularization was last reviewed on 2025-01-01, over 12 months ago",
        f"{F}:41: warning: outcome 'yes' rests on a rule that expired on 2024-12-31",
    ]


def test_flask_content_check_exits_non_zero_on_errors(app, tmp_path):
    root = content_with(tmp_path, VALID.replace("      - {go: no}\n", "      - {go: nowhere}\n"))
    result = app.test_cli_runner().invoke(
        args=["content", "check", "--dir", str(root), "--today", "2026-11-28"]
    )
    assert result.exit_code == 1
    assert (
        f"{F}:20: 'nationality' goes to unknown 'nowhere'. Valid: alone, born, child, kids, nationality, no, yes"
        in result.output
    )
    assert "1 error(s) in content." in result.output


def test_flask_content_check_passes_on_the_shipped_content(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^OK: \d+ flows, \d+ offices, \d+ scenarios passed", result.output, re.M)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("born: 1990-01-01", "born: 1990-13-01",
         f"{F}:61: YAML syntax: '1990-13-01' is not a real date (month must be in 1..12)"),
        ("born: 1990-01-01", "born: yesterday",
         f"{F}:61: scenario 'adult': answer to 'born': 'yesterday' is not a real date (YYYY-MM-DD)"),
        ("answers: {nationality: CO}", "answers: {nationality: CO, kidz: one}",
         f"{F}:64: scenario 'other': answers unknown question 'kidz'. Did you mean 'kids'? "
         "Valid: alone, born, kids, nationality"),
        ("kids: two}", "kids: three}",
         f"{F}:62: scenario 'child': answer to 'kids': 'three' is not one of its options. "
         "Valid: one, two"),
        ("nationality: CO}", "nationality: Colombia}",
         f"{F}:64: scenario 'other': answer to 'nationality': 'Colombia' is not a country code "
         "such as VE"),
        ("    text: Born when?", "\ttext: Born when?",
         f"{F}:23: YAML syntax: a tab: indent with spaces only (the parser says: found a tab "
         "character that violates indentation)"),
    ],
)  # fmt: skip
def test_scenario_answers_and_dates_are_checked_alone_without_knock_on_errors(
    tmp_path, old, new, expected
):
    assert old in VALID
    assert problems(tmp_path, VALID.replace(old, new)) == [expected]
