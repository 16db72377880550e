"""Saved results in the database: create, open, delete and purge. Nothing else is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, delete, select

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


def secret_keys() -> list[str]:
    """The current secret key, then the fallbacks of a key rotation (config.py)."""
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


def _matching(keys: Sequence[str], code: str) -> dict[str, str]:
    """The code's hash under each key, current first: hash -> key."""
    return {code_hash(key, code): key for key in reversed(keys)}


def find(keys: Sequence[str], code: str) -> tuple[SavedResult, str] | None:
    """The record and the key it was sealed with (the current key, or a fallback after a key
    rotation), if it exists and has not expired."""
    hashes = _matching(keys, code)
    record = db.session.scalar(select(SavedResult).where(SavedResult.code_hash.in_(hashes)))
    if record is None or _aware(record.expires_at) <= now():
        return None
    return record, hashes[record.code_hash]


def open_saved(keys: Sequence[str], code: str) -> tuple[SavedResult, dict[str, Any]] | None:
    """`keys` is the current secret key, then its fallbacks. A record sealed with a fallback is
    sealed again with the current key as it is opened, so the old key can be retired once no
    record needs it."""
    found = find(keys, code)
    if found is None:
        return None
    record, key = found
    data = unseal(key, code, record.ciphertext)
    if data is None:
        return None
    if key != keys[0]:
        record.code_hash = code_hash(keys[0], code)
        record.ciphertext = seal(keys[0], code, data)
        db.session.commit()
    return record, data


def delete_saved(keys: Sequence[str], code: str) -> bool:
    # Session.execute() is typed to return a Result; a DELETE's is a CursorResult, with rowcount.
    statement = delete(SavedResult).where(SavedResult.code_hash.in_(_matching(keys, code)))
    result = cast(CursorResult, db.session.execute(statement))
    db.session.commit()
    return bool(result.rowcount)


def delete_by_id(record_id: int) -> bool:
    """For a result opened by code in this session (its id kept in the encrypted session, the
    code itself never): "Delete these answers now"."""
    statement = delete(SavedResult).where(SavedResult.id == record_id)
    result = cast(CursorResult, db.session.execute(statement))
    db.session.commit()
    return bool(result.rowcount)


def purge_expired() -> int:
    statement = delete(SavedResult).where(SavedResult.expires_at <= now())
    result = cast(CursorResult, db.session.execute(statement))
    db.session.commit()
    return result.rowcount or 0
