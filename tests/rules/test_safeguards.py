"""Safeguards are enforced by the engine and demanded by the check, whatever the rules say."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from portal.rules import ContentError, load_library
from portal.rules.engine import walk
from tests.helpers import CONTENT

TODAY = dt.date(2026, 11, 28)
F = "content/flows/br/voluntary_return.yaml"

RETURN_FLOW = """\
flow: br/voluntary_return
title: Return
summary: Return help.
checks: [Return.]
minutes: 2
last_reviewed: 2026-11-01
review: {status: draft}
sources:
  iom: {title: IOM framework, kind: official, url: "https://example.org/iom", checked_on: 2026-11-01, lang: en, quote: "Return is voluntary."}
safeguards:
  fear_of_return: {question: fear, outcome: protection}
  unaccompanied_child: {question: alone, outcome: child_protection}
  declined: {outcome: talk}
start: alone
questions:
  alone:
    type: yes_no
    text: Are you under 18 and alone?
    next:
      - {go: fear}
  fear:
    type: yes_no
    extra: [prefer_not]
    text: Do you fear harm if you go back?
    next:
      # A careless rule: even if it said "yes -> return_help", the safeguard wins.
      - {go: return_help}
outcomes:
  return_help: {kind: likely, title: Return help, why: You chose freely., sources: [iom],
                checklist: [Your passport.]}
  protection: {kind: urgent_protection, title: Protection, why: You fear harm., next_steps: [Ask for asylum.],
               offices: [asylum], sources: [iom]}
  child_protection: {kind: urgent_protection, title: Child protection, why: You are a child alone.,
                     next_steps: [Call for help.], offices: [legal_aid], sources: [iom]}
  talk: {kind: indeterminate, title: Talk to someone, why: We cannot tell., next_steps: [Talk.],
         offices: [legal_aid], sources: [iom]}
scenarios:
  - {name: free choice, answers: {alone: "no", fear: "no"}, expect: return_help}
  - {name: fear, answers: {alone: "no", fear: "yes"}, expect: protection}
  - {name: child alone, answers: {alone: "yes"}, expect: child_protection}
  - {name: declined, answers: {alone: "no", fear: prefer_not}, expect: talk}
"""


def load(tmp_path: Path, text: str):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    shutil.rmtree(root / "flows")
    (root / "flows" / "br").mkdir(parents=True)
    (root / "flows" / "br" / "voluntary_return.yaml").write_text(text)
    return load_library(root, today=TODAY)


def problems(tmp_path: Path, text: str) -> list[str]:
    try:
        load(tmp_path, text)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"alone": "no", "fear": "yes"}, "protection"),
        ({"alone": "yes", "fear": "no"}, "child_protection"),
        ({"alone": "no", "fear": "prefer_not"}, "talk"),
        ({"alone": "no", "fear": "no"}, "return_help"),
    ],
)
def test_the_engine_applies_safeguards_before_the_rules(tmp_path, answers, outcome):
    flow = load(tmp_path, RETURN_FLOW).flow("BR", "voluntary_return")
    assert walk(flow, answers, TODAY).outcome.id == outcome


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  fear_of_return: {question: fear, outcome: protection}\n",
            "",
            [
                f"{F}:13: voluntary_return flows must declare the 'fear_of_return' safeguard",
                f"{F}:30: 'protection' cannot be reached from 'alone'",
            ],
        ),
        (
            "  unaccompanied_child: {question: alone, outcome: child_protection}\n",
            "",
            [
                f"{F}:13: voluntary_return flows must declare the 'unaccompanied_child' safeguard",
                f"{F}:32: 'child_protection' cannot be reached from 'alone'",
            ],
        ),
        (
            "  declined: {outcome: talk}\n",
            "",
            [
                f"{F}:20: 'fear' offers 'prefer not to say': declare the 'declined' safeguard",
                f"{F}:34: 'talk' cannot be reached from 'alone'",
            ],
        ),
        (
            "    next:\n      - {go: fear}\n",
            '    next:\n      - {if: {eq: "no"}, go: return_help}\n      - {go: fear}\n',
            [
                f"{F}:30: outcome 'return_help' can be reached without asking 'fear' (fear_of_return safeguard)"
            ],
        ),
        (
            "{question: fear, outcome: protection}",
            "{question: fear, outcome: talk}",
            [
                f"{F}:11: safeguard 'fear_of_return' must lead to an outcome of kind 'urgent_protection', not 'indeterminate'",
                f"{F}:31: 'protection' cannot be reached from 'alone'",
            ],
        ),
        (
            "{question: alone, outcome: child_protection}",
            "{question: alone, outcome: nowhere}",
            [
                f"{F}:12: safeguard 'unaccompanied_child' goes to unknown outcome 'nowhere'. Valid: child_protection, protection, return_help, talk",
                f"{F}:33: 'child_protection' cannot be reached from 'alone'",
            ],
        ),
        (
            "  declined: {outcome: talk}\n",
            "  declined: {outcome: talk}\n  lost_passport: {outcome: talk}\n",
            [
                f"{F}:14: unknown safeguard 'lost_passport' (fear_of_return, unaccompanied_child, declined)"
            ],
        ),
    ],
)
def test_missing_or_broken_safeguards_are_reported(tmp_path, old, new, expected):
    assert old in RETURN_FLOW
    assert problems(tmp_path, RETURN_FLOW.replace(old, new)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  fear:\n    type: yes_no\n    extra: [prefer_not]\n",
            "  fear:\n    type: yes_no\n    sensitive: true\n",
            [
                f"{F}:28: 'fear' is sensitive: offer 'I prefer not to say' "
                "(extra: [prefer_not], or an option with value prefer_not)",
                f"{F}:42: 'talk' cannot be reached from 'born'",
            ],
        ),
        (
            "  unaccompanied_child: {question: alone, outcome: child_protection}\n",
            "",
            [
                f"{F}:15: br/voluntary_return knows the person's age ('age'), so a child can "
                "answer it: declare the 'unaccompanied_child' safeguard",
                f"{F}:15: voluntary_return flows must declare the 'unaccompanied_child' safeguard",
                f"{F}:39: 'child_protection' cannot be reached from 'born'",
            ],
        ),
    ],
)
def test_sensitive_questions_and_ages_need_their_safeguards(tmp_path, old, new, expected):
    text = RETURN_FLOW.replace("safeguards:\n", "facts:\n  age: {years_since: born}\nsafeguards:\n")
    text = text.replace(
        "questions:\n",
        "questions:\n  born:\n    type: date\n    text: Born?\n    next:\n      - {go: alone}\n",
    ).replace("start: alone", "start: born")
    assert old in text
    assert problems(tmp_path, text.replace(old, new)) == expected
