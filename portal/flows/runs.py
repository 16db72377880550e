"""A person's answers belong to a run: a random id in the encrypted cookie, made with the first
answer. Quick exit and "Delete my answers now" retire the run on the server, so a copy of the
cookie taken before (a synced browser profile, a backup, someone who copied it off the phone)
no longer shows the answers when it is sent again.

The server keeps only a hash of each retired id, until the cookie would have expired anyway
(SESSION_IDLE_SECONDS): no answers, nothing that links two runs. If the database cannot be
reached the person's own journey carries on (the check fails open and says so in the log);
Quick exit still clears the cookie in the browser.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time

from flask import Flask, current_app, request, session
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from portal import outage
from portal.extensions import db
from portal.models import RetiredRun

log = logging.getLogger(__name__)
RUN_KEY = "run"


def _hash(run_id: str) -> str:
    return hashlib.sha256(run_id.encode("utf-8")).hexdigest()


def ensure_run() -> None:
    if RUN_KEY not in session:
        session[RUN_KEY] = secrets.token_urlsafe(16)


def retire_run() -> None:
    """End this session's run for every copy of its cookie; the caller clears the session."""
    run_id = session.get(RUN_KEY)
    if not isinstance(run_id, str):
        return
    expires_at = time.time() + current_app.config["SESSION_IDLE_SECONDS"]
    table = RetiredRun.__table__
    if not outage.optional_work_allowed():
        log.warning("database unavailable: only this device's cookie was cleared")
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(table.insert().values(run_hash=_hash(run_id), expires_at=expires_at))
    except IntegrityError:
        pass  # already retired (Quick exit pressed twice with an old copy)
    except SQLAlchemyError as exc:
        outage.database_failed()
        log.warning("could not retire a run (%s): only this device's cookie was cleared",
                    type(exc).__name__)  # fmt: skip


def is_retired(run_id: str) -> bool:
    if not outage.optional_work_allowed():
        return False
    try:
        with db.engine.connect() as connection:
            found = connection.execute(
                select(RetiredRun.run_hash).where(RetiredRun.run_hash == _hash(run_id))
            ).first()
    except SQLAlchemyError as exc:
        outage.database_failed()
        log.warning("could not check for a retired run (%s); answers kept", type(exc).__name__)
        return False
    return found is not None


def purge_retired() -> int:
    table = RetiredRun.__table__
    with db.engine.begin() as connection:
        result = connection.execute(table.delete().where(table.c.expires_at <= time.time()))
    return result.rowcount or 0


def init_app(app: Flask) -> None:
    @app.before_request
    def forget_retired_runs() -> None:
        if request.endpoint == "static":
            return
        run_id = session.get(RUN_KEY)
        if isinstance(run_id, str) and is_retired(run_id):
            session.clear()
