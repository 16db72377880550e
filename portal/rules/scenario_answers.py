"""A scenario's answers checked against its flow's questions, like answers from the web form:
an unknown question, an option the question does not offer, a date that does not exist."""

from __future__ import annotations

import re
from typing import Any

from portal.rules.conditions import parse_date
from portal.rules.errors import did_you_mean
from portal.rules.model import Flow, Question

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _problem(question: Question, value: Any) -> str | None:
    options = question.option_values()
    kind = question.type
    if kind == "date" or kind == "month_year":
        shape = r"\d{4}-\d{2}-\d{2}" if kind == "date" else r"\d{4}-\d{2}(-\d{2})?"
        text = str(value)
        if not (re.fullmatch(shape, text) and parse_date(text)):
            form = "YYYY-MM-DD" if kind == "date" else "YYYY-MM"
            return f"'{value}' is not a real date ({form})"
        return None
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else f"'{value}' is not a number"
    if kind == "multi":
        chosen = value if isinstance(value, list) else [value]
        wrong = [v for v in chosen if str(v) not in options]
        return (
            f"'{wrong[0]}' is not one of its options" + did_you_mean(str(wrong[0]), options)
            if wrong
            else None
        )
    if kind == "country":
        ok = str(value) in options or bool(COUNTRY_CODE.match(str(value)))
        return None if ok else f"'{value}' is not a country code such as VE"
    if str(value) not in options:
        return f"'{value}' is not one of its options" + did_you_mean(str(value), options)
    return None


def answer_problems(flow: Flow, answers: dict[str, Any]) -> list[str]:
    problems = []
    for question_id, value in answers.items():
        question = flow.questions.get(question_id)
        if question is None:
            message = f"answers unknown question '{question_id}'"
            problems.append(message + did_you_mean(question_id, flow.questions))
            continue
        problem = _problem(question, value)
        if problem:
            problems.append(f"answer to '{question_id}': {problem}")
    return problems
