"""Every scenario written beside the content runs as a test, and together they reach every
question and outcome."""

import datetime as dt

import pytest

from portal.rules import load_library
from portal.rules.scenarios import run_scenario, run_scenarios, unreached
from tests.conftest import CONTENT

TODAY = dt.date.today()
LIBRARY = load_library(CONTENT, today=TODAY)
CASES = [(flow, s) for flow in LIBRARY.flows.values() for s in flow.scenarios]


@pytest.mark.parametrize(("flow", "scenario"), CASES, ids=[f"{f.id}: {s.name}" for f, s in CASES])
def test_scenario(flow, scenario):
    result = run_scenario(flow, scenario, TODAY)
    assert result.passed, result.failures


@pytest.mark.parametrize("flow", LIBRARY.flows.values(), ids=list(LIBRARY.flows))
def test_scenarios_reach_every_question_and_outcome(flow):
    assert unreached(flow, run_scenarios(flow, TODAY)) == []


@pytest.mark.parametrize("flow", LIBRARY.flows.values(), ids=list(LIBRARY.flows))
def test_every_outcome_names_sources_and_no_is_never_a_dead_end(flow):
    for outcome in flow.outcomes.values():
        assert outcome.sources
        if outcome.kind in ("not_this_way", "indeterminate", "maybe", "urgent_protection"):
            assert outcome.next_steps, f"{outcome.id} must say what else exists"
            assert outcome.services, f"{outcome.id} must list who can help"


def test_shipped_content_is_a_draft_until_reviewed():
    assert {flow.review.status for flow in LIBRARY.flows.values()} == {"draft"}
