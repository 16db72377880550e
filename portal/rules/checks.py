"""Structural checks of a parsed flow: references, reachability, dead ends, cycles,
answers used before they are asked, and conditions on options that do not exist."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from portal.rules.countries import COUNTRY_CODES
from portal.rules.errors import Reporter, did_you_mean
from portal.rules.model import Condition, Flow, Outcome, Question
from portal.rules.safeguards import check_safeguards, safeguard_edges

DATE_TYPES = ("date", "month_year")


def check_flow(flow: Flow, report: Reporter, required_safeguards: tuple[str, ...] = ()) -> None:
    path = flow.where.path
    if flow.start not in flow.questions:
        if flow.start not in flow.unparsed:
            report.error(path, flow.where.line, f"start '{flow.start}' is not a question")
        return
    for name, fact in flow.facts.items():
        question = flow.questions.get(fact.answer)
        if fact.answer in flow.unparsed:
            continue  # its own error is reported; no knock-on here
        if question is None or question.type not in DATE_TYPES:
            report.error(
                path,
                flow.where.line,
                f"fact '{name}' must use a date question, not '{fact.answer}'",
            )
    broken = False
    for question in flow.questions.values():
        for rule in question.next:
            if flow.node(rule.go) is None:
                broken = True
                if rule.go in flow.unparsed:
                    continue  # its own error is reported; no knock-on here
                node_ids = [*flow.questions, *flow.outcomes]
                message = f"'{question.id}' goes to unknown '{rule.go}'"
                message += did_you_mean(rule.go, node_ids)
                report.error(path, rule.where.line, message)
        if not question.next or question.next[-1].when is not None:
            report.error(
                path,
                question.where.line,
                f"question '{question.id}' can end nowhere: its last rule needs no 'if'",
            )
    for outcome in flow.outcomes.values():
        for sid in outcome.sources:
            if sid not in flow.sources:
                report.error(
                    path, outcome.line_of("sources"),
                    f"outcome '{outcome.id}' cites unknown source '{sid}'"
                    + did_you_mean(sid, flow.sources),
                )  # fmt: skip
        for fee in outcome.fees:
            if fee.source not in flow.sources:
                report.error(
                    path,
                    outcome.line_of("fees"),
                    f"a fee in '{outcome.id}' cites unknown source '{fee.source}'"
                    + did_you_mean(fee.source, flow.sources),
                )
    if broken:
        return
    order = _order(flow, report)
    if order is None:
        return
    flow.order = [n for n in order if n in flow.questions]
    reachable = _reachable(flow)
    nodes: list[tuple[str, Question | Outcome]] = [*flow.questions.items(), *flow.outcomes.items()]
    for node_id, node in nodes:
        if node_id not in reachable:
            report.error(
                path, node.where.line, f"'{node_id}' cannot be reached from '{flow.start}'"
            )
    asked, possible = _asked_before(flow, order, reachable)
    for question in flow.questions.values():
        if question.id not in reachable:
            continue
        for rule in question.next:
            if rule.when:
                _check_condition(
                    flow, rule.when, asked.get(question.id, set()) | {question.id}, report
                )
    check_safeguards(flow, asked, required_safeguards, report)
    for outcome in flow.outcomes.values():
        if outcome.id not in reachable:
            continue
        for related in outcome.related:
            if related.when:
                _check_condition(flow, related.when, possible.get(outcome.id, set()), report)
        for item in outcome.checklist:
            if item.when:
                # A checklist item may depend on a question asked on only some paths
                # ("if you have children"); a missing answer makes it not apply.
                _check_condition(flow, item.when, possible.get(outcome.id, set()), report)


def _edges(flow: Flow) -> dict[str, set[str]]:
    edges = {qid: {rule.go for rule in q.next} for qid, q in flow.questions.items()}
    for source, targets in safeguard_edges(flow).items():
        edges[source] |= {t for t in targets if flow.node(t) is not None}
    return edges


def _order(flow: Flow, report: Reporter) -> list[str] | None:
    predecessors: dict[str, set[str]] = {n: set() for n in [*flow.questions, *flow.outcomes]}
    for source, targets in _edges(flow).items():
        for target in targets:
            predecessors[target].add(source)
    try:
        return list(TopologicalSorter(predecessors).static_order())
    except CycleError as exc:
        cycle = exc.args[1]
        first = flow.questions[cycle[0]]
        report.error(flow.where.path, first.where.line, "cycle: " + " -> ".join(cycle))
        return None


def _reachable(flow: Flow) -> set[str]:
    seen, stack, edges = {flow.start}, [flow.start], _edges(flow)
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _asked_before(
    flow: Flow, order: list[str], reachable: set[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """For each node, the questions answered on every path from the start to it, and those
    answered on at least one path."""
    asked: dict[str, set[str]] = {flow.start: set()}
    possible: dict[str, set[str]] = {flow.start: set()}
    edges = _edges(flow)
    for node in order:
        if node not in reachable or node not in flow.questions:
            continue
        carried = asked.get(node, set()) | {node}
        maybe = possible.get(node, set()) | {node}
        for target in edges[node]:
            asked[target] = carried if target not in asked else asked[target] & carried
            possible[target] = possible.get(target, set()) | maybe
    return asked, possible


def _check_condition(flow: Flow, cond: Condition, asked: set[str], report: Reporter) -> None:
    for child in cond.children:
        _check_condition(flow, child, asked, report)
    if cond.subject is None:
        return
    path, line = flow.where.path, cond.where.line if cond.where else flow.where.line
    subject = cond.subject
    if subject.startswith("fact:"):
        fact = flow.facts.get(subject[5:])
        if fact is None:
            report.error(path, line, f"unknown fact '{subject[5:]}'")
            return
        if cond.op not in ("lt", "le", "gt", "ge"):
            report.error(
                path, line, f"fact '{fact.name}' is a number: compare it with lt, le, gt or ge"
            )
        subject = fact.answer
        question = flow.questions.get(subject)
    else:
        question = flow.questions.get(subject)
        if question is None and subject in flow.unparsed:
            return  # its own error is reported; no knock-on here
        if question is None:
            message = f"condition uses unknown question '{subject}'"
            report.error(path, line, message + did_you_mean(subject, flow.questions))
            return
        if cond.op != "answered":
            _check_value(question, cond, path, line, report)
    if question is not None and subject not in asked:
        report.error(path, line, f"answer '{subject}' is used before it is asked on every path")


def _check_value(
    question: Question, cond: Condition, path: str, line: int, report: Reporter
) -> None:
    allowed = {
        "choice": ("eq", "in"),
        "yes_no": ("eq", "in"),
        "country": ("eq", "in"),
        "multi": ("includes",),
        "date": ("before", "after"),
        "month_year": ("before", "after"),
        "number": ("eq", "lt", "le", "gt", "ge"),
    }[question.type]
    if cond.op not in allowed:
        report.error(
            path, line, f"'{cond.op}' cannot test {question.type} question '{question.id}'"
        )
        return
    values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
    if question.type in ("choice", "yes_no", "multi"):
        known = question.option_values()
        for value in values:
            if value not in known:
                message = f"'{question.id}' has no option '{value}'"
                report.error(path, line, message + did_you_mean(str(value), known))
    elif question.type == "country":
        for value in values:
            if value not in COUNTRY_CODES:
                report.error(path, line, f"'{value}' is not a country code (ISO 3166 alpha-2)")
