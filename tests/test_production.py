"""Production configuration: DATABASE_URL with psycopg, the health check the load balancer
polls, and trusting the proxy's forwarded headers only when told to."""

from __future__ import annotations

import logging
import os

import pytest
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import create_app
from portal.config import engine_options
from portal.extensions import db

POSTGRES_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL", "")


def make_app(database_uri: str, **config):
    return create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


@pytest.mark.skipif(not POSTGRES_URL, reason="PORTAL_TEST_POSTGRES_URL is not set")
def test_database_url_selects_postgresql_with_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    app = create_app({"ENV_NAME": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    with app.app_context():
        assert db.engine.dialect.driver == "psycopg"
        assert db.session.execute(db.text("SELECT 1")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
    assert engine_options(app.config["SQLALCHEMY_DATABASE_URI"])["pool_pre_ping"] is True
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"connect_timeout": 5}


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


@pytest.mark.parametrize(
    "unreachable",
    [
        "sqlite:////nonexistent-directory/portal.sqlite3",
        "postgresql://postgres@127.0.0.1:1/portal",  # nothing listens on port 1
    ],
    ids=["sqlite", "postgresql"],
)
def test_health_is_503_without_details_when_the_database_is_down(unreachable, caplog):
    app = make_app(unreachable)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    body = response.get_data(as_text=True).lower()
    for detail in ("sqlite", "postgres", "127.0.0.1", "nonexistent", "error", "traceback"):
        assert detail not in body
    assert "database unreachable (OperationalError)" in caplog.text
    assert "nonexistent-directory" not in caplog.text and ":1/" not in caplog.text


@pytest.fixture
def app_with(database_uri):
    """An app on this test's database with the given settings, its tables created."""
    apps = []

    def make(**config):
        app = make_app(database_uri, **config)
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def lookups(app, address: str, forwarded_for: str, times: int) -> list[int]:
    client = app.test_client()
    return [
        client.post(
            "/es/resume",
            data={"code": "AAA-AAA-AAA"},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base={"REMOTE_ADDR": address},
        ).status_code
        for _ in range(times)
    ]


def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(app_with):
    """Without PROXY_FIX_X_FOR a made-up X-Forwarded-For cannot dodge the rate limit."""
    app = app_with(CODE_LOOKUP_LIMIT="2 per minute")
    assert not isinstance(app.wsgi_app, ProxyFix)
    assert lookups(app, "10.0.0.5", "203.0.113.1", 2) == [400, 400]
    assert lookups(app, "10.0.0.5", "203.0.113.2", 1) == [429]


def test_behind_one_proxy_each_person_has_their_own_limit(app_with):
    app = app_with(CODE_LOOKUP_LIMIT="2 per minute", PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1)
    app.add_url_rule("/scheme", "scheme", lambda: request.scheme)
    # Everyone arrives from the load balancer's address; the header names the person.
    assert lookups(app, "10.0.0.5", "203.0.113.1", 3) == [400, 400, 429]
    assert lookups(app, "10.0.0.5", "203.0.113.2", 1) == [400]
    # Only the address the proxy itself appended counts, not one the client made up before it.
    assert lookups(app, "10.0.0.5", "198.51.100.7, 203.0.113.1", 1) == [429]
    scheme = app.test_client().get("/scheme", headers={"X-Forwarded-Proto": "https"})
    assert scheme.get_data(as_text=True) == "https"  # so Secure cookies and links are right
