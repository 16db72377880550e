"""Parse one flow file (content/flows/<country>/<pathway>.yaml) into a Flow."""

from __future__ import annotations

import re
from typing import Any

from portal.rules.changes import parse_changes
from portal.rules.conditions import as_word, parse_condition
from portal.rules.errors import Reporter
from portal.rules.evidence import parse_programmes, parse_sources
from portal.rules.fields import Fields
from portal.rules.language_tags import parse_required_languages
from portal.rules.model import (
    QUESTION_TYPES,
    SHOWN_KINDS,
    YES_NO_EXTRAS,
    Fact,
    Flow,
    Option,
    Question,
    Rule,
    Scenario,
    Where,
)
from portal.rules.outcomes import parse_outcome
from portal.rules.review import content_hash, parse_review
from portal.rules.safeguards import parse_safeguards
from portal.rules.yamlload import Node


def N_(text: str) -> str:
    """Marks a UI string for extraction; the web layer translates it when shown."""
    return text


ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ERROR_MAX = 120  # a question's own `error:` message: one short sentence
FLOW_KEYS = {
    "flow",
    "title",
    "summary",
    "checks",
    "have_at_hand",
    "minutes",
    "last_reviewed",
    "review",
    "sources",
    "facts",
    "start",
    "questions",
    "outcomes",
    "scenarios",
    "safeguards",
    "programmes",
    "changes",
    "required_languages",
}
QUESTION_KEYS = {
    *("type", "text", "hint", "options", "extra", "next", "min", "max", "why_we_ask"),
    *("sensitive", "error"),
}
SCENARIO_KEYS = {
    *("name", "answers", "expect", "checklist_includes", "checklist_excludes", "today"),
    *("shows", "says", "does_not_say"),
}


def parse_flow(raw: Any, path: str, report: Reporter) -> Flow | None:
    top = Fields(raw, path, report, "flow file", FLOW_KEYS)
    if not top.ok:
        return None
    flow_id = top.word("flow")
    if flow_id and not re.fullmatch(r"(?:[a-z]{2}|all)/[a-z_]+", flow_id):
        report.error(path, top.line_of("flow"), "'flow' must look like 'br/regularization'")
        flow_id = None
    version = content_hash(raw)  # once: the review compares it, saved answers keep it
    review = parse_review(version, top, path, report)
    sources = parse_sources(top, path, report)
    facts = _facts(top, path, report)
    questions = {}
    for qid, qraw in top.mapping("questions").items():
        question = _question(qid, qraw, top.mapping("questions").line_of(qid), path, report)
        if question:
            questions[qid] = question
    outcomes = {}
    for oid, oraw in top.mapping("outcomes").items():
        outcome = parse_outcome(oid, oraw, top.mapping("outcomes").line_of(oid), path, report)
        if outcome:
            outcomes[oid] = outcome
    for clash in sorted(set(questions) & set(outcomes)):
        report.error(
            path, outcomes[clash].where.line, f"'{clash}' is both a question and an outcome"
        )
    scenarios = tuple(
        parsed
        for i, raw_s in enumerate(top.items("scenarios"))
        if (parsed := _scenario(i, raw_s, top, path, report))
    )
    title, summary = top.text("title"), top.text("summary")
    last_reviewed, start = top.date("last_reviewed"), top.word("start")
    minutes = top.number("minutes", required=True)
    if not (flow_id and title and summary and last_reviewed and start and review and minutes):
        return None
    country, pathway = flow_id.split("/")
    return Flow(
        id=flow_id,
        country=country.upper(),
        pathway=pathway,
        title=title,
        summary=summary,
        checks=top.texts("checks", required=True),
        have_at_hand=top.texts("have_at_hand"),
        minutes=int(minutes),
        last_reviewed=last_reviewed,
        review=review,
        sources=sources,
        facts=facts,
        start=start,
        questions=questions,
        outcomes=outcomes,
        scenarios=scenarios,
        where=Where(path, top.line_of("start")),
        safeguards=parse_safeguards(top, path, report),
        programmes=parse_programmes(top, path, report),
        unparsed=frozenset(
            {*top.mapping("questions"), *top.mapping("outcomes")} - {*questions, *outcomes}
        ),
        changes=parse_changes(top, sources, path, report),
        version=version,
        required_languages=parse_required_languages(top, path, report),
    )


def _facts(top: Fields, path: str, report: Reporter) -> dict[str, Fact]:
    result = {}
    raw = top.mapping("facts", required=False)
    for name, fraw in raw.items():
        f = Fields(fraw, path, report, f"fact '{name}'", {"years_since", "months_since"})
        kinds = [k for k in ("years_since", "months_since") if k in f.raw]
        if len(kinds) != 1:
            report.error(
                path, raw.line_of(name), f"fact '{name}' needs years_since or months_since"
            )
            continue
        result[name] = Fact(name, kinds[0], str(f.raw[kinds[0]]))
    return result


