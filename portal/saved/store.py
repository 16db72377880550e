"""Saved results in the database: create, open, delete and purge. Nothing else is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, delete, select

from portal.extensions import db
from portal.models import SavedResult
from portal.saved.codes import (
    FORMAT,
    CodeSecrets,
    code_secrets,
    format1_code_hash,
    format1_unseal,
    lookup_hash,
    new_code,
    seal,
    unseal,
)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(when: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; everything is stored in UTC.
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def code_hash_profile() -> str:
    return current_app.config["SAVED_CODE_HASH_PROFILE"]


def save(secret: str, flow_id: str, locale: str, data: dict[str, Any], days: int,
         channel: str = "self") -> tuple[str, dt.datetime]:  # fmt: skip
    profile = code_hash_profile()
    while True:  # a second round only on a collision in 3.8e12 codes
        code = new_code()
        found_by = code_secrets(code, profile)
        index = lookup_hash(secret, found_by.lookup)
        if not db.session.scalar(select(SavedResult.id).where(SavedResult.code_hash == index)):
            break
    created = now()
    expires = created + dt.timedelta(days=days)
    db.session.add(SavedResult(
        code_hash=index, ciphertext=seal(secret, found_by, data), seal_format=FORMAT,
        flow_id=flow_id, locale=locale, channel=channel, created_at=created, expires_at=expires,
    ))  # fmt: skip
    db.session.commit()
    return code, expires


def secret_keys() -> list[str]:
    """The current secret key, then the fallbacks of a key rotation (config.py)."""
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


@dataclass(frozen=True)
class Lookup:
    """A code's possible indexes under each key, in both formats: index -> key."""

    code: str
    found_by: CodeSecrets
    indexes: dict[str, str]

    @classmethod
    def of(cls, keys: Sequence[str], code: str) -> Lookup:
        found_by = code_secrets(code, code_hash_profile())
        indexes = {}
        for key in reversed(keys):  # the current key last, so it wins a (theoretical) tie
            indexes[format1_code_hash(key, code)] = key
            indexes[lookup_hash(key, found_by.lookup)] = key
        return cls(code, found_by, indexes)

    def open(self, record: SavedResult) -> dict[str, Any] | None:
        key = self.indexes[record.code_hash]
        if record.seal_format == FORMAT:
            return unseal(key, self.found_by, record.ciphertext)
        return format1_unseal(key, self.code, record.ciphertext)


def find(keys: Sequence[str], code: str) -> tuple[SavedResult, Lookup] | None:
    """The record and how to open it, if it exists and has not expired."""
    lookup = Lookup.of(keys, code)
    record = db.session.scalar(select(SavedResult).where(SavedResult.code_hash.in_(lookup.indexes)))
    if record is None or _aware(record.expires_at) <= now():
        return None
    return record, lookup


def open_saved(keys: Sequence[str], code: str) -> tuple[SavedResult, dict[str, Any]] | None:
    """`keys` is the current secret key, then its fallbacks. A record sealed with a fallback, or
    in format 1, is sealed again in format 2 with the current key as it is opened."""
    found = find(keys, code)
    if found is None:
        return None
    record, lookup = found
    data = lookup.open(record)
    if data is None:
        return None
    if lookup.indexes[record.code_hash] != keys[0] or record.seal_format != FORMAT:
        record.code_hash = lookup_hash(keys[0], lookup.found_by.lookup)
        record.ciphertext = seal(keys[0], lookup.found_by, data)
        record.seal_format = FORMAT
        db.session.commit()
    return record, data


def delete_saved(keys: Sequence[str], code: str) -> bool:
    # Session.execute() is typed to return a Result; a DELETE's is a CursorResult, with rowcount.
    statement = delete(SavedResult).where(SavedResult.code_hash.in_(Lookup.of(keys, code).indexes))
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
