"""Safeguards: protections that cut across flows and that the engine enforces before any
ordinary rule, so content cannot route around them by mistake.

    safeguards:
      fear_of_return: {question: fear_return, outcome: protection}
      unaccompanied_child: {question: alone, outcome: child_protection}
      declined: {outcome: talk_to_someone}

- fear_of_return: "yes" to the question always leads to the protection outcome (non-refoulement:
  a person who fears harm is never shown a return checklist). Where the pathway requires it
  (pathways.yaml), the question must be asked on every path to a likely or maybe outcome.
- unaccompanied_child: "yes" always leads to child-protection contacts; same rule of asking.
- declined: "prefer_not" to any question leads to an "indeterminate — talk to someone" outcome
  instead of a guess; a flow that offers "prefer_not" anywhere must declare it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.rules.errors import Reporter, did_you_mean
from portal.rules.fields import Fields
from portal.rules.model import SAFEGUARD_KINDS, Flow, Safeguard, Where

DECLINED = "prefer_not"
OUTCOME_KIND = {
    "fear_of_return": "urgent_protection",
    "unaccompanied_child": "urgent_protection",
    "declined": "indeterminate",
}
GUARDED_KINDS = ("likely", "maybe")


def parse_safeguards(top: Fields, path: str, report: Reporter) -> dict[str, Safeguard]:
    raw = top.mapping("safeguards", required=False)
    result = {}
    for kind, sraw in raw.items():
        line = raw.line_of(kind)
        if kind not in SAFEGUARD_KINDS:
            report.error(path, line, f"unknown safeguard '{kind}' ({', '.join(SAFEGUARD_KINDS)})")
            continue
        keys = {"outcome"} if kind == "declined" else {"question", "outcome"}
        f = Fields(sraw, path, report, f"safeguard '{kind}'", keys, line)
        question = f.word("question") if kind != "declined" else None
        outcome = f.word("outcome")
        if outcome and (question or kind == "declined"):
            result[kind] = Safeguard(kind, question, outcome, Where(path, line))
    return result


def safeguard_target(flow: Flow, question_id: str, answer: Any) -> str | None:
    """The outcome a safeguard imposes after this answer, if any."""
    for safeguard in flow.safeguards.values():
        if safeguard.kind == "declined":
            values = answer if isinstance(answer, list) else [answer]
            if DECLINED in values:
                return safeguard.outcome
        elif safeguard.question == question_id and answer == "yes":
            return safeguard.outcome
    return None


def safeguard_edges(flow: Flow) -> dict[str, set[str]]:
    """Edges the safeguards add to the flow graph (question -> outcome)."""
    edges: dict[str, set[str]] = {}
    for safeguard in flow.safeguards.values():
        for question in flow.questions.values():
            if safeguard.kind == "declined":
                if DECLINED in question.option_values():
                    edges.setdefault(question.id, set()).add(safeguard.outcome)
            elif question.id == safeguard.question:
                edges.setdefault(question.id, set()).add(safeguard.outcome)
    return edges


def check_safeguards(
    flow: Flow, asked: Mapping[str, set[str]], required: tuple[str, ...], report: Reporter
) -> None:
    path = flow.where.path
    for kind in required:
        if kind not in flow.safeguards:
            report.error(
                path, flow.where.line, f"{flow.pathway} flows must declare the '{kind}' safeguard"
            )
    for question in flow.questions.values():
        if question.sensitive and DECLINED not in question.option_values():
            message = (
                f"'{question.id}' is sensitive: offer 'I prefer not to say' "
                "(extra: [prefer_not], or an option with value prefer_not)"
            )
            report.error(path, question.where.line, message)
    ages = [f.name for f in flow.facts.values() if f.kind == "years_since"]
    if ages and "unaccompanied_child" not in flow.safeguards:
        message = (
            f"{flow.id} knows the person's age ('{ages[0]}'), so a child can answer it: "
            "declare the 'unaccompanied_child' safeguard"
        )
        report.error(path, flow.where.line, message)
    offers_decline = [q for q in flow.questions.values() if DECLINED in q.option_values()]
    if offers_decline and "declined" not in flow.safeguards:
        first = offers_decline[0]
        message = f"'{first.id}' offers 'prefer not to say': declare the 'declined' safeguard"
        report.error(path, first.where.line, message)
    for safeguard in flow.safeguards.values():
        line = safeguard.where.line
        outcome = flow.outcomes.get(safeguard.outcome)
        if safeguard.outcome in flow.unparsed or (safeguard.question or "") in flow.unparsed:
            continue  # its own error is reported; no knock-on here
        if outcome is None:
            report.error(
                path,
                line,
                f"safeguard '{safeguard.kind}' goes to unknown outcome '{safeguard.outcome}'"
                + did_you_mean(safeguard.outcome, flow.outcomes),
            )
        elif outcome.kind != OUTCOME_KIND[safeguard.kind]:
            wanted = OUTCOME_KIND[safeguard.kind]
            message = (
                f"safeguard '{safeguard.kind}' must lead to an outcome of kind '{wanted}', "
                f"not '{outcome.kind}'"
            )
            report.error(path, line, message)
        if safeguard.kind == "declined":
            continue
        safeguard_question = flow.questions.get(safeguard.question or "")
        if safeguard_question is None:
            report.error(
                path,
                line,
                f"safeguard '{safeguard.kind}' uses unknown question '{safeguard.question}'"
                + did_you_mean(safeguard.question or "", flow.questions),
            )
            continue
        if safeguard_question.type != "yes_no":
            report.error(path, line, f"safeguard '{safeguard.kind}' needs a yes_no question")
        if safeguard.kind not in required:
            continue  # used for routing only; the pathway does not demand it on every path
        for guarded in flow.outcomes.values():
            if guarded.kind in GUARDED_KINDS and safeguard_question.id not in asked.get(
                guarded.id, set()
            ):
                message = (
                    f"outcome '{guarded.id}' can be reached without asking "
                    f"'{safeguard_question.id}' ({safeguard.kind} safeguard)"
                )
                report.error(path, guarded.where.line, message)
