"""Run the scenarios that live beside each flow, and report what no scenario reaches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.rules.engine import checklist_for, walk
from portal.rules.lifecycle import shown, shown_text
from portal.rules.model import Flow, Outcome, Question, Scenario
from portal.rules.scenario_answers import answer_problems


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    failures: tuple[str, ...]
    visited: frozenset[str]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_scenario(flow: Flow, scenario: Scenario, today: dt.date) -> ScenarioResult:
    when = scenario.today or today
    wrong = answer_problems(flow, scenario.answers)
    if wrong:  # walked, answers like these would fail later with a less helpful message
        return ScenarioResult(scenario, tuple(wrong), frozenset())
    result = walk(flow, scenario.answers, when)
    visited = set(result.path)
    failures: list[str] = []
    if result.outcome is None:
        failures.append(f"stops at unanswered question '{result.next_question}'")
        return ScenarioResult(scenario, tuple(failures), frozenset(visited))
    visited.add(result.outcome.id)
    if result.outcome.id != scenario.expect:
        failures.append(f"expected outcome '{scenario.expect}', got '{result.outcome.id}'")
    unused = sorted(set(scenario.answers) - set(result.path))
    if unused:
        failures.append("answers not on the path: " + ", ".join(unused))
    on_path = {qid: scenario.answers[qid] for qid in result.path}
    checklist = checklist_for(flow, result.outcome, on_path, when)
    items = [item.text for item in checklist]
    view = shown(flow, result.outcome, when)
    texts = shown_text(view, result.outcome, checklist)
    if scenario.shows and view.kind != scenario.shows:
        failures.append(f"expected the page to show '{scenario.shows}', it shows '{view.kind}'")
    checks = [
        (scenario.checklist_includes, scenario.checklist_excludes, items, "checklist lacks '{}'",
         "checklist should not include '{}'"),
        (scenario.says, scenario.does_not_say, texts, "the outcome does not say '{}'",
         "the outcome should not say '{}'"),
    ]  # fmt: skip
    for wanted, unwanted, found, missing, present in checks:
        failures += [missing.format(w) for w in wanted if not any(w in t for t in found)]
        failures += [present.format(u) for u in unwanted if any(u in t for t in found)]
    return ScenarioResult(scenario, tuple(failures), frozenset(visited))


def run_scenarios(flow: Flow, today: dt.date) -> list[ScenarioResult]:
    return [run_scenario(flow, s, today) for s in flow.scenarios]


def unreached(flow: Flow, results: list[ScenarioResult]) -> list[str]:
    """Questions and outcomes that no scenario reaches, in file order."""
    seen: set[str] = set()
    for result in results:
        seen |= result.visited
    nodes: list[Question | Outcome] = [*flow.questions.values(), *flow.outcomes.values()]
    return [n.id for n in sorted(nodes, key=lambda n: n.where.line) if n.id not in seen]
