"""An encrypted session cookie.

Flask's default cookie is signed, not encrypted: anyone holding the phone can base64-decode it
and read the answers. Here the session JSON is sealed with AES-GCM (authenticated encryption)
under a key derived from SECRET_KEY, so the cookie is unreadable and tamper-evident. Nothing is
stored on the server.
"""

from __future__ import annotations

import base64
import json
import os
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SessionInterface, SessionMixin

_AAD = b"camino-session-v1"
# The JSON is padded with spaces (which json.loads ignores) to the first of these sizes it fits,
# so a cookie's length does not tell which answers it holds. Measured on content/flows: the
# longest flow answered with its longest options plus a desk session's keys is about 620
# bytes, real scenarios 170-300, so any one flow stays in the first bucket (test_session.py
# checks it). Sealed (12-byte nonce, 16-byte tag, base64) the buckets are cookie values of 1403,
# 2768 and 3904 characters: with the name and attributes (under 130 bytes) the largest still
# fits the 4093 bytes Werkzeug allows a Set-Cookie header, within browsers' 4096. Larger
# sessions are sealed unpadded.
PAD_TO = (1024, 2048, 2900)
LARGEST = PAD_TO[-1]  # the most session JSON a cookie can carry (portal/flows/answers.py)


# What the session keeps per flow (flows/answers.py, stats/counters.py): the keys are flow ids.
PER_FLOW = ("answers", "tally", "tally_last")


def payload_size(data: dict) -> int:
    """How long the JSON sealed for this session data is, before padding (see seal)."""
    return len(json.dumps({"d": data, "t": int(time.time())}, separators=(",", ":")))


def within_a_cookie(data: dict) -> dict:
    """A browser drops a cookie over 4 KB, and with it every answer. When a person has used so
    many guides that the session would outgrow one, what it keeps of the guides used longest
    ago goes first (answers are kept in the order last answered); the guide answered last is
    always kept."""
    answered = list(data.get("answers", {}))
    flows = [f for key in PER_FLOW for f in data.get(key, {}) if f not in answered] + answered
    oldest = iter(dict.fromkeys(flows[:-1]))
    while payload_size(data) > LARGEST:
        flow = next(oldest, None)
        if flow is None:
            break
        data = {k: ({f: v for f, v in value.items() if f != flow} if k in PER_FLOW else value)
                for k, value in data.items()}  # fmt: skip
    return data


# An unchanged session is sealed again (restarting its idle clock) at most this often, so most
# page views send no new cookie and skip the encryption.
REFRESH_SECONDS = 60


def derive_key(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode("utf-8")
    )


def padded(payload: str) -> str:
    """The JSON (ASCII: json.dumps escapes the rest) padded to its bucket in PAD_TO. Cookies
    sealed before padding existed are read as they are."""
    for size in PAD_TO:
        if len(payload) <= size:
            return payload.ljust(size)
    return payload


class EncryptedCookieSession(SecureCookieSession):
    # When its cookie was sealed; 0.0 for a new session, or one opened with an old key.
    sealed_at = 0.0


# The JSON API (portal/api, called by partners' servers with a key) and Twilio's webhook
# (portal/chat; Twilio would keep a cookie per phone) neither read a person's session cookie
# nor set one. Matched on the path, since no blueprint is known yet.
NO_SESSION_PATHS = ("/api/", "/chat/")


class EncryptedCookieSessionInterface(SessionInterface):
    def _ciphers(self, app: Flask) -> list[AESGCM]:
        """The current key's cipher first, then one per SECRET_KEY_FALLBACKS entry: a cookie
        sealed before a key rotation still opens, and is sealed again with the current key."""
        ciphers = app.extensions.get("camino_session_ciphers")
        if ciphers is None:
            keys = [app.secret_key or "", *(app.config.get("SECRET_KEY_FALLBACKS") or [])]
            ciphers = [AESGCM(derive_key(str(key), b"session cookie")) for key in keys]
            app.extensions["camino_session_ciphers"] = ciphers
        return ciphers

    def seal(self, app: Flask, data: dict) -> str:
        payload = json.dumps({"d": data, "t": int(time.time())}, separators=(",", ":"))
        if len(payload) > LARGEST:  # rare: only then is the session serialized a second time
            payload = json.dumps(
                {"d": within_a_cookie(data), "t": int(time.time())}, separators=(",", ":")
            )
        payload = padded(payload)
        nonce = os.urandom(12)
        sealed = self._ciphers(app)[0].encrypt(nonce, payload.encode("utf-8"), _AAD)
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")

    def unseal(self, app: Flask, value: str) -> dict | None:
        opened = self._open(app, value)
        return opened[0] if opened else None

    def _open(self, app: Flask, value: str) -> tuple[dict, float] | None:
        """The session data and when it was sealed, or None if the cookie is bad or idle."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except (ValueError, TypeError):
            return None
        decrypted = self._decrypt(app, raw)
        if decrypted is None:
            return None
        payload, current_key = decrypted
        if not isinstance(payload, dict) or not isinstance(payload.get("d"), dict):
            return None
        sealed_at = payload.get("t", 0)
        if not isinstance(sealed_at, int | float):
            return None
        if time.time() - sealed_at > app.config["SESSION_IDLE_SECONDS"]:
            return None
        # Opened with an old key: report it as sealed long ago, so it is sealed again at once.
        return payload["d"], sealed_at if current_key else 0.0

    def _decrypt(self, app: Flask, raw: bytes) -> tuple[object, bool] | None:
        """The JSON payload, and whether the current key (not a fallback) opened it."""
        for rank, cipher in enumerate(self._ciphers(app)):
            try:
                opened = cipher.decrypt(raw[:12], raw[12:], _AAD)
            except (ValueError, InvalidTag):
                continue
            try:
                return json.loads(opened.decode("utf-8")), rank == 0
            except ValueError:
                return None
        return None

    def open_session(self, app: Flask, request: Request) -> EncryptedCookieSession | None:
        if request.path.startswith(NO_SESSION_PATHS):
            return None  # Flask gives a null session: read as empty, never saved
        value = request.cookies.get(self.get_cookie_name(app))
        opened = self._open(app, value) if value else None
        session = EncryptedCookieSession(opened[0] if opened else {})
        session.sealed_at = opened[1] if opened else 0.0
        return session

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        name = self.get_cookie_name(app)
        domain, path = self.get_cookie_domain(app), self.get_cookie_path(app)
        if not session:
            if session.modified:
                response.delete_cookie(name, domain=domain, path=path)
            return
        if not session.accessed and not session.modified:
            return
        if (request.endpoint or "").startswith("static") and not session.modified:
            return  # a cacheable file never carries a refreshed cookie (hooks read the session)
        # No "Vary: Cookie", unlike Flask's session: every response but a static file is
        # no-store (security.py), so no cache keeps one, and static files send no cookie (above).
        sealed_at = getattr(session, "sealed_at", 0.0)
        if not session.modified and time.time() - sealed_at < REFRESH_SECONDS:
            return  # the cookie the browser holds is still current
        response.set_cookie(
            name,
            self.seal(app, dict(session)),
            max_age=app.config["SESSION_IDLE_SECONDS"],
            httponly=self.get_cookie_httponly(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            domain=domain,
            path=path,
        )
