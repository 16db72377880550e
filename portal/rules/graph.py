"""Print a flow as a diagram for legal review: Graphviz DOT or Mermaid."""

from __future__ import annotations

from collections.abc import Iterator

from portal.rules.conditions import describe
from portal.rules.model import Flow
from portal.rules.safeguards import DECLINED

Edge = tuple[str, str, str]  # source, target, label


def edges(flow: Flow) -> Iterator[Edge]:
    for question in flow.questions.values():
        found: list[Edge] = []
        for safeguard in flow.safeguards.values():
            if safeguard.kind == "declined" and DECLINED in question.option_values():
                found.append((question.id, safeguard.outcome, f"{DECLINED} (safeguard: declined)"))
            elif safeguard.question == question.id:
                found.append((question.id, safeguard.outcome, f"yes (safeguard: {safeguard.kind})"))
        alone = not found and len(question.next) == 1
        for rule in question.next:
            label = describe(rule.when) if rule.when else ("" if alone else "otherwise")
            found.append((question.id, rule.go, label))
        yield from found


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_dot(flow: Flow) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"digraph {quote(flow.id)} {{", "  rankdir=TB;", '  node [fontname="sans-serif"];']
    for question in flow.questions.values():
        label = f"{question.id}\\n{_short(question.text)}\\n[{question.type}]"
        lines.append(f"  {quote(question.id)} [shape=box, label={quote(label)}];")
    for outcome in flow.outcomes.values():
        label = f"{outcome.id}\\n{_short(outcome.title)}\\n({outcome.kind})"
        lines.append(f"  {quote(outcome.id)} [shape=ellipse, style=filled, label={quote(label)}];")
    for source, target, label in edges(flow):
        lines.append(f"  {quote(source)} -> {quote(target)} [label={quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(flow: Flow) -> str:
    def text(value: str) -> str:
        return value.replace('"', "'").replace("<", "‹").replace(">", "›")

    lines = ["flowchart TD"]
    for question in flow.questions.values():
        lines.append(f'  {question.id}["{question.id}: {text(_short(question.text))}"]')
    for outcome in flow.outcomes.values():
        lines.append(f'  {outcome.id}(["{outcome.kind}: {text(_short(outcome.title))}"])')
    for source, target, label in edges(flow):
        arrow = f'-- "{text(label)}" -->' if label else "-->"
        lines.append(f"  {source} {arrow} {target}")
    return "\n".join(lines) + "\n"
