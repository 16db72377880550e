"""Conditions are data in a small, safe vocabulary; they are parsed, checked and evaluated
here without eval. Shapes accepted in content:

    {eq: VE}                       the current question's answer equals VE
    {answer: q, in: [a, b]}        another answer is one of several values
    {answer: q, includes: x}       a multiple-choice answer includes x
    {answer: q, before: 2021-01-31} / {after: …}   a date answer
    {fact: age, lt: 9}             a derived fact compared with a number (lt, le, gt, ge)
    {answered: q}                  the question was answered on this path
    {not: {...}}, {all: [...]}, {any: [...]}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from portal.rules.errors import Reporter
from portal.rules.model import Condition, Fact, Where
from portal.rules.yamlload import Node

VALUE_OPS = ("eq", "in", "includes", "before", "after", "lt", "le", "gt", "ge")
LOGIC_OPS = ("not", "all", "any")


def parse_condition(
    raw: Any, path: str, line: int, current: str | None, report: Reporter
) -> Condition | None:
    line = getattr(raw, "line", line)
    where = Where(path, line)
    if not isinstance(raw, dict) or not raw:
        report.error(path, line, "a condition must be a mapping such as {eq: value}")
        return None
    if "not" in raw or "all" in raw or "any" in raw:
        if len(raw) != 1:
            report.error(path, line, "'not', 'all' and 'any' must stand alone in a condition")
            return None
        op, inner = next(iter(raw.items()))
        if op == "not":
            child = parse_condition(inner, path, line, current, report)
            return Condition("not", children=(child,), where=where) if child else None
        if not isinstance(inner, list) or not inner:
            report.error(path, line, f"'{op}' needs a non-empty list of conditions")
            return None
        children = [parse_condition(c, path, line, current, report) for c in inner]
        if any(c is None for c in children):
            return None
        return Condition(op, children=tuple(children), where=where)  # type: ignore[arg-type]
    if "answered" in raw:
        if len(raw) != 1 or not isinstance(raw["answered"], str):
            report.error(path, line, "'answered' takes a question id and stands alone")
            return None
        return Condition("answered", subject=raw["answered"], where=where)
    subject_keys = [k for k in ("answer", "fact") if k in raw]
    ops = [k for k in raw if k in VALUE_OPS]
    unknown = sorted(set(raw) - set(VALUE_OPS) - {"answer", "fact"})
    if unknown:
        report.error(path, line, f"unknown condition word '{unknown[0]}'")
        return None
    if len(ops) != 1:
        report.error(path, line, "a condition needs exactly one of: " + ", ".join(VALUE_OPS))
        return None
    if len(subject_keys) > 1:
        report.error(path, line, "a condition names either an answer or a fact, not both")
        return None
    if subject_keys == ["fact"]:
        subject = f"fact:{raw['fact']}"
    elif subject_keys == ["answer"]:
        subject = str(raw["answer"])
    elif current:
        subject = current
    else:
        report.error(path, line, "this condition must say which answer it tests ('answer: id')")
        return None
    op = ops[0]
    value = raw[op]
    if op == "in" and not isinstance(value, list):
        report.error(path, line, "'in' needs a list of values")
        return None
    if op in ("before", "after") and not isinstance(value, dt.date):
        report.error(path, line, f"'{op}' needs a date written as YYYY-MM-DD")
        return None
    if op in ("lt", "le", "gt", "ge") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        report.error(path, line, f"'{op}' needs a number")
        return None
    if isinstance(value, list):
        value = tuple(str(v) for v in value)
    elif op in ("eq", "includes"):
        value = _as_word(value)
    return Condition(op, subject=subject, value=value, where=where)


def _as_word(value: Any) -> str:
    # YAML reads yes/no as booleans; content means the option values "yes" / "no".
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def as_word(value: Any) -> str:
    return _as_word(value)


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def years_between(start: dt.date, end: dt.date) -> int:
    return months_between(start, end) // 12


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 7:  # month-year answers are stored as YYYY-MM
                return dt.date.fromisoformat(value + "-01")
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def fact_value(fact: Fact, answers: Mapping[str, Any], today: dt.date) -> int | None:
    when = parse_date(answers.get(fact.answer))
    if when is None:
        return None
    if fact.kind == "years_since":
        return years_between(when, today)
    return months_between(when, today)


def evaluate(
    cond: Condition, answers: Mapping[str, Any], facts: Mapping[str, Fact], today: dt.date
) -> bool:
    """True when the condition holds. A missing answer makes a value test false."""
    if cond.op == "not":
        return not evaluate(cond.children[0], answers, facts, today)
    if cond.op == "all":
        return all(evaluate(c, answers, facts, today) for c in cond.children)
    if cond.op == "any":
        return any(evaluate(c, answers, facts, today) for c in cond.children)
    assert cond.subject is not None
    if cond.op == "answered":
        return cond.subject in answers
    if cond.subject.startswith("fact:"):
        value: Any = fact_value(facts[cond.subject[5:]], answers, today)
    else:
        value = answers.get(cond.subject)
    if value is None:
        return False
    return _compare(cond.op, value, cond.value)


def _compare(op: str, value: Any, expected: Any) -> bool:
    if op == "eq":
        return str(value) == expected
    if op == "in":
        return str(value) in expected
    if op == "includes":
        return isinstance(value, list | tuple) and expected in value
    if op in ("before", "after"):
        when = parse_date(value)
        if when is None:
            return False
        return when < expected if op == "before" else when > expected
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return {
        "lt": number < expected,
        "le": number <= expected,
        "gt": number > expected,
        "ge": number >= expected,
    }[op]


def describe(cond: Condition) -> str:
    """A short readable form, used in diagrams and messages."""
    if cond.op == "not":
        return f"not ({describe(cond.children[0])})"
    if cond.op in ("all", "any"):
        joiner = " and " if cond.op == "all" else " or "
        return "(" + joiner.join(describe(c) for c in cond.children) + ")"
    if cond.op == "answered":
        return f"{cond.subject} answered"
    value = ", ".join(cond.value) if isinstance(cond.value, tuple) else cond.value
    symbols = {"eq": "=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
    return f"{cond.subject} {symbols.get(cond.op, cond.op)} {value}"


def line_of(raw: Any, key: str, default: int) -> int:
    return raw.line_of(key) if isinstance(raw, Node) else default
