"""Turn a flow, an outcome and answers into what a page or a PDF shows. The HTML outcome page
and the PDF checklist use the same view, so they can never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.formats import (
    format_day,
    format_money,
    format_month,
    format_number,
    marked_country_name,
)
from portal.i18n import content_text, content_translation, for_direction, language_note
from portal.offices.where import Place
from portal.rules import ContentLibrary
from portal.rules.conditions import parse_date
from portal.rules.engine import Walk, checklist_for, full_checklist, related_for
from portal.rules.lifecycle import evidence_level, oldest_check, shown
from portal.rules.model import Flow, Office, Outcome, Question, Source
from portal.rules.offices import Nearby, for_print, nearest

KIND_LABELS = {
    "likely": _l("Likely eligible"),
    "maybe": _l("You may be eligible — get advice"),
    "not_this_way": _l("Not through this path — other ways exist"),
    "urgent_protection": _l("Protection first"),
    "indeterminate": _l("We cannot tell — talk to someone"),
    "suggestions": _l("Suggestions"),
    "closed": _l("This programme has closed"),
}
SOURCE_KIND_LABELS = {
    # TRANSLATORS: the kind of a source: the text of a law, decree or resolution
    "law": _l("Legal text"),
    # TRANSLATORS: the kind of a source: a government web page
    "official": _l("Official page"),
    # TRANSLATORS: the kind of a source: a page by the UN (UNHCR, IOM) or an NGO
    "un_ngo": _l("UN or NGO page"),
    # TRANSLATORS: the kind of a source: a news report
    "press": _l("News report"),
}


@dataclass
class AnswerRow:
    question: Question
    text: str


@dataclass
class OutcomeView:
    flow: Flow
    country: str  # the host country the person is in
    outcome: Outcome
    kind: str  # what the page shows: the outcome's kind, or "closed" (rules/lifecycle.py)
    kind_label: str
    title: str
    why: str
    next_steps: tuple[str, ...]
    programme: dict[str, Any] | None  # name, state, dates and where to check
    evidence: dict[str, Any]  # level (official | un_ngo | press | unsourced) and checked date
    checklist: list[dict[str, str | bool]]  # text, detail, conditional (on an answer)
    fees: list[dict[str, Any]]
    offices: list[Office]
    sources: list[dict[str, Any]]
    last_reviewed: str
    valid_until: str | None
    expired: bool
    related: list[dict[str, Any]]
    answers: list[AnswerRow]
    generated: str
    services: tuple[str, ...] = ()  # the services the shown outcome needs, in its order
    # Where to go, once the person's place is known (set_place): the offices shown on the page,
    # the ones printed, and one line saying what they are.
    place: Place | None = None
    nearby: Nearby | None = None
    printed: list[Office] = field(default_factory=list)
    where_note: str = ""
    why_lead: str = ""  # the why's first sentence or two, when the why says more (lead_of)

    def set_place(self, place: Place, country_label: str) -> None:
        """Choose the offices for where the person is (portal/offices/where.py)."""
        self.place = place
        self.nearby = nearest(self.offices, self.services, place.city)
        self.printed = for_print(self.offices, self.services, place.city)
        self.where_note = where_note(place.state, self.nearby, country_label)


LEAD_SHORT = 90  # a first sentence this short takes the second with it
LEAD_MAX = 240  # but a lead of two sentences stays under this
STOPS = ".!?؟"


ABBREVIATIONS = {"fr", "art", "arts", "núm", "num", "inc", "no", "nº", "p", "pp", "etc", "cf", "ej"}


def _abbreviation(word: str) -> bool:
    """ "fr." in "art. 52 fr. V", "Av." in "Av. Paulista": a stop that does not end a sentence.
    Short lower-case words do end sentences (Creole "… nasyonalite l. ICBF …")."""
    core = word.lstrip("\"'«“([")
    if not core.isalpha():
        return False  # "19/2021." or "»)." ends a sentence
    return core.lower() in ABBREVIATIONS or (core[0].isupper() and len(core) <= 3)


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end: a stop outside brackets and quotes, then a space and a capital (or
    a letter of a script without case, such as Arabic), not after an abbreviation."""
    ends, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "([“«":
            depth += 1
        elif ch in ")]”»":
            depth = max(0, depth - 1)
        elif ch in STOPS and depth == 0 and text[i + 1 : i + 2].isspace():
            following = text[i + 2 : i + 3]
            words = text[:i].split()
            starts = following.isupper() or (following.isalpha() and not following.islower())
            if (starts or following in ("¿", "¡", '"')) and not _abbreviation(words[-1]):
                ends.append(i + 1)
    return ends


def lead_of(text: str) -> str:
    """The first sentence of a translated why (two when the first is short), to show under the
    headline; "" when that would be the whole text or the text is not plain (an untranslated
    string carries its own markup)."""
    if not text or isinstance(text, Markup):
        return ""
    text = " ".join(text.split())
    ends = _sentence_ends(text)
    if not ends:
        return ""
    lead = text[: ends[0]]
    if len(lead) < LEAD_SHORT and len(ends) > 1 and ends[1] <= LEAD_MAX:
        lead = text[: ends[1]]
    return "" if len(lead) >= len(text) else lead


def why_lead(why: str) -> str:
    """The lead of a why in the page's language; of the English, marked as such, while it has
    no current translation (the whole why, further down, carries the pending mark)."""
    translated = content_translation(why)
    if translated is not None:
        lead = lead_of(translated)
        return for_direction(lead) if lead else ""
    lead = lead_of(" ".join(why.split()))
    return Markup('<span lang="en" dir="ltr">{}</span>').format(lead) if lead else ""


