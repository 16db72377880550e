"""Counting what happens in flows, without keeping a record of anyone.

Each event adds one to a counter keyed by day, host country, pathway, event, detail (question
id or outcome kind), language, channel and municipality. The person's session remembers only
which of their own events were already counted, so a reload does not count twice.

True drop-off ("last" counters): the session also remembers which "last" counter its run
raised, if any. Answering a new question moves that one count to the new question in a single
transaction, and reaching an outcome takes it away, so "last" for a question is the number of
runs whose last answer was that question and which have not (yet) reached an outcome.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, MutableMapping
from contextlib import suppress
from typing import Any

from flask import g, session
from flask_login import current_user
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from portal import clock, outage
from portal.extensions import db
from portal.models import FlowCount, ProfileCount
from portal.offices.where import DECLINED, ELSEWHERE, remembered

log = logging.getLogger(__name__)
STARTED, ANSWERED, OUTCOME, LAST = "started", "answered", "outcome", "last"
STAFF_TEST = "staff_test"  # an editor trying a flow: never counted as a person
# Municipalities that are not a city. Content cities never start with "_" (offices/where.py).
UNKNOWN = "_unknown"  # never asked (or a desk account without a city)
NOT_CITIES = (ELSEWHERE, DECLINED, UNKNOWN)
MUNICIPALITY_LENGTH = 120
_INSERTS: dict[str, Callable[[Any], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


CONVERSATION_CHANNELS = ("api", "chat")  # set per request in g.channel (portal/api, portal/chat)


def channel() -> str:
    """self, desk or staff_test from the session; api or chat for a conversation's request."""
    from_request = g.get("channel")
    if from_request in CONVERSATION_CHANNELS:
        return from_request
    value = session.get("channel")
    return value if value in ("desk", STAFF_TEST) else "self"


def municipality(country: str) -> str:
    """Where the journey happens: at a desk (or an editor trying a flow), the signed-in staff
    member's city; otherwise the city the person chose for this country, ELSEWHERE, DECLINED,
    or UNKNOWN when they were never asked."""
    if channel() != "self":
        city = getattr(current_user, "city", None) if current_user.is_authenticated else None
        answer = (city or "").strip()
    else:
        answer = remembered(country) or ""
    if answer in (ELSEWHERE, DECLINED):
        return answer
    if not answer or answer.startswith("_"):
        return UNKNOWN
    return answer[:MUNICIPALITY_LENGTH]


def _upsert_one(model: Any, key: dict[str, Any]):
    """INSERT … ON CONFLICT DO UPDATE count = count + 1: one statement, safe with many app
    servers writing at once."""
    insert = _INSERTS[db.engine.dialect.name]
    unique = next(c for c in model.__table__.constraints if c.name and c.name.startswith("uq_"))
    return (
        insert(model)
        .values(**key, count=1)
        .on_conflict_do_update(
            index_elements=[column.name for column in unique.columns],
            set_={"count": model.__table__.c.count + 1},
        )
    )


def _take_one(key: dict[str, Any]):
    """UPDATE … SET count = count - 1 WHERE <key> AND count > 0: one statement, never below
    zero, whatever other servers do at the same moment."""
    table = FlowCount.__table__
    conditions = [table.c[name] == value for name, value in key.items()]
    return update(table).where(*conditions, table.c.count > 0).values(count=table.c.count - 1)


def _write(model: Any, *statements) -> bool:
    """Run the statements in one transaction. A failure is logged (without the key) and never
    reaches the person; returns whether the counts were written."""
    if not outage.optional_work_allowed():
        return False  # the database failed moments ago: the page must not wait for it again
    try:
        for statement in statements:
            db.session.execute(statement)
        db.session.commit()
    except SQLAlchemyError:
        outage.database_failed()
        with suppress(SQLAlchemyError):  # a dead connection cannot roll back; the pool drops it
            db.session.rollback()
        log.warning("statistics: could not write a %s counter", model.__tablename__)
        return False
    return True


def _add_one(model: Any, key: dict[str, Any]) -> bool:
    return _write(model, _upsert_one(model, key))


def flow_key(country: str, pathway: str, event: str, detail: str, locale: str) -> dict[str, Any]:
    return {
        "day": clock.today(), "country": country.upper(), "pathway": pathway, "event": event,
        "detail": detail, "locale": locale, "channel": channel(),
        "municipality": municipality(country),
    }  # fmt: skip


def count_flow_event(country: str, pathway: str, event: str, detail: str, locale: str) -> None:
    _add_one(FlowCount, flow_key(country, pathway, event, detail, locale))


def count_profile(country: str, pathway: str, dimension: str, value: str) -> None:
    month = clock.today().replace(day=1)
    _add_one(
        ProfileCount,
        {"month": month, "country": country.upper(), "pathway": pathway,
         "dimension": dimension, "value": value},
    )  # fmt: skip


