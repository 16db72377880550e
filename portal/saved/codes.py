"""Short, human-readable save codes and the sealing of saved answers.

A code is 9 symbols from a 25-symbol alphabet with no look-alikes (no 0/O, 1/I/L, 5/S, 8/B,
U/V), grouped for reading aloud: K7M-4QX-2PD. 25**9 ≈ 3.8e12 codes: about 41.8 bits of
randomness.

A record is sealed in two layers (format 2):
- argon2id stretches the code into two values: a lookup value and the inner key. Only the code
  gives them, and each guess at a code costs a full argon2id hash.
- Inner layer: the answers, under AES-GCM with the inner key. Nothing but the code opens it.
- Outer layer: the lookup value and the inner layer, under AES-GCM with a key derived from
  SECRET_KEY. The row is found by an HMAC of the lookup value under another SECRET_KEY key.
So the server can move a record to a new SECRET_KEY without its code (`rewrap`: open the outer
layer with the old key, seal it and hash the lookup value again with the new one), yet someone
holding both the database and the key still needs each record's code, or an argon2id hash per
guess over 3.8e12 codes, to read its answers. The salt is the same for every code (the server
must find a record from its code alone), so one such sweep would find every record's code: it
makes reading them slow and costly, not impossible.

Format 1 (saved before format 2) sealed the answers once, with a SECRET_KEY key and the code as
associated data, and kept an HMAC of the code: it is still read, and sealed again as format 2
when its code opens it (store.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from portal.session import derive_key

ALPHABET = "234679ACDEFGHJKMNPQRTWXYZ"
LENGTH = 9
GROUP = 3
FORMAT = 2
NONCE = 12
LOOKUP = 32
OUTER_AAD = b"camino saved result, outer layer, format 2"
INNER_AAD = b"camino saved result, inner layer, format 2"
# Fixed for every deployment: the argon2id output must be the same for a code on every server,
# before and after a key rotation. It only separates this use of argon2id from any other.
CODE_SALT = b"camino saved result code, format 2"


@dataclass(frozen=True)
class Argon2Cost:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


# Changing the profile of a running portal makes every saved result unfindable: production
# accepts only OWASP_ARGON2ID (portal/config.py).
CODE_HASH_PROFILES = {
    # The OWASP Password Storage Cheat Sheet's first choice ("Use Argon2id with a minimum
    # configuration of 19 MiB of memory, an iteration count of 2, and 1 degree of parallelism",
    # cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html, read
    # 2026-12-05). About 20 ms a code on one core of the 2-core test machine.
    "OWASP_ARGON2ID": Argon2Cost(time_cost=2, memory_cost=19 * 1024, parallelism=1),
    "CHEAPEST": Argon2Cost(time_cost=1, memory_cost=8, parallelism=1),  # tests only
}


@dataclass(frozen=True)
class CodeSecrets:
    """What argon2id derives from a code: the lookup value and the inner layer's key."""

    lookup: bytes
    key: bytes


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The canonical code for what a person typed (any case, spaces or dashes), or None."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def code_secrets(code: str, profile: str) -> CodeSecrets:
    cost = CODE_HASH_PROFILES[profile]
    raw = hash_secret_raw(
        code.encode("ascii"), CODE_SALT, time_cost=cost.time_cost, memory_cost=cost.memory_cost,
        parallelism=cost.parallelism, hash_len=2 * LOOKUP, type=Type.ID,
    )  # fmt: skip
    return CodeSecrets(lookup=raw[:LOOKUP], key=raw[LOOKUP:])


def lookup_hash(secret: str, lookup: bytes) -> str:
    """The row's index: an HMAC of the lookup value under a key derived from `secret`."""
    key = derive_key(secret, b"saved result lookup, format 2")
    return hmac.new(key, lookup, hashlib.sha256).hexdigest()


def _encrypt(key: bytes, plain: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def _decrypt(key: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], aad)
    except (InvalidTag, ValueError):
        return None


def _answers(plain: bytes | None) -> dict[str, Any] | None:
    data = json.loads(plain) if plain is not None else None
    return data if isinstance(data, dict) else None


def _outer_key(secret: str) -> bytes:
    return derive_key(secret, b"saved results, outer layer, format 2")


def seal(secret: str, found_by: CodeSecrets, data: dict[str, Any]) -> bytes:
    plain = json.dumps(data, separators=(",", ":")).encode("utf-8")
    inner = _encrypt(found_by.key, plain, INNER_AAD)
    return _encrypt(_outer_key(secret), found_by.lookup + inner, OUTER_AAD)


def unseal(secret: str, found_by: CodeSecrets, sealed: bytes) -> dict[str, Any] | None:
    opened = _decrypt(_outer_key(secret), sealed, OUTER_AAD)
    if opened is None or not hmac.compare_digest(opened[:LOOKUP], found_by.lookup):
        return None
    return _answers(_decrypt(found_by.key, opened[LOOKUP:], INNER_AAD))


def sealed_with(secret: str, sealed: bytes) -> bool:
    """Whether `secret` opens the record's outer layer (format 2)."""
    return _decrypt(_outer_key(secret), sealed, OUTER_AAD) is not None


def rewrap(old_secret: str, new_secret: str, sealed: bytes) -> tuple[str, bytes] | None:
    """The record's index and outer layer under `new_secret`, without its code; None if
    `old_secret` does not open it. The inner layer is carried over untouched."""
    opened = _decrypt(_outer_key(old_secret), sealed, OUTER_AAD)
    if opened is None:
        return None
    lookup = opened[:LOOKUP]
    return lookup_hash(new_secret, lookup), _encrypt(_outer_key(new_secret), opened, OUTER_AAD)


def format1_code_hash(secret: str, code: str) -> str:
    key = derive_key(secret, b"saved result codes")
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()


def format1_unseal(secret: str, code: str, sealed: bytes) -> dict[str, Any] | None:
    return _answers(_decrypt(derive_key(secret, b"saved results"), sealed, code.encode()))
