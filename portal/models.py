"""Database tables. Nothing is stored about a person unless they choose to save."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Base, db

if TYPE_CHECKING:
    # mypy cannot take a base class from an attribute (db.Model). Flask-SQLAlchemy builds
    # db.Model from Base's body and bases, adding its own mixins.
    class Model(Base):
        __abstract__ = True
        __table__: ClassVar[Table]  # each model below has a __tablename__: a Table, not a join
else:
    Model = db.Model


class SavedResult(Model):
    """Answers a person chose to save under a short code (save-and-resume).

    The code is never stored: the row is found by an HMAC of a value argon2id derives from it,
    and the answers are sealed in two layers (`seal_format` 2; portal/saved/codes.py).
    """

    __tablename__ = "saved_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(128), unique=True, index=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    seal_format: Mapped[int] = mapped_column(SmallInteger, server_default="1")  # store.save: 2
    flow_id: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16), default="self")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class Staff(Model):
    """A service-desk, editor or admin account. Staff never see a person's name: there is none."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # desk | editor | admin
    city: Mapped[str | None] = mapped_column(String(120), nullable=True)  # offices shown first
    active: Mapped[bool] = mapped_column(default=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    # Part of every session's token (get_id): raising it ends all of the account's sessions.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    # Flask-Login's interface
    @property
    def is_active(self) -> bool:
        return self.active

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"


class AuditEntry(Model):
    """What staff did, and when: openings and deletions of saved records, refused codes at the
    desk, sign-ins (also failed ones) and changes to accounts. Never answers, codes or passwords.

    `staff_id` is who did it (none for a failed sign-in, whoever typed it, and for the command
    line); `target_staff_id` the account it was done to (the one a failed sign-in named, or the
    one created, disabled, enabled or reset). The action names are in portal/desk/audit.py.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    target_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    saved_result_id: Mapped[int | None] = mapped_column(nullable=True)


class FlowCount(Model):
    """How many times something happened in a flow on one day: counts, never records.

    `event` is "started", "answered" (with the question id as `detail`), "outcome" (with the
    outcome kind as `detail`) or "last" (runs whose last answer so far was the question in
    `detail` and which have not reached an outcome: moved from question to question, never
    below zero; portal/stats/counters.py). `channel` is "self", "desk" or "staff_test" (an
    editor trying a flow). `municipality` is the desk's city for desk journeys, otherwise the
    city the person chose, or "_elsewhere", "_declined" or "_unknown" (never asked). No answer,
    address, code or time finer than the day is ever stored.
    """

    __tablename__ = "flow_count"
    __table_args__ = (
        UniqueConstraint(
            "day", "country", "pathway", "event", "detail", "locale", "channel", "municipality",
            name="uq_flow_count_key",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    country: Mapped[str] = mapped_column(String(2))
    pathway: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(64), default="")
    locale: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    municipality: Mapped[str] = mapped_column(String(120), server_default="_unknown")
    count: Mapped[int] = mapped_column(Integer, default=0)


class ProfileCount(Model):
    """Answers to the optional "help us improve services" questions, each counted on its own.

    Kept per month, country and pathway only: no day, language, channel or outcome, and no
    link between one person's age band, gender and nationality.
    """

    __tablename__ = "profile_count"
    __table_args__ = (
        UniqueConstraint(
            "month", "country", "pathway", "dimension", "value", name="uq_profile_count_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)  # always the 1st of the month
    country: Mapped[str] = mapped_column(String(2))
    pathway: Mapped[str] = mapped_column(String(64))
    dimension: Mapped[str] = mapped_column(String(16))  # age_band | gender | nationality
    value: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=0)


class RateLimitCounter(Model):
    """Tries counted against a rate limit, shared by every worker and server (portal/ratelimit.py)
    when no Redis is configured. The key holds a keyed hash of the address or account, never the
    address or email itself; rows past `expires_at` are spent and purged."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch


class RetiredRun(Model):
    """A person's answers that Quick exit or "Delete my answers" ended (portal/flows/runs.py):
    a copy of the old cookie no longer opens them. Only a hash of the run's random id and when
    the cookie would have expired anyway: no answers."""

    __tablename__ = "retired_run"

    run_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch


class DeskWork(Model):
    """One result a clerk worked on today, for the desk home's list (issue 16 §3): whether it was
    opened by code or answered with the person, the pathway, the outcome's kind and the time.
    No answers, code, name or city. Kept for the day only: `flask purge` deletes older lines."""

    __tablename__ = "desk_work"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    how: Mapped[str] = mapped_column(String(16))  # opened | assisted
    country: Mapped[str] = mapped_column(String(2))
    pathway: Mapped[str] = mapped_column(String(64))
    outcome_kind: Mapped[str] = mapped_column(String(32))


class ApiKey(Model):
    """A partner's key for /api/v1 (`flask api-keys create`). Only a SHA-256 hash of the key is
    kept (a key is 32 random bytes, so a slow hash would add nothing) and its first characters,
    so a partner and an administrator can tell keys apart."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ChatConversation(Model):
    """One text-channel conversation (WhatsApp or SMS) while it lasts: keyed by an HMAC of the
    sender's number (never the number), its answers sealed with AES-GCM, deleted after
    CHAT_IDLE_SECONDS without a message or when the person sends "exit" (portal/chat/store.py)."""

    __tablename__ = "chat_conversation"

    sender_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch
