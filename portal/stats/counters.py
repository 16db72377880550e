"""Counting what happens in flows, without keeping a record of anyone.

Each event adds one to a counter keyed by day, host country, pathway, event, detail (question
id or outcome kind), language and channel. The person's session remembers only which of their
own events were already counted, so a reload does not count twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import suppress
from typing import Any

from flask import session
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from portal import outage
from portal.extensions import db
from portal.models import FlowCount, ProfileCount

log = logging.getLogger(__name__)
STARTED, ANSWERED, OUTCOME = "started", "answered", "outcome"
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def channel() -> str:
    return "desk" if session.get("channel") == "desk" else "self"


def _add_one(model: Any, key: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO UPDATE count = count + 1: one statement, safe with many app
    servers writing at once. A failure is logged (without the key) and never reaches the person."""
    if not outage.optional_work_allowed():
        return  # the database failed moments ago: the page must not wait for it again
    insert = _INSERTS[db.engine.dialect.name]
    unique = next(c for c in model.__table__.constraints if c.name and c.name.startswith("uq_"))
    statement = (
        insert(model)
        .values(**key, count=1)
        .on_conflict_do_update(
            index_elements=[column.name for column in unique.columns],
            set_={"count": model.__table__.c.count + 1},
        )
    )
    try:
        db.session.execute(statement)
        db.session.commit()
    except SQLAlchemyError:
        outage.database_failed()
        with suppress(SQLAlchemyError):  # a dead connection cannot roll back; the pool drops it
            db.session.rollback()
        log.warning("statistics: could not add to a %s counter", model.__tablename__)


def count_flow_event(country: str, pathway: str, event: str, detail: str, locale: str) -> None:
    _add_one(
        FlowCount,
        {
            "day": today(), "country": country.upper(), "pathway": pathway, "event": event,
            "detail": detail, "locale": locale, "channel": channel(),
        },
    )  # fmt: skip


def count_profile(country: str, pathway: str, dimension: str, value: str) -> None:
    month = today().replace(day=1)
    _add_one(
        ProfileCount,
        {"month": month, "country": country.upper(), "pathway": pathway,
         "dimension": dimension, "value": value},
    )  # fmt: skip


class RunTally:
    """What has already been counted for the person's current run through one flow.

    Stored in the encrypted session as {flow_id: stage}: "started", "outcome" (the outcome was
    counted) or "profiled" (the optional profile was sent too). Cleared when the flow restarts.
    """

    STAGES = ("started", "outcome", "profiled")

    def __init__(self, flow_id: str) -> None:
        self.flow_id = flow_id

    @property
    def stage(self) -> str | None:
        return session.get("tally", {}).get(self.flow_id)

    def reached(self, stage: str) -> bool:
        current = self.stage
        return current is not None and self.STAGES.index(current) >= self.STAGES.index(stage)

    def mark(self, stage: str) -> None:
        session.setdefault("tally", {})[self.flow_id] = stage
        session.modified = True

    def forget(self) -> None:
        if self.flow_id in session.get("tally", {}):
            del session["tally"][self.flow_id]
            session.modified = True


def flow_started(country: str, pathway: str, flow_id: str, locale: str) -> None:
    """The person pressed "Start now" (or "Start again"): a new run."""
    tally = RunTally(flow_id)
    tally.forget()
    count_flow_event(country, pathway, STARTED, "", locale)
    tally.mark("started")


def question_answered(country: str, pathway: str, flow_id: str, question_id: str,
                      locale: str) -> None:  # fmt: skip
    """First answer to a question in this run (changing an answer is not counted again). Someone
    who arrived by a link, without pressing "Start now", starts here."""
    if RunTally(flow_id).stage is None:
        count_flow_event(country, pathway, STARTED, "", locale)
        RunTally(flow_id).mark("started")
    count_flow_event(country, pathway, ANSWERED, question_id, locale)


def outcome_reached(country: str, pathway: str, flow_id: str, kind: str, locale: str) -> None:
    """The person saw an outcome; counted once per run."""
    tally = RunTally(flow_id)
    if tally.reached("outcome"):
        return
    count_flow_event(country, pathway, OUTCOME, kind, locale)
    tally.mark("outcome")
