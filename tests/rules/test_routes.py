"""Where each answer leads on the blank checklist: worked out from the flow's rules and
safeguards, and honest where other answers decide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.rules.errors import Reporter
from portal.rules.flowfile import parse_flow
from portal.rules.model import Flow
from portal.rules.routes import Branch, question_order, routes
from portal.rules.yamlload import load_yaml
from tests.helpers import library

LIBRARY = library(dt.date(2026, 11, 28))


def by_id(flow: Flow) -> dict[str, tuple[int, tuple[Branch, ...]]]:
    return {r.question.id: (r.number, r.branches) for r in routes(flow)}


def test_brazil_regularization_numbers_questions_and_says_where_each_answer_leads():
    found = by_id(LIBRARY.flow("BR", "regularization"))
    assert [found[q][0] for q in ("nationality", "birth_date", "has_id", "can_pay")] == [1, 2, 4, 9]
    # A country question: the countries its rules name, "I prefer not to say" (the declined
    # safeguard), and every other country.
    assert found["nationality"][1] == (
        Branch(("VE", "GY", "SR"), ("birth_date",)),
        Branch(("AR", "BO", "CO", "PY", "PE", "UY"), ("other_neighbour",)),
        Branch(("prefer_not",), ("talk_to_someone",)),
        Branch((), ("not_neighbour",)),
    )
    # An age decides: both places are given, never a guess.
    assert found["birth_date"][1] == (Branch((), ("child_alone", "has_id")),)
    # The lone-child safeguard sends "yes" to child protection, whatever the rules say.
    assert found["child_alone"][1] == (
        Branch(("yes",), ("child_protection",)),
        Branch(("no",), ("has_id",)),
        Branch(("prefer_not",), ("talk_to_someone",)),
    )
    # "No, neither" depends on the age too; the other answers do not.
    assert found["has_id"][1] == (
        Branch(("valid", "expired"), ("parents_named",)),
        Branch(("none",), ("age_on_entry", "no_document")),
    )
    assert found["parents_named"][1] == (Branch((), ("criminal_record", "can_pay")),)
    assert found["can_pay"][1] == (Branch((), ("likely",)),)
    assert Branch((), ("a", "b")).depends and not Branch(("x",), ("a",)).depends


def test_every_flow_has_a_place_for_every_answer():
    for flow in LIBRARY.flows.values():
        numbered = routes(flow)
        assert [r.number for r in numbered] == list(range(1, len(flow.questions) + 1))
        position = {r.question.id: r.number for r in numbered}
        for route in numbered:
            for branch in route.branches:
                assert branch.leads, (flow.id, route.question.id)
                for node in branch.leads:
                    assert flow.node(node) is not None
                    # Questions only ever send people forward on paper.
                    assert position.get(node, 99) > route.number, (flow.id, node)


FLOW = """\
flow: br/regularization
title: T
summary: S.
checks: [C.]
minutes: 1
last_reviewed: 2026-11-01
review: {status: draft}
sources:
  s: {title: S, kind: official, url: "https://example.org", checked_on: 2026-11-01, lang: en, quote: "q"}
start: needs
questions:
  count:
    type: number
    text: How many?
    next:
      - {if: {lt: 3}, go: small}
      - {go: big}
  needs:
    type: multi
    text: What do you need?
    options:
      - {value: papers, label: Papers}
      - {value: family, label: Family}
      - {value: other, label: Other}
    next:
      - {if: {answer: needs, includes: papers}, go: count}
      - {if: {includes: family}, go: family}
      - {go: big}
  family:
    type: choice
    text: Who?
    options:
      - {value: child, label: Child}
      - {value: spouse, label: Spouse}
    next:
      - {if: {any: [{eq: child}, {answered: count}]}, go: small}
      - {if: {not: {eq: child}}, go: count}
      - {go: big}
outcomes:
  small: {kind: maybe, title: Small, why: W., sources: [s]}
  big: {kind: maybe, title: Big, why: W., sources: [s]}
"""


@pytest.fixture
def made_up(tmp_path: Path) -> Flow:
    path = tmp_path / "flow.yaml"
    path.write_text(FLOW)
    flow = parse_flow(load_yaml(path), "flow.yaml", Reporter())
    assert flow is not None
    return flow


def test_the_order_keeps_the_file_where_it_can_and_always_leads_forward(made_up):
    # "count" comes first in the file but is asked after "needs" and "family".
    assert question_order(made_up) == ["needs", "family", "count"]


def test_ticked_boxes_and_numbers_decide_only_what_they_can(made_up):
    found = by_id(made_up)
    assert found["needs"][1] == (
        Branch(("papers",), ("count",)),
        # Ticking "Family" leads on to "family" only if "Papers" is not ticked as well.
        Branch(("family",), ("count", "family")),
        Branch(("other",), ("count", "family", "big")),
    )
    # A number's value decides, but the paper cannot know it: both places are given.
    assert found["count"][1] == (Branch((), ("small", "big")),)
    # any/not/answered: "child" decides alone; "spouse" is decided by the second rule.
    assert found["family"][1] == (
        Branch(("child",), ("small",)),
        Branch(("spouse",), ("small", "count")),
    )