class RunTally:
    """What has already been counted for the person's current run through one flow.

    Stored in the encrypted session as {flow_id: stage}: "started", "outcome" (the outcome was
    counted) or "profiled" (the optional profile was sent too). Cleared when the flow restarts.
    Beside it, under "tally_last", the key of the "last" counter the run raised, if any: the
    question, the day it was raised, and the language, channel and municipality it was
    counted under, so that exactly that counter is moved on later.
    """

    STAGES = ("started", "outcome", "profiled")
    LAST_FIELDS = ("country", "pathway", "detail", "day", "locale", "channel", "municipality")

    def __init__(self, flow_id: str, store: MutableMapping[str, Any] | None = None) -> None:
        self.flow_id = flow_id
        # The session, or a conversation's own bookkeeping (portal/conversation/state.py).
        self.session: MutableMapping[str, Any] = session if store is None else store

    @property
    def stage(self) -> str | None:
        return self.session.get("tally", {}).get(self.flow_id)

    def reached(self, stage: str) -> bool:
        current = self.stage
        return current is not None and self.STAGES.index(current) >= self.STAGES.index(stage)

    def mark(self, stage: str) -> None:
        self.session.setdefault("tally", {})[self.flow_id] = stage
        self._modified()

    @property
    def last(self) -> dict[str, Any] | None:
        """The key of the run's "last" counter, or None."""
        kept = self.session.get("tally_last", {}).get(self.flow_id)
        if not isinstance(kept, list) or len(kept) != len(self.LAST_FIELDS):
            return None
        key = dict(zip(self.LAST_FIELDS, kept, strict=True))
        try:
            key["day"] = dt.date.fromisoformat(str(key["day"]))
        except ValueError:
            return None
        return {**key, "event": LAST}

    def set_last(self, key: dict[str, Any] | None) -> None:
        kept = self.session.setdefault("tally_last", {})
        if key is None:
            kept.pop(self.flow_id, None)
        else:
            values = {**key, "day": key["day"].isoformat()}
            kept[self.flow_id] = [values[name] for name in self.LAST_FIELDS]
        self._modified()

    def forget(self) -> None:
        for name in ("tally", "tally_last"):
            if self.flow_id in self.session.get(name, {}):
                del self.session[name][self.flow_id]
                self._modified()

    def _modified(self) -> None:
        # A nested dict changed: tell Flask's session (a plain dict needs nothing)
        if self.session is session:
            session.modified = True


def move_last(tally: RunTally, new: dict[str, Any] | None) -> None:
    """Move the run's one "last" count from its old counter to `new` (None: take it away, the
    run reached an outcome), in one transaction. The session follows only what was written: if
    the write fails the old counter still holds the count, and the session still points at it."""
    old = tally.last
    statements = []
    if old is not None:
        statements.append(_take_one(old))
    if new is not None:
        statements.append(_upsert_one(FlowCount, new))
    if statements and _write(FlowCount, *statements):
        tally.set_last(new)


def flow_started(country: str, pathway: str, flow_id: str, locale: str,
                 store: MutableMapping[str, Any] | None = None) -> None:  # fmt: skip
    """The person pressed "Start now" (or "Start again"): a new run. A run left before its
    outcome keeps its "last" count: it never reached one."""
    tally = RunTally(flow_id, store)
    tally.forget()
    count_flow_event(country, pathway, STARTED, "", locale)
    tally.mark("started")


def question_answered(
    country: str,
    pathway: str,
    flow_id: str,
    question_id: str,
    locale: str,
    store: MutableMapping[str, Any] | None = None,
) -> None:
    """First answer to a question in this run (changing an answer is not counted again). Someone
    who arrived by a link, without pressing "Start now", starts here. Until the run reaches an
    outcome, this question becomes its last answered one."""
    tally = RunTally(flow_id, store)
    if tally.stage is None:
        count_flow_event(country, pathway, STARTED, "", locale)
        tally.mark("started")
    count_flow_event(country, pathway, ANSWERED, question_id, locale)
    if not tally.reached("outcome"):
        move_last(tally, flow_key(country, pathway, LAST, question_id, locale))


def outcome_reached(country: str, pathway: str, flow_id: str, kind: str, locale: str,
                    store: MutableMapping[str, Any] | None = None) -> None:  # fmt: skip
    """The person saw an outcome; counted once per run, and the run is no longer a drop-off."""
    tally = RunTally(flow_id, store)
    if tally.reached("outcome"):
        return
    count_flow_event(country, pathway, OUTCOME, kind, locale)
    tally.mark("outcome")
    if tally.last is not None:
        move_last(tally, None)
        tally.set_last(None)  # if that failed, the count stays: a rare over-count, logged
