"""Moving every saved result to the current SECRET_KEY at once (`flask keys rotate-saved`).

Only format 2 can be moved without its code (codes.py): its outer layer is opened with the key
that sealed it and sealed again with the current key; the inner layer, which only the code
opens, is carried over as it is. A format 1 record needs its code, so it moves when it is next
opened, or is purged when it expires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import SavedResult
from portal.saved.codes import FORMAT, rewrap, sealed_with
from portal.saved.store import now

BATCH = 500


@dataclass(frozen=True)
class RotationReport:
    resealed: int  # moved from a fallback key to the current one
    current: int  # already sealed with the current key
    no_key: int  # opened by none of the configured keys: lost unless that key is listed again
    format1: int  # need their codes: moved when opened
    format1_last_expiry: dt.datetime | None

    @property
    def fallbacks_needed(self) -> bool:
        """Whether some saved result may still need a fallback key."""
        return bool(self.no_key or self.format1)


def _move(record: SavedResult, keys: Sequence[str]) -> str:
    """Reseal one record with keys[0]: what was done, for the report."""
    if sealed_with(keys[0], record.ciphertext):
        return "current"
    for old in keys[1:]:
        moved = rewrap(old, keys[0], record.ciphertext)
        if moved is not None:
            record.code_hash, record.ciphertext = moved
            return "resealed"
    return "no_key"


def rotate_saved(keys: Sequence[str]) -> RotationReport:
    """Seal every unexpired format 2 record with keys[0] (the current key), in batches of
    BATCH committed one at a time, so a large table is not held in one transaction."""
    unexpired = SavedResult.expires_at > now()
    ids = db.session.scalars(
        select(SavedResult.id).where(unexpired, SavedResult.seal_format == FORMAT)
        .order_by(SavedResult.id)
    ).all()  # fmt: skip
    counts = {"current": 0, "resealed": 0, "no_key": 0}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for record in db.session.scalars(select(SavedResult).where(SavedResult.id.in_(batch))):
            counts[_move(record, keys)] += 1
        db.session.commit()
    format1, last = db.session.execute(
        select(func.count(SavedResult.id), func.max(SavedResult.expires_at))
        .where(unexpired, SavedResult.seal_format != FORMAT)
    ).one()  # fmt: skip
    return RotationReport(**counts, format1=format1, format1_last_expiry=last)
