"""What a review packet shows, built from the same pieces as the pages: content strings
translated with ct() (portal/i18n.py), each outcome through the outcome presenter
(portal/flows/presenter.py) and the rules' own lifecycle, graph and scenario code. Everything
here runs inside `force_locale` in an application context; no request is needed."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any

from flask import current_app, g
from flask_babel import force_locale, get_locale, gettext

from portal.checklists.document import labels, language
from portal.checklists.pdf import render_pdf
from portal.extensions import content_domain
from portal.flows.presenter import KIND_LABELS, answer_text, outcome_view, source_view
from portal.formats import format_day
from portal.i18n import catalog_index, content_text
from portal.review import language_name, template_environment
from portal.review.diagram import diagram_svg
from portal.rules import ContentLibrary
from portal.rules.conditions import describe
from portal.rules.extract import flow_strings, office_strings
from portal.rules.graph import edges
from portal.rules.lifecycle import PRESS, UNSOURCED, evidence_level, programme_state, shown
from portal.rules.model import Flow, Office, Outcome, Question, Scenario, Source

MAX_PAGES = 400  # a long flow in full runs to a few dozen pages; this only stops a runaway
TEMPLATE = "review/packet.html"


def plain(text: str | None) -> str:
    """A content string as plain text (for the diagram): the translation, else the English."""
    if not text:
        return ""
    if catalog_index().is_translated(str(get_locale()), "content", text):
        return content_domain.gettext(text)
    return text


def css_string(text: str) -> str:
    """A CSS string literal, with quotes, backslashes and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"\s+", " ", text) + '"'


