"""Sealing a conversation's answers with AES-GCM under a key derived from SECRET_KEY, the way
the session cookie is sealed (portal/session.py): unreadable and tamper-evident wherever the
sealed bytes travel. Each use has its own derived key (`purpose`) and may bind the bytes to
something else (`bound_to`), so a sealed value cannot be replayed in another place. After a key
rotation, values sealed with a SECRET_KEY_FALLBACKS key still open."""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from portal.session import derive_key

NONCE = 12


def _ciphers(purpose: bytes) -> list[AESGCM]:
    cache = current_app.extensions.setdefault("camino_sealed_ciphers", {})
    if purpose not in cache:
        config = current_app.config
        keys = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
        cache[purpose] = [AESGCM(derive_key(str(key), purpose)) for key in keys]
    return cache[purpose]


def seal(data: dict[str, Any], purpose: bytes, bound_to: bytes = b"") -> bytes:
    """The data and the time it was sealed, encrypted with the current key."""
    plain = json.dumps({"d": data, "t": int(time.time())}, separators=(",", ":"))
    nonce = os.urandom(NONCE)
    return nonce + _ciphers(purpose)[0].encrypt(nonce, plain.encode("utf-8"), bound_to)


def unseal(
    sealed: bytes, purpose: bytes, max_age: float, bound_to: bytes = b""
) -> dict[str, Any] | None:
    """The data, or None if the bytes are not ours, were changed, or are older than max_age."""
    for cipher in _ciphers(purpose):
        try:
            plain = cipher.decrypt(sealed[:NONCE], sealed[NONCE:], bound_to)
        except (InvalidTag, ValueError):
            continue
        try:
            payload = json.loads(plain.decode("utf-8"))
        except ValueError:
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("d"), dict):
            return None
        sealed_at = payload.get("t")
        if not isinstance(sealed_at, int) or time.time() - sealed_at > max_age:
            return None
        return payload["d"]
    return None


def seal_text(data: dict[str, Any], purpose: bytes) -> str:
    """Sealed, as URL-safe text (a token a client carries)."""
    return base64.urlsafe_b64encode(seal(data, purpose)).decode("ascii").rstrip("=")


def unseal_text(token: str, purpose: bytes, max_age: float) -> dict[str, Any] | None:
    if not isinstance(token, str) or not token.isascii() or len(token) > 16_000:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, binascii.Error):
        return None
    return unseal(raw, purpose, max_age)
