"""How an outcome shows today: the engine, not each outcome, decides whether the programme it
rests on is open, closed or unconfirmed, and how sure the evidence behind it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.rules.model import AUTHORITATIVE_KINDS, Flow, Outcome, Programme, Source

OPEN, CLOSED, UNCONFIRMED, UPCOMING = "open", "closed", "unconfirmed", "upcoming"


def programme_state(programme: Programme, today: dt.date) -> str:
    """closed: by status or after its last day. unconfirmed: status unknown, or open but past
    the date by which it had to be checked again. upcoming: before it opens."""
    if programme.status == "closed" or (programme.closes and today > programme.closes):
        return CLOSED
    if programme.opens and today < programme.opens:
        return UPCOMING
    if programme.status == "unknown" or (programme.check_by and today > programme.check_by):
        return UNCONFIRMED
    return OPEN


@dataclass(frozen=True)
class Shown:
    """What the page shows for an outcome on a given day."""

    kind: str  # the outcome's kind, "closed", or "maybe" for an unconfirmed "likely"
    state: str | None  # the programme's state, or None when the outcome rests on none
    programme: Programme | None
    title: str
    why: str
    next_steps: tuple[str, ...]
    services: tuple[str, ...]

    @property
    def closed(self) -> bool:
        return self.state == CLOSED


def shown(flow: Flow, outcome: Outcome, today: dt.date) -> Shown:
    programme = flow.programmes.get(outcome.programme) if outcome.programme else None
    if programme is None:
        return Shown(
            outcome.kind, None, None, outcome.title, outcome.why, outcome.next_steps,
            outcome.services,
        )  # fmt: skip
    state = programme_state(programme, today)
    if state == CLOSED and outcome.if_closed is not None:
        text = outcome.if_closed
        services = outcome.services if text.services is None else text.services
        return Shown("closed", state, programme, text.title, text.why, text.next_steps, services)
    kind = outcome.kind
    if state in (UNCONFIRMED, UPCOMING) and kind == "likely":
        kind = "maybe"
    return Shown(
        kind, state, programme, outcome.title, outcome.why, outcome.next_steps, outcome.services
    )


# How sure an outcome is, from the strongest verified source it cites.
OFFICIAL, UN_NGO, PRESS, UNSOURCED = "official", "un_ngo", "press", "unsourced"


def evidence_level(sources: list[Source]) -> str:
    kinds = {s.kind for s in sources if s.verified}
    if kinds & set(AUTHORITATIVE_KINDS):
        return OFFICIAL
    if "un_ngo" in kinds:
        return UN_NGO
    if "press" in kinds:
        return PRESS
    return UNSOURCED


def oldest_check(sources: list[Source]) -> dt.date | None:
    dates = [s.checked_on for s in sources if s.checked_on]
    return min(dates) if dates else None


def shown_text(view: Shown, outcome: Outcome, items: list) -> list[str]:
    """The English text a page shows for an outcome (for scenarios' says / does_not_say)."""
    texts = [view.title, view.why, *view.next_steps]
    for item in items:
        texts += [item.text, item.detail or ""]
    for fee in outcome.fees:
        texts += [fee.name, fee.exemption or ""]
    return texts
