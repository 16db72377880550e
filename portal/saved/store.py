"""Saved results in the database: create, open, delete and purge. Nothing else is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import SavedResult
from portal.saved.codes import code_hash, new_code, seal, unseal


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(when: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; everything is stored in UTC.
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def save(secret: str, flow_id: str, locale: str, data: dict[str, Any], days: int,
         channel: str = "self") -> tuple[str, dt.datetime]:  # fmt: skip
    code = new_code()
    while db.session.scalar(
        select(SavedResult.id).where(SavedResult.code_hash == code_hash(secret, code))
    ):
        code = new_code()  # pragma: no cover - a collision in 3.8e12 codes
    created = now()
    expires = created + dt.timedelta(days=days)
    db.session.add(SavedResult(
        code_hash=code_hash(secret, code), ciphertext=seal(secret, code, data), flow_id=flow_id,
        locale=locale, channel=channel, created_at=created, expires_at=expires,
    ))  # fmt: skip
    db.session.commit()
    return code, expires


def find(secret: str, code: str) -> SavedResult | None:
    record = db.session.scalar(
        select(SavedResult).where(SavedResult.code_hash == code_hash(secret, code))
    )
    if record is None or _aware(record.expires_at) <= now():
        return None
    return record


def open_saved(secret: str, code: str) -> tuple[SavedResult, dict[str, Any]] | None:
    record = find(secret, code)
    if record is None:
        return None
    data = unseal(secret, code, record.ciphertext)
    return (record, data) if data is not None else None


def delete_saved(secret: str, code: str) -> bool:
    result = db.session.execute(
        delete(SavedResult).where(SavedResult.code_hash == code_hash(secret, code))
    )
    db.session.commit()
    return bool(result.rowcount)


def purge_expired() -> int:
    result = db.session.execute(delete(SavedResult).where(SavedResult.expires_at <= now()))
    db.session.commit()
    return result.rowcount or 0
