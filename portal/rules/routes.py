"""Where each answer leads, for the blank (paper) checklist: the questions numbered in the order
a person meets them, and for each answer the next question or the outcome. Worked out from the
flow's own rules and safeguards, never guessed: where a rule also depends on another answer or a
date ("if you are under 18"), every place the answer may lead is given, marked as depending on
other answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.rules.conditions import evaluate
from portal.rules.model import Condition, Flow, Question
from portal.rules.safeguards import safeguard_target

FREE_TYPES = ("date", "month_year", "number", "country")  # answers that are not a list of options
_OTHER = "\x00another answer"  # stands for any answer no rule names


@dataclass(frozen=True)
class Branch:
    """Answers that lead to the same place. `answers` holds option values, or the country codes
    a rule names; empty means every other answer. `leads` holds the question or outcome ids it
    may lead to, in rule order: more than one when other answers decide."""

    answers: tuple[str, ...]
    leads: tuple[str, ...]

    @property
    def depends(self) -> bool:
        return len(self.leads) > 1


@dataclass(frozen=True)
class Route:
    question: Question
    number: int
    branches: tuple[Branch, ...]  # a single branch with no answers: every answer leads there


def question_order(flow: Flow) -> list[str]:
    """The questions in file order, moved only as far as needed so every rule leads forward
    (a topological order that keeps the author's order where it can)."""
    position = {qid: index for index, qid in enumerate(flow.questions)}
    before: dict[str, set[str]] = {qid: set() for qid in flow.questions}
    for question in flow.questions.values():
        for target in _targets(flow, question):
            if target in before and target != question.id:
                before[target].add(question.id)
    order: list[str] = []
    waiting = dict(before)
    while waiting:
        ready = [q for q, needs in waiting.items() if not needs - set(order)]
        if not ready:  # a cycle: content check refuses these; keep file order for the rest
            ready = list(waiting)
        chosen = min(ready, key=position.__getitem__)
        order.append(chosen)
        del waiting[chosen]
    if flow.start in order:
        order.remove(flow.start)
        order.insert(0, flow.start)
    return order


def routes(flow: Flow) -> list[Route]:
    """Every question, numbered from 1, with where each of its answers leads."""
    found = []
    for number, qid in enumerate(question_order(flow), start=1):
        question = flow.questions[qid]
        found.append(Route(question, number, _branches(flow, question)))
    return found


def _targets(flow: Flow, question: Question) -> set[str]:
    found = {rule.go for rule in question.next}
    for value in [*question.option_values(), "yes"]:
        guarded = safeguard_target(flow, question.id, value)
        if guarded:
            found.add(guarded)
    return found


def _branches(flow: Flow, question: Question) -> tuple[Branch, ...]:
    values = [option.value for option in question.options]
    if question.type in FREE_TYPES:  # the countries the rules name, any extra, then the rest
        values = [v for v in _named_values(question) if v not in values] + values + [_OTHER]
    groups: dict[tuple[str, ...], list[str]] = {}
    for value in values:
        groups.setdefault(leads_for(flow, question, value), []).append(value)
    if len(groups) == 1:
        return (Branch((), next(iter(groups))),)
    return tuple(
        Branch(tuple(v for v in answers if v != _OTHER) if _OTHER not in answers else (), leads)
        for leads, answers in groups.items()
    )


def _named_values(question: Question) -> list[str]:
    """Values the question's own rules test for (`eq`, `in`): the country codes that lead
    somewhere particular."""
    found: list[str] = []

    def visit(cond: Condition) -> None:
        if cond.subject == question.id and cond.op in ("eq", "in"):
            for value in cond.value if isinstance(cond.value, tuple) else (cond.value,):
                if value not in found:
                    found.append(value)
        for child in cond.children:
            visit(child)

    for rule in question.next:
        if rule.when:
            visit(rule.when)
    return found


def leads_for(flow: Flow, question: Question, value: str) -> tuple[str, ...]:
    """Where this one answer may lead: one id when the rules decide on it alone, else every id
    it may lead to, in rule order. `_OTHER` on a free question stands for an answer whose
    value no rule names (a date, a number, any other country)."""
    known = value != _OTHER and question.type not in ("date", "month_year", "number")
    answer = [value] if question.type == "multi" else value
    if known:
        guarded = safeguard_target(flow, question.id, answer)
        if guarded:
            return (guarded,)
    found: list[str] = []
    for rule in question.next:
        verdict = True if rule.when is None else _decide(rule.when, flow, question, answer, known)
        if verdict is False:
            continue
        if rule.go not in found:
            found.append(rule.go)
        if verdict is True:
            break
    return tuple(found)


def _decide(
    cond: Condition, flow: Flow, question: Question, answer: object, known: bool
) -> bool | None:
    """True or False when this answer alone decides the condition; None when other answers,
    facts or the answer's exact value (a date, a number) also count."""
    if cond.op in ("not", "all", "any"):
        verdicts = [_decide(c, flow, question, answer, known) for c in cond.children]
        if cond.op == "not":
            return None if verdicts[0] is None else not verdicts[0]
        if cond.op == "all":
            return False if False in verdicts else (None if None in verdicts else True)
        return True if True in verdicts else (None if None in verdicts else False)
    if cond.subject != question.id:
        return None  # another answer, or a fact such as an age
    if cond.op == "answered":
        return True
    if question.type == "multi" and cond.op == "includes":
        # This box ticked decides a test for it; one for another box depends on that box.
        return True if cond.value == answer[0] else None  # type: ignore[index]
    if not known:
        if question.type == "country" and cond.op in ("eq", "in"):
            return False  # a country no rule names
        return None
    return evaluate(cond, {question.id: answer}, flow.facts, dt.date.min)
