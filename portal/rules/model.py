"""The compiled content model. Text fields hold source-language (English) msgids;
the web layer translates them through the `content` gettext domain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

QUESTION_TYPES = ("choice", "yes_no", "multi", "date", "month_year", "number", "country")
OUTCOME_KINDS = (
    "likely",
    "maybe",
    "not_this_way",
    "urgent_protection",
    "indeterminate",
    "suggestions",  # the "help me choose" questions end here, with related pathways
)
# What the page shows: an outcome's own kind, or "closed" when the engine finds its
# programme closed (content never writes kind: closed; the lifecycle decides).
SHOWN_KINDS = (*OUTCOME_KINDS, "closed")
SAFEGUARD_KINDS = ("fear_of_return", "unaccompanied_child", "declined")
SOURCE_KINDS = ("law", "official", "un_ngo", "press")
AUTHORITATIVE_KINDS = ("law", "official")  # what a "likely" outcome must rest on
PROGRAMME_STATUSES = ("open", "closed", "unknown")
YES_NO_EXTRAS = ("dont_know", "prefer_not")


@dataclass(frozen=True)
class Where:
    path: str
    line: int


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str | None = None
    ui_label: bool = False  # label is a UI string (yes/no/don't know), not a content string


@dataclass(frozen=True)
class Condition:
    """A parsed condition: an operator tree over answers and derived facts."""

    op: str  # eq, in, includes, before, after, lt, le, gt, ge, answered, not, all, any
    subject: str | None = None  # answer id, or "fact:<name>"
    value: Any = None
    children: tuple[Condition, ...] = ()
    where: Where | None = None

    def subjects(self) -> set[str]:
        found = {self.subject} if self.subject else set()
        for child in self.children:
            found |= child.subjects()
        return found


@dataclass(frozen=True)
class Rule:
    go: str
    when: Condition | None
    where: Where


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    hint: str | None
    options: tuple[Option, ...]
    next: tuple[Rule, ...]
    min: float | None
    max: float | None
    why_we_ask: str | None
    where: Where
    sensitive: bool = False  # nationality, status, entry, record, fear, family: offers prefer_not
    error: str | None = None  # shown when it is left unanswered, instead of the type's default

    def option_values(self) -> set[str]:
        return {o.value for o in self.options}


@dataclass(frozen=True)
class Source:
    """Evidence: what kind of text it is, where it is, when it was read, and a short quote in
    the source's own language that supports the claim (never translated)."""

    id: str
    title: str
    url: str | None
    note: str | None
    verified: bool
    where: Where
    kind: str = "official"  # law | official | un_ngo | press
    checked_on: dt.date | None = None
    quote: str | None = None
    lang: str | None = None  # language of the quote, for the page's lang attribute

    @property
    def authoritative(self) -> bool:
        return self.verified and self.kind in AUTHORITATIVE_KINDS


@dataclass(frozen=True)
class Programme:
    """A programme that opens and closes (a portaria's visa, a registration window). The engine,
    not each outcome, decides how an outcome resting on it shows (see rules/lifecycle.py)."""

    id: str
    name: str
    basis: tuple[str, ...]  # source ids
    opens: dt.date | None
    closes: dt.date | None
    status: str  # open | closed | unknown
    check_by: dt.date | None
    check_at: str
    where: Where


@dataclass(frozen=True)
class ClosedText:
    """What an outcome shows once its programme has closed: past tense, and what exists now."""

    title: str
    why: str
    next_steps: tuple[str, ...]
    services: tuple[str, ...] | None  # offices to show instead of the outcome's own


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    detail: str | None
    when: Condition | None
    where: Where


@dataclass(frozen=True)
class Fee:
    name: str
    amount: float | None
    currency: str | None
    code: str | None
    exemption: str | None
    source: str


@dataclass(frozen=True)
class Related:
    pathway: str
    when: Condition | None


@dataclass(frozen=True)
class Safeguard:
    """A cross-cutting protection the engine enforces before any ordinary rule:
    fear_of_return / unaccompanied_child: answering "yes" to `question` leads to `outcome`;
    declined: answering "prefer_not" to any question leads to `outcome`."""

    kind: str
    question: str | None
    outcome: str
    where: Where


