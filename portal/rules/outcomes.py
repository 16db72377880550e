"""Parse the outcomes of a flow: why, next steps, checklist, fees, offices, sources, related."""

from __future__ import annotations

from typing import Any

from portal.rules.conditions import parse_condition
from portal.rules.errors import Reporter
from portal.rules.fields import Fields
from portal.rules.model import (
    OUTCOME_KINDS,
    ChecklistItem,
    ClosedText,
    Fee,
    Outcome,
    Related,
    Where,
)

OUTCOME_KEYS = {
    "kind",
    "title",
    "why",
    "next_steps",
    "checklist",
    "fees",
    "offices",
    "sources",
    "related",
    "valid_until",
    "programme",
    "if_closed",
}


def parse_outcome(oid: str, raw: Any, line: int, path: str, report: Reporter) -> Outcome | None:
    f = Fields(raw, path, report, f"outcome '{oid}'", OUTCOME_KEYS, line)
    kind = f.word("kind", choices=OUTCOME_KINDS)
    title, why = f.text("title"), f.text("why")
    checklist = []
    items = f.items("checklist")
    for index, iraw in enumerate(items):
        item_line = items.line_of(index)
        if isinstance(iraw, str):
            checklist.append(
                ChecklistItem(" ".join(iraw.split()), None, None, Where(path, item_line))
            )
            continue
        itf = Fields(iraw, path, report, "checklist item", {"item", "detail", "if"}, item_line)
        text = itf.text("item")
        when = None
        if "if" in itf.raw:
            when = parse_condition(itf.raw["if"], path, itf.line_of("if"), None, report)
        if text:
            checklist.append(
                ChecklistItem(
                    text, itf.text("detail", required=False), when, Where(path, item_line)
                )
            )
    fees = []
    fee_list = f.items("fees")
    for index, fraw in enumerate(fee_list):
        ff = Fields(
            fraw,
            path,
            report,
            "fee",
            {"name", "amount", "currency", "code", "exemption", "source"},
            fee_list.line_of(index),
        )
        name, source = ff.text("name"), ff.word("source")
        if name and source:
            fees.append(
                Fee(
                    name,
                    ff.number("amount"),
                    ff.word("currency", required=False),
                    ff.word("code", required=False),
                    ff.text("exemption", required=False),
                    source,
                )
            )
    sources = f.words("sources", required=True)
    if f.ok and not sources:
        report.error(path, line, f"outcome '{oid}' must name at least one source")
    if not (kind and title and why):
        return None
    return Outcome(
        id=oid,
        kind=kind,
        title=title,
        why=why,
        next_steps=f.texts("next_steps"),
        checklist=tuple(checklist),
        fees=tuple(fees),
        services=f.words("offices"),
        sources=sources,
        related=_related(f, path, report),
        valid_until=f.date("valid_until", required=False),
        where=Where(path, line),
        programme=f.word("programme", required=False),
        if_closed=_if_closed(f, oid, path, report),
        key_lines=tuple(f.raw.key_lines.items()),
    )


def _if_closed(f: Fields, oid: str, path: str, report: Reporter) -> ClosedText | None:
    if "if_closed" not in f.raw:
        return None
    keys = {"title", "why", "next_steps", "offices"}
    cf = Fields(f.raw["if_closed"], path, report, f"outcome '{oid}' if_closed", keys)
    title, why = cf.text("title"), cf.text("why")
    steps = cf.texts("next_steps", required=True)
    services = cf.words("offices") if "offices" in cf.raw else None
    if not (title and why and steps):
        return None
    return ClosedText(title, why, steps, services)


def _related(f: Fields, path: str, report: Reporter) -> tuple[Related, ...]:
    """Related pathways: a pathway id, or {pathway: id, if: condition} to suggest it only
    when the condition holds (used by the "help me choose" questions)."""
    result = []
    items = f.items("related")
    for index, raw in enumerate(items):
        if isinstance(raw, str):
            result.append(Related(raw, None))
            continue
        rf = Fields(raw, path, report, "related pathway", {"pathway", "if"}, items.line_of(index))
        pathway = rf.word("pathway")
        when = None
        if "if" in rf.raw:
            when = parse_condition(rf.raw["if"], path, rf.line_of("if"), None, report)
        if pathway:
            result.append(Related(pathway, when))
    return tuple(result)
