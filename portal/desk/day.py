"""The clerk's day without case files (issue 16 §3): each result a clerk opens by code or answers
with a person adds one line — how, pathway, outcome kind, time — to the desk home's list of
today's work. No answers, code, name or city; lines of earlier days are deleted by `flask purge`.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import suppress
from dataclasses import dataclass
from typing import cast

from babel.dates import format_time
from flask import session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import SQLAlchemyError

from portal import outage
from portal.content import library
from portal.desk.person import staff_signed_in
from portal.extensions import db
from portal.flows.presenter import KIND_LABELS
from portal.flows.runs import RUN_KEY
from portal.i18n import content_text
from portal.models import DeskWork
from portal.saved.opened import opened_record

log = logging.getLogger(__name__)
LOGGED_KEY = "desk_logged"  # the flows whose result this person's run has already listed
HOW = {
    # TRANSLATORS: in the desk's list of today's work: a result opened with a person's code
    "opened": _l("Opened by code"),
    # TRANSLATORS: in the desk's list of today's work: questions answered with the person
    "assisted": _l("Answered with the person"),
}


def start_of_today() -> dt.datetime:
    """Midnight in the server's local time zone (as for "today" in clock.py), as an aware time."""
    now = dt.datetime.now().astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def note_result(country: str, pathway: str, flow_id: str, outcome_kind: str) -> None:
    """On a result page at a desk: list it once per person's run. Opened by code when this
    session opened the flow's saved record, else answered with the person."""
    if not staff_signed_in() or not current_user.is_authenticated:
        return
    mark = f"{flow_id}:{session.get(RUN_KEY, '')}"
    logged = session.get(LOGGED_KEY, [])
    if mark in logged or not outage.optional_work_allowed():
        return
    how = "opened" if opened_record(flow_id) is not None else "assisted"
    line = DeskWork(
        staff_id=current_user.id, at=dt.datetime.now(dt.UTC), how=how,
        country=country.upper(), pathway=pathway, outcome_kind=outcome_kind,
    )  # fmt: skip
    try:
        db.session.add(line)
        db.session.commit()
    except SQLAlchemyError:
        outage.database_failed()
        with suppress(SQLAlchemyError):
            db.session.rollback()
        log.warning("desk day: could not add a line")  # the person's page must not fail for it
        return
    session[LOGGED_KEY] = [*logged, mark][-20:]


@dataclass(frozen=True)
class WorkLine:
    time: str
    how: str
    pathway: str
    country: str
    outcome: str


def todays_work(staff_id: int) -> list[WorkLine]:
    """This clerk's lines since midnight, newest first, in the page's language."""
    rows = db.session.scalars(
        select(DeskWork)
        .where(DeskWork.staff_id == staff_id, DeskWork.at >= start_of_today())
        .order_by(DeskWork.at.desc(), DeskWork.id.desc())
    ).all()
    lib, locale = library(), str(get_locale())
    lines = []
    for row in rows:
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)  # SQLite drops the zone
        local = at.astimezone()
        pathway = lib.pathways.get(row.pathway)
        kind = KIND_LABELS.get(row.outcome_kind)
        lines.append(
            WorkLine(
                time=format_time(local, format="short", tzinfo=local.tzinfo, locale=locale),
                how=str(HOW.get(row.how, row.how)),
                pathway=content_text(pathway.title) if pathway else row.pathway,
                country=row.country,
                outcome=str(kind) if kind else row.outcome_kind,
            )
        )
    return lines


def purge_old_days() -> int:
    # Session.execute() is typed to return a Result; a DELETE's is a CursorResult, with rowcount.
    statement = delete(DeskWork).where(DeskWork.at < start_of_today())
    result = cast(CursorResult, db.session.execute(statement))
    db.session.commit()
    return result.rowcount or 0
