"""A person's answers belong to a run: a random id in the encrypted cookie, made with the first
answer. Quick exit and "Delete my answers now" retire the run on the server, so a copy of the
cookie taken before (a synced browser profile, a backup, someone who copied it off the phone)
no longer shows the answers when it is sent again.

The server keeps only a hash of each retired id, until the cookie would have expired anyway
(SESSION_IDLE_SECONDS): no answers, nothing that links two runs. Each process keeps a copy of
the retired hashes, reloaded every RETIRED_RUNS_REFRESH_SECONDS (2 s). If the database cannot
be reached the person's own journey carries on (runs retired elsewhere are not seen, and say
so in the log); Quick exit still clears the cookie in the browser.
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
from portal.security import MACHINE_BLUEPRINTS

log = logging.getLogger(__name__)
RUN_KEY = "run"


def _hash(run_id: str) -> str:
    return hashlib.sha256(run_id.encode("utf-8")).hexdigest()


def ensure_run() -> None:
    if RUN_KEY not in session:
        session[RUN_KEY] = secrets.token_urlsafe(16)


class RetiredRuns:
    """This process's copy of the retired-run hashes, reloaded from the database at most every
    RETIRED_RUNS_REFRESH_SECONDS: a page view then costs a set lookup, not a query (a query per
    request doubled the cost of a question page). A run retired by this process counts at once;
    one retired by another worker or server counts after its next reload."""

    def __init__(self, refresh_seconds: float) -> None:
        self.refresh_seconds = refresh_seconds
        self.hashes: frozenset[str] = frozenset()
        self.loaded_at = -float("inf")

    def add(self, run_hash: str) -> None:
        self.hashes = self.hashes | {run_hash}

    def __contains__(self, run_hash: str) -> bool:
        if time.monotonic() - self.loaded_at >= self.refresh_seconds:
            self.reload()
        return run_hash in self.hashes

    def reload(self) -> None:
        self.loaded_at = time.monotonic()  # a failed reload waits for the next interval too
        if not outage.optional_work_allowed():
            return
        table = RetiredRun.__table__
        try:
            with db.engine.connect() as connection:
                rows = connection.execute(
                    select(table.c.run_hash).where(table.c.expires_at > time.time())
                )
                self.hashes = frozenset(row.run_hash for row in rows)
        except SQLAlchemyError as exc:
            outage.database_failed()
            log.warning("could not load retired runs (%s); answers kept", type(exc).__name__)


def _retired() -> RetiredRuns:
    return current_app.extensions["camino_retired_runs"]


def retire_run() -> None:
    """End this session's run for every copy of its cookie; the caller clears the session."""
    run_id = session.get(RUN_KEY)
    if not isinstance(run_id, str):
        return
    run_hash = _hash(run_id)
    _retired().add(run_hash)
    expires_at = time.time() + current_app.config["SESSION_IDLE_SECONDS"]
    table = RetiredRun.__table__
    if not outage.optional_work_allowed():
        log.warning("database unavailable: the run was retired on this server only")
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(table.insert().values(run_hash=run_hash, expires_at=expires_at))
    except IntegrityError:
        pass  # already retired (Quick exit pressed twice with an old copy)
    except SQLAlchemyError as exc:
        outage.database_failed()
        log.warning("could not record a retired run (%s): retired on this server only",
                    type(exc).__name__)  # fmt: skip


def is_retired(run_id: str) -> bool:
    return _hash(run_id) in _retired()


def purge_retired() -> int:
    table = RetiredRun.__table__
    with db.engine.begin() as connection:
        result = connection.execute(table.delete().where(table.c.expires_at <= time.time()))
    return result.rowcount or 0


def init_app(app: Flask) -> None:
    app.extensions["camino_retired_runs"] = RetiredRuns(app.config["RETIRED_RUNS_REFRESH_SECONDS"])

    @app.before_request
    def forget_retired_runs() -> None:
        if request.endpoint == "static" or request.blueprint in MACHINE_BLUEPRINTS:
            return  # no cookie to forget: machines' requests never read the session
        run_id = session.get(RUN_KEY)
        if isinstance(run_id, str) and is_retired(run_id):
            session.clear()
