"""Rate limits that count the same on every worker and server.

Each budget counts tries per *who* (an address, an account) in fixed windows, with the `limits`
library's strategy over one of three stores:

- Redis when `REDIS_URL` (or `RATELIMIT_STORAGE_URI=redis://…`) is set;
- otherwise the portal's own database (`rate_limit_counter`), which every gunicorn worker and
  every app server already shares;
- `memory://` only in development and testing: each process would count apart, so production
  refuses to start with it (portal/config.py).

If Redis fails, the database counts instead; if that fails too, the try is let through and the
failure logged, because every limited action needs the database itself and answers 503 then.
Who is counted is a keyed hash (HMAC with the secret key), so no store holds an address or email.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import Table, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import TooManyRequests

from portal.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budget:
    setting: str  # the config key holding e.g. "10 per minute;50 per day"
    message: object  # a lazy string with %(when)s: what was limited and when it resets


BUDGETS = {
    # Opening or deleting a saved result by code, from one address: one budget for both.
    "code": Budget(
        "CODE_LOOKUP_LIMIT",
        # TRANSLATORS: %(when)s is a time from now, translated apart: "in 40 seconds".
        _l(
            "Too many codes were tried from this connection. For your safety, you can try "
            "again %(when)s."
        ),
    ),
    # A signed-in staff member opening codes for the people they serve, per account.
    "staff-code": Budget(
        "STAFF_CODE_LOOKUP_LIMIT",
        # TRANSLATORS: %(when)s is a time from now, translated apart: "in 40 seconds".
        _l("Your account has opened too many codes for now. You can open more %(when)s."),
    ),
    "sign-in-account": Budget(
        "SIGN_IN_ACCOUNT_LIMIT",
        # TRANSLATORS: %(when)s is a time from now, translated apart: "in 40 seconds".
        _l("Too many sign-in attempts for this account. You can try again %(when)s."),
    ),
    "sign-in-address": Budget(
        "SIGN_IN_ADDRESS_LIMIT",
        # TRANSLATORS: %(when)s is a time from now, translated apart: "in 40 seconds".
        _l("Too many sign-in attempts from this connection. You can try again %(when)s."),
    ),
    # A partner's key on the JSON API (portal/api), per key.
    "api": Budget(
        "API_RATE_LIMIT",
        # TRANSLATORS: %(when)s is a time from now, translated apart: "in 40 seconds".
        _l("Too many requests were made with this API key. You can try again %(when)s."),
    ),
}


class LimitReached(TooManyRequests):
    """A 429 that knows which budget ran out and when it resets (errors.py renders it)."""

    retry_after: int  # seconds; Werkzeug's exception also allows a datetime or None

    def __init__(self, budget: str, reset_at: float) -> None:
        super().__init__()
        self.budget = budget
        self.retry_after = max(1, int(reset_at - time.time()) + 1)

    def message(self) -> str:
        return str(BUDGETS[self.budget].message) % {"when": time_from_now(self.retry_after)}


def time_from_now(seconds: int) -> str:
    """ "in 40 seconds", "in 3 minutes", "in 2 hours", rounded up. The portal's own strings, not
    CLDR's relative times: CLDR has none for Haitian Creole (it gives "+40 s")."""
    if seconds < 90:
        return ngettext("in %(num)d second", "in %(num)d seconds", seconds)
    minutes = -(-seconds // 60)
    if minutes < 90:
        return ngettext("in %(num)d minute", "in %(num)d minutes", minutes)
    hours = -(-minutes // 60)
    return ngettext("in %(num)d hour", "in %(num)d hours", hours)


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit_counter` table: one upsert per try, atomic on
    SQLite and PostgreSQL, on its own connection so it never commits a request's work."""

    STORAGE_SCHEME = ["camino+database"]

    def __init__(self, uri: str | None = None, **options: object) -> None:
        super().__init__(uri, wrap_exceptions=False)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @staticmethod
    def _table():
        from portal.models import RateLimitCounter

        return RateLimitCounter.__table__

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        table, now = self._table(), time.time()
        spent = table.c.expires_at <= now
        with db.engine.begin() as connection:
            insert = _insert_for(connection.dialect.name)(table)
            statement = (
                insert.values(key=key, count=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[table.c.key],
                    set_={
                        "count": case((spent, amount), else_=table.c.count + amount),
                        "expires_at": case((spent, now + expiry), else_=table.c.expires_at),
                    },
                )
                .returning(table.c.count)
            )
            return int(connection.execute(statement).scalar_one())

    def _row(self, key: str):
        table = self._table()
        with db.engine.connect() as connection:
            return connection.execute(
                table.select().where(table.c.key == key, table.c.expires_at > time.time())
            ).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        with db.engine.connect() as connection:
            connection.execute(db.text("SELECT 1"))
        return True

    def reset(self) -> int | None:
        return purge_spent()

    def clear(self, key: str) -> None:
        table = self._table()
        with db.engine.begin() as connection:
            connection.execute(table.delete().where(table.c.key == key))


def _insert_for(dialect: str) -> Callable[[Table], postgresql.Insert | sqlite.Insert]:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def purge_spent() -> int:
    """Delete counters whose window has passed (`flask purge` calls this)."""
    from portal.models import RateLimitCounter

    table = RateLimitCounter.__table__
    with db.engine.begin() as connection:
        result = connection.execute(table.delete().where(table.c.expires_at <= time.time()))
    return result.rowcount or 0


class RateLimits:
    """The budgets of one app, counted in its store, with the database as the fallback."""

    def __init__(self, app: Flask) -> None:
        uri = app.config.get("RATELIMIT_STORAGE_URI") or "database"
        database = FixedWindowRateLimiter(DatabaseStorage())
        if uri == "database":
            self.strategies = [database]
        elif uri.startswith("memory://"):
            self.strategies = [FixedWindowRateLimiter(MemoryStorage())]
        else:
            prefix = app.config.get("RATELIMIT_KEY_PREFIX") or "camino"
            shared = storage_from_string(uri, key_prefix=prefix, wrap_exceptions=True)
            self.strategies = [FixedWindowRateLimiter(shared), database]
        secret_key = app.secret_key or ""
        self.secret = secret_key.encode() if isinstance(secret_key, str) else secret_key

    def who(self, kind: str, value: str) -> str:
        digest = hmac.new(self.secret, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def spend(self, budget: str, who: str) -> None:
        """Count one try; raise LimitReached if any window of the budget is already spent."""
        windows: list[RateLimitItem] = parse_many(current_app.config[BUDGETS[budget].setting])
        for strategy in self.strategies:
            try:
                for window in windows:
                    if not strategy.hit(window, budget, who):
                        reset_at = strategy.get_window_stats(window, budget, who).reset_time
                        raise LimitReached(budget, reset_at)
                return
            except LimitReached:
                raise
            except Exception as exc:  # a store's own errors: Redis, the database driver
                log.error("rate limit store failed (%s); trying the next", type(exc).__name__)
        log.error("rate limits: every store failed; the try was let through")


def init_app(app: Flask) -> None:
    app.extensions["camino_rate_limits"] = RateLimits(app)


def spend(budget: str, who: str) -> None:
    current_app.extensions["camino_rate_limits"].spend(budget, who)


def who(kind: str, value: str) -> str:
    return current_app.extensions["camino_rate_limits"].who(kind, value)


def spend_on_code() -> None:
    """A try at a saved code: signed-in staff spend their account's budget, anyone else the
    budget of their address shared by every code-taking page."""
    from flask_login import current_user

    if current_user.is_authenticated:
        spend("staff-code", who("staff", str(current_user.id)))
    else:
        spend("code", who("address", client_address()))


def spend_on_sign_in(email: str) -> None:
    """A sign-in try counts against the address (a high cap) and the account tried, whether or
    not it exists, so the refusal tells nothing about which accounts exist."""
    spend("sign-in-address", who("address", client_address()))
    spend("sign-in-account", who("email", email.strip().lower()[:254]))


def client_address() -> str:
    """The address the request came from: with PROXY_FIX_X_FOR, the one the trusted proxy saw
    (Werkzeug's ProxyFix takes the right-most X-Forwarded-For values, which the proxy appends;
    a client cannot replace them by sending its own)."""
    return request.remote_addr or "unknown"
