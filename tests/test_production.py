"""Production configuration: DATABASE_URL with psycopg, the health check the load balancer
polls, trusting the proxy's forwarded headers only when told to, and answering only the hosts
the portal is published under."""

from __future__ import annotations

import logging
import os

import pytest
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import EnvironBuilder, run_wsgi_app

from portal import create_app
from portal.config import InsecureConfiguration, engine_options
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


PUBLIC_URL = "https://camino.example.org"


@pytest.fixture
def production(database_uri):
    """A production app published at PUBLIC_URL, its tables created."""
    apps = []

    def make(**config):
        app = create_app(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "production-secret-key-long-enough-for-tests",
                "PUBLIC_URL": PUBLIC_URL,
                "SQLALCHEMY_DATABASE_URI": database_uri,
                **config,
            }
        )
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    "public_url", [None, "", "camino.example.org", "http://camino.example.org", "https://"]
)
def test_production_refuses_to_start_without_its_public_https_address(public_url):
    with pytest.raises(InsecureConfiguration, match="PORTAL_PUBLIC_URL"):
        create_app(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "production-secret-key-long-enough-for-tests",
                "PUBLIC_URL": public_url,
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
            }
        )


@pytest.mark.parametrize(
    ("setting", "env_name", "profile", "refused"),
    [
        ("PASSWORD_HASH_PROFILE", "production", "CHEAPEST", "is for tests only"),
        ("PASSWORD_HASH_PROFILE", "production", "PRE_21_2", "is for tests only"),
        ("PASSWORD_HASH_PROFILE", "production", "FAST", "is not one of"),
        ("PASSWORD_HASH_PROFILE", "testing", "rfc_9106_low_memory", "is not one of"),
        ("PASSWORD_HASH_PROFILE", "production", "RFC_9106_HIGH_MEMORY", None),
        ("PASSWORD_HASH_PROFILE", "testing", "CHEAPEST", None),
        ("SAVED_CODE_HASH_PROFILE", "production", "CHEAPEST", "is for tests only"),
        ("SAVED_CODE_HASH_PROFILE", "production", "RFC_9106_LOW_MEMORY", "is not one of"),
        ("SAVED_CODE_HASH_PROFILE", "testing", "owasp_argon2id", "is not one of"),
        ("SAVED_CODE_HASH_PROFILE", "production", "OWASP_ARGON2ID", None),
        ("SAVED_CODE_HASH_PROFILE", "testing", "CHEAPEST", None),
    ],
)
def test_passwords_and_save_codes_are_hashed_at_full_cost_in_production(
    setting, env_name, profile, refused
):
    config = {
        "ENV_NAME": env_name,
        "SECRET_KEY": "production-secret-key-long-enough-for-tests",
        "PUBLIC_URL": "https://camino.example.org",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        setting: profile,
    }
    if refused:
        with pytest.raises(InsecureConfiguration, match=f"{setting}.*{refused}"):
            create_app(config)
    else:
        assert create_app(config).config[setting] == profile


def status(app, host: str, url: str = "/es/") -> int:
    response = app.test_client().get(url, base_url="https://localhost", headers={"Host": host})
    if response.status_code == 400:
        assert response.headers["Content-Security-Policy"]
        assert response.headers["Strict-Transport-Security"]
    return response.status_code


def test_production_answers_only_its_public_host(production):
    app = production()
    assert app.config["TRUSTED_HOSTS"] == ["camino.example.org"]
    assert status(app, "camino.example.org") == 200
    assert status(app, "camino.example.org:443") == 200
    for foreign in ("evil.example", "www.camino.example.org", "camino.example.org.evil.example"):
        assert status(app, foreign) == 400, foreign
        assert status(app, foreign, "/es/br/regularization/blank.pdf") == 400, foreign


def test_trusted_hosts_adds_hosts_to_the_public_one(production, monkeypatch):
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", '["www.camino.example.org", ".camino.example"]')
    app = production()
    assert app.config["TRUSTED_HOSTS"] == [
        "camino.example.org",
        "www.camino.example.org",
        ".camino.example",
    ]
    for host in (
        "camino.example.org",
        "www.camino.example.org",
        "camino.example",
        "a.camino.example",
    ):
        assert status(app, host) == 200, host
    assert status(app, "evil.example") == 400
    with pytest.raises(InsecureConfiguration, match="TRUSTED_HOSTS"):
        production(TRUSTED_HOSTS=["not a host"])


def test_health_checks_by_the_servers_address_or_without_a_host_are_answered(production):
    """Load balancers and orchestrators probe each server by its own address, or over HTTP/1.0
    with no Host at all: neither is the public host, and neither may take a server out."""
    app = production()
    assert status(app, "10.0.1.11:8000", "/healthz") == 200
    assert status(app, "10.0.1.11:8000") == 400  # any other page is refused
    assert status(app, "a..b", "/healthz") == 400  # a malformed host still is
    environ = EnvironBuilder(path="/healthz", base_url="http://10.0.1.11:8000").get_environ()
    del environ["HTTP_HOST"]
    environ["SERVER_PROTOCOL"] = "HTTP/1.0"
    body, answer, _headers = run_wsgi_app(app, environ, buffered=True)
    assert answer.startswith("200"), b"".join(body)[:300]