def where_note(state: str, nearby: Nearby, country: str) -> str:
    """One line above the offices, on the page and in the PDF: whose city they are in, and
    when none is, that the ones shown help anywhere in the country."""
    first = ""
    if state == "city" and nearby.in_city:
        # TRANSLATORS: above the list of offices; the city the person chose
        return _("Offices in %(city)s first.", city=nearby.city)
    if state == "city":
        first = _("None of the offices for this is in %(city)s.", city=nearby.city)
    elif state == "elsewhere":
        # TRANSLATORS: the person answered that their city is not in the list of cities
        first = _("None of the offices we list is in your city.")
    elif state == "declined":
        first = _("You chose not to say your city.")
    if not nearby.offices:
        return first
    # TRANSLATORS: above offices that serve the whole country (phone lines, online services)
    remote = _("These help anywhere in %(country)s, by phone or online.", country=country)
    return f"{first} {remote}" if first else remote


def answer_text(question: Question, value: Any, locale: str) -> str:
    if question.type in ("choice", "yes_no", "multi"):
        labels = {
            o.value: (_(o.label) if o.ui_label else content_text(o.label)) for o in question.options
        }
        values = value if isinstance(value, list) else [value]
        return Markup(", ").join(labels.get(v, str(v)) for v in values)
    if question.type == "country":
        if value in question.option_values():  # "I prefer not to say"
            return _(question.options[0].label)
        return marked_country_name(str(value), locale)
    if question.type in ("date", "month_year"):
        when = parse_date(value)
        if when is None:
            return str(value)
        return format_day(when) if question.type == "date" else format_month(when)
    return format_number(value)


def answer_rows(flow: Flow, walk: Walk, answers: dict[str, Any], locale: str) -> list[AnswerRow]:
    return [
        AnswerRow(flow.questions[q], answer_text(flow.questions[q], answers[q], locale))
        for q in walk.path
    ]


def outcome_view(
    library: ContentLibrary,
    flow: Flow,
    country: str,
    outcome: Outcome,
    answers: dict[str, Any] | None,
    walk: Walk | None,
    locale: str,
    today: dt.date,
) -> OutcomeView:
    """Answers None means a blank checklist: every item that may be needed."""
    items = (
        full_checklist(outcome) if answers is None else checklist_for(flow, outcome, answers, today)
    )
    fees = []
    for fee in outcome.fees:
        amount = None
        if fee.amount is not None and fee.currency:
            amount = format_money(fee.amount, fee.currency)
        fees.append(
            {
                "name": content_text(fee.name),
                "amount": amount,
                "code": fee.code,
                "exemption": content_text(fee.exemption),
                "source": flow.sources[fee.source],
            }
        )
    cited = [flow.sources[sid] for sid in outcome.sources]
    sources = [source_view(s) for s in cited]
    view = shown(flow, outcome, today)
    programme = None
    if view.programme is not None:
        p = view.programme
        programme = {
            "name": p.name,  # translated in the template with ct()
            "state": view.state,
            "opens": format_day(p.opens) if p.opens else None,
            "closes": format_day(p.closes) if p.closes else None,
            "check_at": p.check_at,
        }
    checked = oldest_check(cited)
    evidence = {
        "level": evidence_level(cited),
        "checked": format_day(checked) if checked else None,
    }
    related = []
    related_ids = (
        [r.pathway for r in outcome.related]
        if answers is None
        else related_for(flow, outcome, answers, today)
    )
    for pathway_id in related_ids:
        pathway = library.pathways[pathway_id]
        target = library.flow(country, pathway_id)
        title = content_text(pathway.title)
        note = language_note(target)  # "(in English)" before the person opens it
        related.append(
            {
                "id": pathway.id,
                "icon": pathway.icon,
                "title": Markup("{} {}").format(title, note) if note else title,
                "description": content_text(pathway.description),
                "flow": target,
            }
        )
    return OutcomeView(
        flow=flow,
        outcome=outcome,
        kind=view.kind,
        kind_label=str(KIND_LABELS[view.kind]),
        title=view.title,
        why=view.why,
        next_steps=view.next_steps,
        programme=programme,
        evidence=evidence,
        checklist=[
            {
                "text": content_text(i.text),
                "detail": content_text(i.detail),
                "conditional": i.when is not None,
            }
            for i in items
        ],
        fees=fees,
        country=country,
        offices=library.offices_for(country, view.services),
        services=view.services,
        why_lead=why_lead(view.why),
        sources=sources,
        last_reviewed=format_day(flow.last_reviewed),
        valid_until=format_day(outcome.valid_until) if outcome.valid_until else None,
        expired=bool(outcome.valid_until and outcome.valid_until < today),
        related=related,
        answers=answer_rows(flow, walk, answers, locale) if walk and answers is not None else [],
        generated=format_day(today),
    )


def source_view(source: Source) -> dict[str, Any]:
    return {
        "title": content_text(source.title),
        "url": source.url,
        "note": content_text(source.note),
        "verified": source.verified,
        "kind": source.kind,
        "kind_label": str(SOURCE_KIND_LABELS[source.kind]),
        "checked_on": format_day(source.checked_on) if source.checked_on else None,
        "quote": source.quote,
        "lang": source.lang,
    }
