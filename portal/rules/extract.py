"""Collect every translatable content string with its file:line, for the `content` PO domain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from portal.rules.library import ContentLibrary
from portal.rules.model import Flow, Office


def content_strings(library: ContentLibrary) -> Iterator[tuple[str, str, int]]:
    for pathway in library.pathways.values():
        yield pathway.title, pathway.where.path, pathway.where.line
        yield pathway.description, pathway.where.path, pathway.where.line
    for office in library.offices.values():
        for text in office_strings(office):
            yield text, office.where.path, office.where.line
    for flow in library.flows.values():
        yield from flow_strings(flow)


def office_strings(office: Office) -> list[str]:
    """An office's translatable strings: its name, note, source and opening-hours notes."""
    texts = [office.name, office.note, office.source, *(p.note for p in office.hours)]
    return [text for text in texts if text]


def flow_strings(flow: Flow) -> Iterator[tuple[str, str, int]]:
    """Every translatable string of one flow, with file and line."""
    path = flow.where.path
    for text in (flow.title, flow.summary, *flow.checks, *flow.have_at_hand):
        yield text, path, flow.where.line
    for source in flow.sources.values():
        yield source.title, path, source.where.line
        if source.note:
            yield source.note, path, source.where.line
    for question in flow.questions.values():
        line = question.where.line
        for question_text in (question.text, question.hint, question.why_we_ask, question.error):
            if question_text:
                yield question_text, path, line
        for option in question.options:
            if not option.ui_label:
                yield option.label, path, line
                if option.hint:
                    yield option.hint, path, line
    for programme in flow.programmes.values():
        yield programme.name, path, programme.where.line
    for change in flow.changes:
        yield change.what, path, change.where.line
        yield change.why, path, change.where.line
    for outcome in flow.outcomes.values():
        line = outcome.where.line
        for text in (outcome.title, outcome.why, *outcome.next_steps):
            yield text, path, line
        if outcome.if_closed:
            closed = outcome.if_closed
            for text in (closed.title, closed.why, *closed.next_steps):
                yield text, path, line
        for item in outcome.checklist:
            yield item.text, path, item.where.line
            if item.detail:
                yield item.detail, path, item.where.line
        for fee in outcome.fees:
            for fee_text in (fee.name, fee.exemption):
                if fee_text:
                    yield fee_text, path, line


def write_pot(library: ContentLibrary, output: Path) -> int:
    catalog = Catalog(project="camino-portal", charset="utf-8")
    for text, path, line in content_strings(library):
        catalog.add(text, locations=[(path, line)])
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_by_file=True, omit_header=False)
    return len(catalog)
