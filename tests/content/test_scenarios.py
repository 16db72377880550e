"""Every scenario written beside the content runs as a test, and together they reach every
question and outcome."""

import datetime as dt

import pytest

from portal.rules.scenarios import run_scenario, run_scenarios, unreached
from tests.helpers import library

TODAY = dt.date.today()
LIBRARY = library(TODAY)
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


PATHWAY_FLOWS = [f for f in LIBRARY.flows.values() if LIBRARY.pathways[f.pathway].kind == "pathway"]


def scenarios_answering(flow, question_id: str, value: str):
    return [s for s in flow.scenarios if s.answers.get(question_id) == value]


@pytest.mark.parametrize("flow", PATHWAY_FLOWS, ids=[f.id for f in PATHWAY_FLOWS])
def test_a_lone_child_reaches_child_protection_in_every_flow_that_knows_an_age(flow):
    knows_age = any(fact.kind == "years_since" for fact in flow.facts.values())
    if not knows_age and "unaccompanied_child" not in flow.safeguards:
        pytest.skip(f"{flow.id} asks nothing about age or children")
    safeguard = flow.safeguards["unaccompanied_child"]
    proving = scenarios_answering(flow, safeguard.question, "yes")
    assert proving, f"no scenario of {flow.id} answers '{safeguard.question}' with yes"
    for scenario in proving:
        assert scenario.expect == safeguard.outcome
        assert run_scenario(flow, scenario, TODAY).passed
    assert LIBRARY.offices_for(flow.country, flow.outcomes[safeguard.outcome].services)


@pytest.mark.parametrize("flow", LIBRARY.flows.values(), ids=list(LIBRARY.flows))
def test_declining_a_sensitive_question_leads_to_talk_to_someone(flow):
    sensitive = [q for q in flow.questions.values() if q.sensitive]
    if not sensitive:
        pytest.skip(f"{flow.id} asks nothing sensitive")
    declined = flow.safeguards["declined"].outcome
    assert flow.outcomes[declined].kind == "indeterminate"
    proving = [s for q in sensitive for s in scenarios_answering(flow, q.id, "prefer_not")]
    assert proving, f"no scenario of {flow.id} declines a sensitive question"
    assert {s.expect for s in proving} == {declined}


@pytest.mark.parametrize("flow", LIBRARY.flows.values(), ids=list(LIBRARY.flows))
def test_likely_answers_rest_on_a_law_or_an_official_source(flow):
    for outcome in flow.outcomes.values():
        if outcome.kind == "likely":
            assert any(flow.sources[s].authoritative for s in outcome.sources), outcome.id
    for source in flow.sources.values():
        assert source.checked_on is not None and source.kind
        assert source.verified == bool(source.url and source.quote) or not source.verified
