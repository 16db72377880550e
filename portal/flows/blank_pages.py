"""Blank question pages, rendered once per process.

A question a person has not answered yet looks the same to everyone who reaches it by the same
path: the same language, question, step number and back link, and an empty form. That page is
rendered once and kept in memory; each request only writes in its own CSRF token. Anything that
shows something of the person's — a previous answer, a message about what they typed, the
service-desk banner — is rendered for that request alone and never kept.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache

from flask import Response, current_app, session
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer

# Stands in for the CSRF token in a kept page; random, so no content can contain it.
CSRF_SLOT = f"csrf-{secrets.token_hex(16)}"
CSRF_SLOT_BYTES = CSRF_SLOT.encode("ascii")
MAX_PAGES = 4096  # questions, languages and paths to them: far above the real number


class BlankPages:
    """The kept pages of one app: least recently used dropped first beyond MAX_PAGES, so a
    crawler walking odd paths cannot stop the real pages from being kept. Thread-safe."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        self.size = size
        self.pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def keep(self, key: Hashable, page: bytes) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def blank_page(key: Hashable, render: Callable[[Callable[[], str]], str]) -> Response:
    """The page for `key`, rendering it with `render(csrf_token)` the first time. `key` must
    hold everything the template reads (tests/flows/test_blank_pages.py checks the templates)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    pages: BlankPages = app.extensions.setdefault("blank_pages", BlankPages())
    page = pages.get(key)
    if page is None:
        page = render(lambda: CSRF_SLOT).encode("utf-8")  # kept encoded, ready to send
        if page.count(CSRF_SLOT_BYTES) != 1:
            # one form, one token: anything else is not a blank question page; never keep it
            return app.response_class(render(csrf_token), content_type="text/html; charset=utf-8")
        pages.keep(key, page)
    page = page.replace(CSRF_SLOT_BYTES, csrf_token().encode("ascii"), 1)
    # Naming the type up front spares Werkzeug a search of the (empty) headers for one.
    return app.response_class(page, content_type="text/html; charset=utf-8")


def csrf_token() -> str:
    """Flask-WTF's token for this session. Signing it again on every page costs more than the
    rest of the page; tokens do not expire here (the session's idle limit bounds them), so the
    signed form of a session's token is remembered and reused."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.config
    raw = session.get(config["WTF_CSRF_FIELD_NAME"])
    if not isinstance(raw, str) or config["WTF_CSRF_TIME_LIMIT"] is not None:
        return generate_csrf()
    keys = config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return _signed(tuple(keys) if isinstance(keys, list) else keys, raw)


@lru_cache(maxsize=4096)
def _signed(secret_key: str | tuple[str, ...], raw: str) -> str:
    # itsdangerous signs with the last of several keys (the current one; see config.py).
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token").dumps(raw)