@dataclass(frozen=True)
class Outcome:
    id: str
    kind: str
    title: str
    why: str
    next_steps: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    fees: tuple[Fee, ...]
    services: tuple[str, ...]
    sources: tuple[str, ...]
    related: tuple[Related, ...]
    valid_until: dt.date | None
    where: Where
    programme: str | None = None
    if_closed: ClosedText | None = None
    key_lines: tuple[tuple[str, int], ...] = ()  # (key, line) of its fields, for messages

    def line_of(self, key: str) -> int:
        """The line of one of its fields (sources, offices, …), so a message points at it."""
        return dict(self.key_lines).get(key, self.where.line)


@dataclass(frozen=True)
class Fact:
    """A derived fact, such as age from a birth date."""

    name: str
    kind: str  # years_since | months_since
    answer: str


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, Any]
    expect: str
    checklist_includes: tuple[str, ...]
    checklist_excludes: tuple[str, ...]
    today: dt.date | None
    where: Where
    shows: str | None = None  # the kind the page shows on `today` (closed, maybe, …)
    says: tuple[str, ...] = ()  # substrings of the shown outcome's English text
    does_not_say: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One entry of a flow's `changes:` list (rules/changes.py)."""

    on: dt.date
    what: str  # what changed, in plain words
    why: str
    source: str | None  # a source id of the flow
    where: Where


@dataclass(frozen=True)
class Review:
    status: str  # draft | reviewed
    by: str | None
    on: dt.date | None
    organisation: str | None = None
    scope: str | None = None
    content_hash: str | None = None  # of the flow as signed off (rules/review.py)
    changed: bool = False  # signed off, but the content changed since: a draft again
    where: Where | None = None  # the review: block

    @property
    def in_force(self) -> bool:
        """A legal reviewer signed off exactly the content people see."""
        return self.status == "reviewed" and not self.changed


@dataclass
class Flow:
    id: str  # "<country>/<pathway>", e.g. "br/regularization"
    country: str  # ISO 3166 alpha-2, upper case
    pathway: str
    title: str
    summary: str
    checks: tuple[str, ...]
    have_at_hand: tuple[str, ...]
    minutes: int
    last_reviewed: dt.date
    review: Review
    sources: dict[str, Source]
    facts: dict[str, Fact]
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    scenarios: tuple[Scenario, ...]
    where: Where
    safeguards: dict[str, Safeguard] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # questions in a topological order
    changes: tuple[Change, ...] = ()  # newest first
    version: str = ""  # the content hash (rules/review.py): saved answers keep it
    required_languages: tuple[str, ...] = ()  # Babel locales a release must translate it into
    unparsed: frozenset[str] = frozenset()  # questions and outcomes with errors of their own

    def node(self, node_id: str) -> Question | Outcome | None:
        return self.questions.get(node_id) or self.outcomes.get(node_id)


@dataclass(frozen=True)
class OpeningPeriod:
    """When an office is open (portal/rules/hours.py): the same times on the listed days."""

    days: tuple[int, ...]  # 0 = Monday … 6 = Sunday; () when the source does not say
    times: tuple[tuple[dt.time, dt.time], ...]  # opening ranges; () when not said or all day
    all_day: bool  # open 24 hours
    by_appointment: bool
    note: str | None  # a content string, translated


@dataclass(frozen=True)
class Office:
    id: str
    country: str
    name: str
    city: str | None
    address: str | None
    hours: tuple[OpeningPeriod, ...]
    phone: str | None
    url: str | None
    locator_url: str | None
    note: str | None
    services: tuple[str, ...]
    languages: tuple[str, ...]
    free: bool | None
    no_intermediaries: bool
    latitude: float | None
    longitude: float | None
    source: str
    last_reviewed: dt.date
    where: Where


@dataclass(frozen=True)
class Pathway:
    id: str
    title: str
    description: str
    where: Where
    kind: str = "pathway"  # "pathway", or "triage" for the help-me-choose questions
    icon: str | None = None  # name of an inline SVG icon in templates/icons/
    safeguards: tuple[str, ...] = ()  # safeguards every flow of this pathway must declare


@dataclass(frozen=True)
class Country:
    code: str
    currency: str
    paper: str  # A4 | letter
    where: Where
    language: str | None = None  # its official language, a Babel locale (pt_BR, es)
