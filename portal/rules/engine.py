"""Walk a flow over a person's answers: which questions are on their path, what comes next,
and which outcome and checklist items apply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.rules.conditions import evaluate
from portal.rules.model import ChecklistItem, Flow, Outcome
from portal.rules.safeguards import safeguard_target


@dataclass(frozen=True)
class Walk:
    path: tuple[str, ...]  # answered questions on the person's current path, in order
    next_question: str | None  # first unanswered question on the path
    outcome: Outcome | None  # reached when every question on the path is answered

    def previous(self, question_id: str) -> str | None:
        """The question asked just before this one on the path (for the back link)."""
        route = [*self.path, self.next_question] if self.next_question else list(self.path)
        if question_id in route:
            index = route.index(question_id)
            return route[index - 1] if index > 0 else None
        return self.path[-1] if self.path else None

    def on_path(self, question_id: str) -> bool:
        return question_id in self.path or question_id == self.next_question


def walk(flow: Flow, answers: Mapping[str, Any], today: dt.date) -> Walk:
    """Follow the rules from the start. Answers off the path are kept but not used, so a
    changed answer that leads back to an earlier branch finds its later answers again."""
    path: list[str] = []
    on_path: dict[str, Any] = {}  # the answers on the path so far: later rules see only these
    node = flow.start
    for _ in range(len(flow.questions) + 1):  # flows are acyclic; this bounds bad input
        question = flow.questions.get(node)
        if question is None:
            return Walk(tuple(path), None, flow.outcomes[node])
        if question.id not in answers:
            return Walk(tuple(path), question.id, None)
        path.append(question.id)
        on_path[question.id] = answers[question.id]
        guarded = safeguard_target(flow, question.id, answers[question.id])
        if guarded is not None:
            return Walk(tuple(path), None, flow.outcomes[guarded])
        node = next(
            rule.go
            for rule in question.next
            if rule.when is None or evaluate(rule.when, on_path, flow.facts, today)
        )
    raise RuntimeError(f"{flow.id}: walk did not end; the flow has a cycle")


def answers_on_path(walk_result: Walk, answers: Mapping[str, Any]) -> dict[str, Any]:
    return {qid: answers[qid] for qid in walk_result.path}


def checklist_for(
    flow: Flow, outcome: Outcome, answers: Mapping[str, Any], today: dt.date
) -> list[ChecklistItem]:
    """The outcome's checklist with conditional items resolved from the answers."""
    return [
        item
        for item in outcome.checklist
        if item.when is None or evaluate(item.when, answers, flow.facts, today)
    ]


def related_for(
    flow: Flow, outcome: Outcome, answers: Mapping[str, Any], today: dt.date
) -> list[str]:
    """Related pathway ids, with conditional suggestions resolved from the answers."""
    return [
        r.pathway
        for r in outcome.related
        if r.when is None or evaluate(r.when, answers, flow.facts, today)
    ]


def full_checklist(outcome: Outcome) -> list[ChecklistItem]:
    """Everything that may be needed, for a blank checklist."""
    return list(outcome.checklist)
