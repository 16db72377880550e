"""Short, human-readable save codes and the sealing of saved answers.

A code is 9 symbols from a 25-symbol alphabet with no look-alikes (no 0/O, 1/I/L, 5/S, 8/B,
U/V), grouped for reading aloud: K7M-4QX-2PD. 25**9 ≈ 3.8e12 codes: about 41.8 bits of
randomness. The database keeps only an HMAC of the code (a keyed hash: quick to look up, useless
without the server key) and the answers sealed with AES-GCM under a key derived from SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from portal.session import derive_key

ALPHABET = "234679ACDEFGHJKMNPQRTWXYZ"
LENGTH = 9
GROUP = 3


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The canonical code for what a person typed (any case, spaces or dashes), or None."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def code_hash(secret: str, code: str) -> str:
    key = derive_key(secret, b"saved result codes")
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()


def seal(secret: str, code: str, data: dict[str, Any]) -> bytes:
    """Encrypt answers; the code is bound in as associated data, so a record only opens with
    its own code."""
    nonce = os.urandom(12)
    plain = json.dumps(data, separators=(",", ":")).encode("utf-8")
    return nonce + AESGCM(derive_key(secret, b"saved results")).encrypt(nonce, plain, code.encode())


def unseal(secret: str, code: str, sealed: bytes) -> dict[str, Any] | None:
    try:
        plain = AESGCM(derive_key(secret, b"saved results")).decrypt(
            sealed[:12], sealed[12:], code.encode()
        )
    except (InvalidTag, ValueError):
        return None
    data = json.loads(plain)
    return data if isinstance(data, dict) else None
