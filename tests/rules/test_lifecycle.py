"""Programmes open and close: the engine decides how an outcome resting on one shows, and the
check demands evidence behind "likely" and the closed text of every programme outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.rules import ContentError, load_library
from portal.rules.engine import walk
from portal.rules.lifecycle import evidence_level, programme_state, shown
from tests.rules.helpers import PROGRAMME_FLOW, F, content_with

TODAY = dt.date(2026, 12, 2)


def library(tmp_path, text=PROGRAMME_FLOW, today=TODAY):
    return load_library(content_with(tmp_path, text), today=today)


def errors(tmp_path, text):
    try:
        library(tmp_path, text)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize(
    ("today", "state", "kind"),
    [
        (dt.date(2025, 12, 31), "upcoming", "maybe"),
        (dt.date(2026, 12, 2), "open", "likely"),
        (dt.date(2027, 2, 2), "unconfirmed", "maybe"),  # past check_by: not confirmed open
        (dt.date(2027, 4, 30), "unconfirmed", "maybe"),
        (dt.date(2027, 5, 1), "closed", "closed"),  # the day after it closes
    ],
)
def test_a_test_clock_moves_the_programme_through_its_life(tmp_path, today, state, kind):
    flow = library(tmp_path).flows["br/regularization"]
    outcome = walk(flow, {"apply": "yes"}, today).outcome
    assert programme_state(flow.programmes["window"], today) == state
    view = shown(flow, outcome, today)
    assert view.kind == kind
    if state == "closed":
        assert view.title == "The window closed" and view.services == ("legal_aid",)
        assert "Register online." not in view.next_steps
    else:
        assert view.title == "You can register" and view.services == ("residence",)


def test_a_closed_status_closes_it_whatever_the_dates(tmp_path):
    text = PROGRAMME_FLOW.replace("    status: open\n", "    status: closed\n").replace(
        '  - {name: open, today: 2026-12-02, answers: {apply: "yes"}, expect: register, shows: likely, says: [Register online]}\n',
        "",
    )
    flow = library(tmp_path, text).flows["br/regularization"]
    assert shown(flow, flow.outcomes["register"], TODAY).kind == "closed"


def test_scenarios_check_what_the_page_shows_and_says(tmp_path):
    text = PROGRAMME_FLOW.replace("shows: closed,", "shows: likely,").replace(
        "does_not_say: [Register online]", "does_not_say: [legal-aid]"
    )
    assert errors(tmp_path, text) == [
        f"{F}:50: scenario 'closed': expected the page to show 'likely', it shows 'closed'",
        f"{F}:50: scenario 'closed': the outcome should not say 'legal-aid'",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    sources: [law]\n    if_closed",
            "    sources: [news]\n    if_closed",
            [
                f"{F}:29: outcome 'register' says 'likely' but cites no verified law or official source"
            ],
        ),
        (
            "    if_closed:\n      title: The window closed\n      why: It took applications until 30 April 2027.\n      next_steps: [Ask a free legal-aid organisation what exists now.]\n      offices: [legal_aid]\n",
            "",
            [
                f"{F}:29: outcome 'register' rests on programme 'window': say what shows once it has closed ('if_closed')"
            ],
        ),
        (
            "    closes: 2027-04-30\n    status: open\n",
            "    status: closed\n",
            [f"{F}:12: programme 'window' is closed: say when ('closes')"],
        ),
        (
            "    check_by: 2027-02-01\n",
            "",
            [f"{F}:13: programme 'window': missing field 'check_by'"],
        ),
        (
            'quote: "Article 1."}',
            'quote: "' + "x" * 301 + '"}',
            [f"{F}:9: source 'law': quote is 301 characters; keep it ≤ 300"],
        ),
        (
            'kind: law, url: "https://example.org/law"',
            "kind: statute",
            [
                f"{F}:9: source 'law': 'kind' must be one of law, official, un_ngo, press, not 'statute'",
                f"{F}:9: source 'law': missing field 'url'",
                f"{F}:12: programme 'window' cites unknown source 'law'. Valid: news",
                f"{F}:37: outcome 'register' cites unknown source 'law'. Valid: news",
            ],
        ),
    ],
)
def test_evidence_and_programme_problems_name_file_and_line(tmp_path, old, new, expected):
    assert old in PROGRAMME_FLOW
    assert errors(tmp_path, PROGRAMME_FLOW.replace(old, new)) == expected


def test_evidence_level_is_the_strongest_verified_source(tmp_path):
    flow = library(tmp_path).flows["br/regularization"]
    assert evidence_level([flow.sources["law"], flow.sources["news"]]) == "official"
    assert evidence_level([flow.sources["news"]]) == "press"
    assert evidence_level([]) == "unsourced"


def test_a_programme_past_its_check_date_is_a_warning(tmp_path):
    lib = library(tmp_path, today=dt.date(2027, 3, 1))
    assert [str(p) for p in lib.problems] == [
        f"{F}:12: warning: programme 'window' had to be checked again by 2027-02-01: "
        "its outcomes now say it could not be confirmed open",
        # the scenario without a date of its own now runs on 2027-03-01
    ]


def test_flask_content_sources_reports_what_each_flow_rests_on(app, tmp_path):
    root = content_with(tmp_path, PROGRAMME_FLOW)
    app.config["CONTENT_DIR"] = str(root)
    result = app.test_cli_runner().invoke(
        args=["content", "sources", "br/regularization", "--today", "2027-05-01"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"br/regularization  ({F}, review: draft)",
        "  sources: 1 law, 0 official, 0 un_ngo, 1 press",
        "  oldest check: 2026-11-01",
        "  unverified: none",
        "  outcomes resting on press or unverified sources only: other (not_this_way)",
        "  likely outcomes without a law or official source: none",
        "  programme window: closed (opens 2026-01-01, closes 2027-04-30, check by 2027-02-01)",
    ]
    unknown = app.test_cli_runner().invoke(args=["content", "sources", "xx/nothing"])
    assert unknown.exit_code == 2


def test_a_source_checked_over_six_months_ago_is_a_warning(tmp_path):
    lib = library(tmp_path, today=dt.date(2027, 5, 5))
    assert f"{F}:9: warning: source 'law' was last checked on 2026-11-01, over 6 months ago" in [
        str(p) for p in lib.problems
    ]
