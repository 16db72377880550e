"""Each sender's conversation while it lasts, and not a moment longer: keyed by an HMAC of the
number under a key derived from SECRET_KEY (the number itself is never stored or logged), the
state sealed with AES-GCM and bound to that key, so a row copied to another sender does not
open. A row idle for CHAT_IDLE_SECONDS counts as gone and is deleted when seen; `flask purge`
deletes the rest."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from flask import current_app
from sqlalchemy import delete

from portal.conversation import sealed
from portal.extensions import db
from portal.models import ChatConversation
from portal.session import derive_key

PURPOSE = b"chat conversation"


def normalised(sender: str) -> str:
    """ "whatsapp:+55 11 9…" and "+55119…" are the same person on the same channel kind: the
    prefix is kept (an SMS and a WhatsApp conversation are apart), spaces and dashes dropped."""
    channel, _, number = sender.strip().rpartition(":")
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    return f"{channel.lower()}:{digits}" if channel else digits


def sender_hash(sender: str) -> str:
    key = derive_key(str(current_app.config["SECRET_KEY"]), b"chat sender")
    return hmac.new(key, normalised(sender).encode("utf-8"), hashlib.sha256).hexdigest()


def idle_seconds() -> float:
    return float(current_app.config["CHAT_IDLE_SECONDS"])


def load(key: str) -> dict[str, Any] | None:
    """The conversation's state, or None when there is none or it went idle (deleted then)."""
    row = db.session.get(ChatConversation, key)
    if row is None:
        return None
    state = None
    if time.time() - row.updated_at <= idle_seconds():
        state = sealed.unseal(row.sealed, PURPOSE, idle_seconds(), bound_to=key.encode("ascii"))
    if state is None:
        db.session.delete(row)
        db.session.commit()
    return state


def keep(key: str, state: dict[str, Any]) -> None:
    value = sealed.seal(state, PURPOSE, bound_to=key.encode("ascii"))
    db.session.merge(ChatConversation(sender_hash=key, sealed=value, updated_at=time.time()))
    db.session.commit()


def forget(key: str) -> None:
    db.session.execute(delete(ChatConversation).where(ChatConversation.sender_hash == key))
    db.session.commit()


def purge_idle() -> int:
    """Delete every conversation idle for longer than CHAT_IDLE_SECONDS; how many."""
    cutoff = time.time() - idle_seconds()
    result = db.session.execute(
        delete(ChatConversation).where(ChatConversation.updated_at < cutoff)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
