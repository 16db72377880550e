"""An API app shared by the module that asks for it, a partner's key on it, and a client that
sends the key with every request."""

from __future__ import annotations

from typing import Any

import pytest

from portal.api.keys import new_key
from portal.extensions import db
from tests.helpers import app_on, running_app

API_CONFIG = {
    "TESTING": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "API_RATE_LIMIT": "1000000 per minute",
}


def make_key(app, name: str = "partner") -> tuple[int, str]:
    with app.app_context():
        record, key = new_key(name)
        db.session.commit()
        return record.id, key


class ApiClient:
    """Flask's test client with `Authorization: Bearer <key>` on every request."""

    def __init__(self, app, key: str) -> None:
        self.app, self.key = app, key
        self.client = app.test_client(use_cookies=False)

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", **(extra or {})}

    def get(self, url: str, **kwargs: Any):
        return self.client.get(url, headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, url: str, **kwargs: Any):
        return self.client.post(url, headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def start(self, country: str, pathway: str, lang: str = "en"):
        body = {"country": country, "pathway": pathway, "lang": lang}
        return self.post("/api/v1/conversations", json=body)

    def answer(self, token: str, question: str, value: Any, **more: Any):
        body = {"token": token, "question": question, "answer": value, **more}
        return self.post("/api/v1/conversations/answer", json=body)


@pytest.fixture(scope="module")
def api_app(make_database_uri):
    yield from app_on(make_database_uri(), **API_CONFIG)


@pytest.fixture(scope="module")
def api(api_app) -> ApiClient:
    return ApiClient(api_app, make_key(api_app)[1])


@pytest.fixture(scope="module")
def content_api():
    """For content_only tests, which write only anonymous counts: a database in memory (SQLite
    keeps one per connection, and the test client's requests all run on this thread), since
    committing each count to a file was half of their time."""
    with running_app("sqlite://", **{**API_CONFIG, "RATELIMIT_STORAGE_URI": "database"}) as app:
        yield ApiClient(app, make_key(app)[1])
