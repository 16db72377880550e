"""Database tables. Nothing is stored about a person unless they choose to save."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class SavedResult(db.Model):
    """Answers a person chose to save under a short code (save-and-resume).

    The code is stored only as a hash; the answers only as authenticated ciphertext.
    """

    __tablename__ = "saved_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(128), unique=True, index=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    flow_id: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16), default="self")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