def page_css(header: str) -> str:
    """The page's margin boxes: `header` at the top, "Page X of Y" in the current language at
    the foot. As a data: URL stylesheet (the renderer's fetcher allows those), so no text of
    ours is ever written unescaped into the HTML."""
    # TRANSLATORS: at the foot of every page of the review packet; keep both placeholders
    text = gettext("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    parts = re.split(r"\x00(pages?)\x00", text)
    counter = " ".join(
        f"counter({part})" if n % 2 else css_string(part) for n, part in enumerate(parts) if part
    )
    font = 'font-family: "Noto Sans", "DejaVu Sans", sans-serif'
    css = (
        f"@page {{ @bottom-center {{ content: {counter}; font-size: 9pt; {font}; }}"
        f" @top-center {{ content: {css_string(header)}; font-size: 8pt; {font}; }} }}"
    )
    return "data:text/css;base64," + base64.b64encode(css.encode("utf-8")).decode("ascii")


def source_entry(source: Source) -> dict[str, Any]:
    """A source as the pages show it (presenter.source_view), with its id."""
    return source_view(source) | {"id": source.id}


def offices_for(library: ContentLibrary, flow: Flow, services: tuple[str, ...]) -> list[Office]:
    """The offices offering these services where the flow applies (every country for a flow
    written for all of them)."""
    countries = [flow.country] if flow.country in library.countries else list(library.countries)
    return [o for c in countries for o in library.offices_for(c, services)]


def question_entry(flow: Flow, question: Question) -> dict[str, Any]:
    options = [
        {"value": o.value, "label": gettext(o.label) if o.ui_label else content_text(o.label),
         "hint": content_text(o.hint)}
        for o in question.options
    ]  # fmt: skip
    rules = [
        {"when": label, "go": target, "target": flow.node(target)}
        for source, target, label in edges(flow)
        if source == question.id
    ]
    return {"question": question, "options": options, "rules": rules}


def outcome_entry(
    library: ContentLibrary, flow: Flow, outcome: Outcome, locale: str, today: dt.date
) -> dict[str, Any]:
    view = outcome_view(library, flow, flow.country, outcome, None, None, locale, today)
    programme = flow.programmes.get(outcome.programme) if outcome.programme else None
    closed = outcome.if_closed
    return {
        "outcome": outcome,
        "kind_label": str(KIND_LABELS[outcome.kind]),
        "view": view,  # how the page shows it on `today`: kind, title, fees, sources
        "shown": shown(flow, outcome, today),
        "conditions": [describe(i.when) if i.when else None for i in outcome.checklist],
        "offices": offices_for(library, flow, outcome.services),
        "closed_offices": offices_for(library, flow, closed.services)
        if closed and closed.services is not None
        else None,
        "sources": [source_entry(flow.sources[sid]) for sid in outcome.sources],
        "programme": programme,
        "programme_state": programme_state(programme, today) if programme else None,
        "related": [
            {
                "title": content_text(library.pathways[r.pathway].title),
                "id": r.pathway,
                "when": describe(r.when) if r.when else None,
            }
            for r in outcome.related
            if r.pathway in library.pathways
        ],
    }


def scenario_row(flow: Flow, scenario: Scenario, locale: str) -> dict[str, Any]:
    answers = []
    for qid, value in scenario.answers.items():
        question = flow.questions.get(qid)
        shown_value = answer_text(question, value, locale) if question else str(value)
        raw = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        answers.append({"id": qid, "raw": raw, "text": shown_value})
    return {"scenario": scenario, "answers": answers, "expect": flow.outcomes.get(scenario.expect)}


def open_points(
    library: ContentLibrary, flow: Flow, locale: str, today: dt.date
) -> dict[str, list[Any]]:
    citing: dict[str, list[str]] = {}
    for outcome in flow.outcomes.values():
        for sid in outcome.sources:
            citing.setdefault(sid, []).append(outcome.id)
    unverified = [
        {"source": source_entry(s), "outcomes": citing.get(s.id, [])}
        for s in flow.sources.values()
        if not s.verified
    ]
    weak = [
        {"outcome": o, "level": level}
        for o in flow.outcomes.values()
        if (level := evidence_level([flow.sources[s] for s in o.sources])) in (PRESS, UNSOURCED)
    ]
    overdue = [
        p
        for p in flow.programmes.values()
        if p.status != "closed" and p.check_by and p.check_by < today
    ]
    return {
        "unverified": unverified,
        "weak": weak,
        "overdue": overdue,
        "untranslated": untranslated(library, flow, locale),
    }


def untranslated(library: ContentLibrary, flow: Flow, locale: str) -> list[dict[str, Any]]:
    """This flow's content strings (and its offices') with no current translation in the
    locale: missing, or fuzzy (changed since it was translated). None for English."""
    if locale == "en":
        return []
    found: dict[str, str] = {}
    for text, path, line in flow_strings(flow):
        found.setdefault(text, f"{path}:{line}")
    services = tuple({s for o in flow.outcomes.values() for s in o.services})
    for office in offices_for(library, flow, services):
        for office_text in office_strings(office):
            found.setdefault(office_text, f"{office.where.path}:{office.where.line}")
    state = catalog_index().state(locale, "content")
    return [
        {"text": text, "where": where, "fuzzy": text in state.fuzzy}
        for text, where in found.items()
        if text not in state.translated
    ]


def packet_context(
    library: ContentLibrary, flow: Flow, locale: str, today: dt.date, graphviz: bool = True
) -> dict[str, Any]:
    """Everything the packet template needs, in the current (forced) locale."""
    names = {q.id: plain(q.text) for q in flow.questions.values()}
    names |= {o.id: plain(o.title) for o in flow.outcomes.values()}
    svg, engine = diagram_svg(flow, names, graphviz=graphviz)
    order = [q for q in flow.order if q in flow.questions]
    order += [q for q in flow.questions if q not in order]
    cited = {sid for o in flow.outcomes.values() for sid in o.sources}
    services = {s for o in flow.outcomes.values() for s in o.services}
    for outcome in flow.outcomes.values():
        services |= set(outcome.if_closed.services or ()) if outcome.if_closed else set()
    return {
        "flow": flow,
        "lang": language(locale),
        "language_name": language_name(locale),
        "today": today,
        "paper": "A4",
        "labels": labels(),
        "page_css": page_css(f"{flow.id} · {language_name(locale)}"),
        "diagram": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "diagram_engine": engine,
        "questions": [question_entry(flow, flow.questions[q]) for q in order],
        "outcomes": [
            outcome_entry(library, flow, o, locale, today) for o in flow.outcomes.values()
        ],
        "offices": sorted(
            offices_for(library, flow, tuple(services)), key=lambda o: (o.country, o.city or "")
        ),
        "uncited": [source_entry(s) for s in flow.sources.values() if s.id not in cited],
        "scenarios": [scenario_row(flow, s, locale) for s in flow.scenarios],
        "open": open_points(library, flow, locale, today),
        "review": flow.review,
    }


def packet_html(
    library: ContentLibrary, flow: Flow, locale: str, today: dt.date, graphviz: bool = True
) -> tuple[str, str]:
    """The packet's HTML in `locale`, and what drew its diagram ("graphviz" or "python")."""
    with force_locale(locale):
        g.pending_badges = True  # every untranslated string is marked, whatever came before
        context = packet_context(library, flow, locale, today, graphviz)
        context["printed"] = format_day(today)
        html = template_environment(current_app).get_template(TEMPLATE).render(context)
    return html, context["diagram_engine"]


def packet_pdf(
    library: ContentLibrary, flow: Flow, locale: str, today: dt.date, graphviz: bool = True
) -> tuple[bytes, str]:
    """The packet as a PDF, rendered in this process with the portal's safe renderer."""
    html, engine = packet_html(library, flow, locale, today, graphviz)
    static = Path(current_app.static_folder or "static")
    return render_pdf(html, static, max_pages=MAX_PAGES), engine
