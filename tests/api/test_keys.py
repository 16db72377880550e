"""Partners' keys: made and revoked on the command line, kept only as a hash, and each with a
rate limit of its own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ApiKey
from tests.api.conftest import API_CONFIG
from tests.helpers import app_on

LANGUAGES = "/api/v1/languages"


@pytest.fixture
def key_app(database_uri):
    yield from app_on(database_uri, **{**API_CONFIG, "API_RATE_LIMIT": "3 per minute"})


def created_key(app, name: str = "Partner NGO") -> str:
    result = app.test_cli_runner().invoke(args=["api-keys", "create", "--name", name])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_created_key_works_and_only_its_hash_is_kept(key_app):
    key = created_key(key_app)
    assert key.startswith("cam_") and len(key) > 40
    client = key_app.test_client()
    assert client.get(LANGUAGES, headers=bearer(key)).status_code == 200
    with key_app.app_context():
        record = db.session.scalars(select(ApiKey)).one()
        stored = [str(getattr(record, c.key)) for c in ApiKey.__table__.columns]
    assert all(key not in value for value in stored)
    assert record.prefix == key[:8] and len(record.key_hash) == 64
    listed = key_app.test_cli_runner().invoke(args=["api-keys", "list"]).output
    assert "Partner NGO" in listed and key[:8] in listed and key not in listed


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer cam_unknown", "Basic abc"])
def test_a_missing_or_unknown_key_is_refused_in_json(key_app, header):
    headers = {"Authorization": header} if header else {}
    response = key_app.test_client().get(LANGUAGES + "?lang=es", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_revoked_key_stops_working_at_once(key_app):
    key = created_key(key_app)
    client = key_app.test_client()
    assert client.get(LANGUAGES, headers=bearer(key)).status_code == 200
    with key_app.app_context():
        key_id = db.session.scalars(select(ApiKey.id)).one()
    result = key_app.test_cli_runner().invoke(args=["api-keys", "revoke", str(key_id)])
    assert result.exit_code == 0
    response = client.get(LANGUAGES, headers=bearer(key))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_each_key_has_its_own_rate_limit(key_app):
    spent, other = created_key(key_app, "one"), created_key(key_app, "two")
    client = key_app.test_client()
    for _ in range(3):
        assert client.get(LANGUAGES, headers=bearer(spent)).status_code == 200
    response = client.get(LANGUAGES + "?lang=es", headers=bearer(spent))
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json["error"]["message"]
    assert client.get(LANGUAGES, headers=bearer(other)).status_code == 200