def _options(f: Fields, qtype: str, path: str, report: Reporter) -> tuple[Option, ...]:
    if qtype == "yes_no":
        extras = f.words("extra")
        for extra in extras:
            if extra not in YES_NO_EXTRAS:
                report.error(path, f.line_of("extra"), f"unknown yes/no extra '{extra}'")
        labels = {
            "yes": N_("Yes"),
            "no": N_("No"),
            "dont_know": N_("I don't know"),
            "prefer_not": N_("I prefer not to say"),
        }
        values = ["yes", "no", *[e for e in extras if e in YES_NO_EXTRAS]]
        return tuple(Option(v, labels[v], ui_label=True) for v in values)
    if qtype == "country":
        extras = f.words("extra")
        if set(extras) - {"prefer_not"}:
            report.error(path, f.line_of("extra"), "a country question's only extra is prefer_not")
        if "prefer_not" in extras:
            return (Option("prefer_not", N_("I prefer not to say"), ui_label=True),)
    if qtype not in ("choice", "multi"):
        if "options" in f.raw:
            report.error(path, f.line_of("options"), f"a {qtype} question takes no options")
        return ()
    options = []
    raw_list = f.items("options", required=True)
    seen = set()
    for index, oraw in enumerate(raw_list):
        of = Fields(
            oraw, path, report, "option", {"value", "label", "hint"}, raw_list.line_of(index)
        )
        value, label = of.word("value"), of.text("label")
        if value in seen:
            report.error(path, of.line, f"option value '{value}' is listed twice")
        if value is not None and label:
            seen.add(value)
            options.append(Option(value, label, of.text("hint", required=False)))
    if qtype in ("choice", "multi") and len(options) < 2:
        report.error(path, f.line, f"a {qtype} question needs at least two options")
    return tuple(options)


def _question(qid: str, raw: Any, line: int, path: str, report: Reporter) -> Question | None:
    if not ID_PATTERN.match(qid):
        report.error(path, line, f"question id '{qid}' must be lower_case_with_underscores")
    f = Fields(raw, path, report, f"question '{qid}'", QUESTION_KEYS, line)
    qtype = f.word("type", choices=QUESTION_TYPES)
    text = f.text("text")
    if not f.ok or not qtype or not text:
        return None
    error = f.text("error", required=False)
    if error and len(error) > ERROR_MAX:
        report.error(
            path,
            f.line_of("error"),
            f"question '{qid}': 'error' must be one short sentence "
            f"({ERROR_MAX} characters at most)",
        )
    rules = []
    next_raw = f.items("next", required=True)
    for index, rraw in enumerate(next_raw):
        rule_line = next_raw.line_of(index)
        rf = Fields(rraw, path, report, "rule", {"if", "go"}, rule_line)
        go = rf.word("go")
        when = None
        if "if" in rf.raw:
            when = parse_condition(rf.raw["if"], path, rf.line_of("if"), qid, report)
            if when is None:
                continue
        if go:
            rules.append(Rule(go, when, Where(path, rf.line)))
    return Question(
        id=qid,
        type=qtype,
        text=text,
        hint=f.text("hint", required=False),
        options=_options(f, qtype, path, report),
        next=tuple(rules),
        min=f.number("min"),
        max=f.number("max"),
        why_we_ask=f.text("why_we_ask", required=False),
        where=Where(path, line),
        sensitive=f.boolean("sensitive") is True,
        error=error,
    )


def _scenario(index: int, raw: Any, top: Fields, path: str, report: Reporter) -> Scenario | None:
    line = top.items("scenarios").line_of(index)
    f = Fields(raw, path, report, "scenario", SCENARIO_KEYS, line)
    name, expect = f.text("name"), f.word("expect")
    answers_raw: Node = f.mapping("answers")
    answers: dict[str, list[str] | str | int | float] = {}
    for key, value in answers_raw.items():
        if isinstance(value, list):
            answers[key] = [as_word(v) for v in value]
        elif hasattr(value, "isoformat"):
            answers[key] = value.isoformat()
        elif isinstance(value, int | float) and not isinstance(value, bool):
            answers[key] = value
        else:
            answers[key] = as_word(value)
    if not (name and expect):
        return None
    return Scenario(
        name,
        answers,
        expect,
        f.texts("checklist_includes"),
        f.texts("checklist_excludes"),
        f.date("today", required=False),
        Where(path, f.line),
        shows=f.word("shows", required=False, choices=SHOWN_KINDS),
        says=f.texts("says"),
        does_not_say=f.texts("does_not_say"),
    )
