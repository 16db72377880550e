"""Application factory, configuration and security headers."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.config import InsecureConfiguration, env_overrides, normalise_database_url


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    with pytest.raises(InsecureConfiguration):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(InsecureConfiguration):
        create_app(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "short",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
            }
        )
    app = create_app(
        {"ENV_NAME": "production", "SECRET_KEY": "x" * 48, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True  # answers and staff cookies only over HTTPS


def test_portal_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("PORTAL_QUICK_EXIT_URL", "https://example.org/")
    monkeypatch.setenv("PORTAL_SESSION_IDLE_SECONDS", "600")
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["QUICK_EXIT_URL"] == "https://example.org/"
    assert app.config["SESSION_IDLE_SECONDS"] == 600


def test_database_url_is_read_and_normalised_for_psycopg():
    assert (
        env_overrides({"DATABASE_URL": "postgres://u@h/db"})["SQLALCHEMY_DATABASE_URI"]
        == "postgres://u@h/db"
    )
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_security_headers(client):
    response = client.get("/en/br/regularization/q/nationality")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" in headers


def test_pages_load_no_third_party_assets(client):
    html = client.get("/en/br/regularization/q/nationality").get_data(as_text=True)
    assert "<script" not in html
    assert 'href="http' not in html.split("</head>")[0]


def test_root_redirects_by_accept_language(client):
    assert (
        client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"}).headers["Location"]
        == "/pt-BR/"
    )
    assert (
        client.get("/", headers={"Accept-Language": "es-CO,es;q=0.9"}).headers["Location"] == "/es/"
    )
    assert client.get("/", headers={"Accept-Language": "pt-PT"}).headers["Location"] == "/pt-BR/"
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"] == "/en/"


def test_language_switcher_keeps_the_page(client):
    html = client.get("/es/co/regularization/q/nationality").get_data(as_text=True)
    assert 'href="/pt-BR/co/regularization/q/nationality"' in html
    assert 'href="/en/co/regularization/q/nationality"' in html
    assert ">Português (Brasil)<" in html and ">Español<" in html and ">English<" in html


def test_country_names_are_localised(client):
    assert "Venezuela" in client.get("/pt-BR/br/regularization/q/nationality").get_data(
        as_text=True
    )
    html = client.get("/es/br/regularization/q/nationality").get_data(as_text=True)
    assert ">Brasil<" in html and ">Haití<" in html


def test_health(client, app):
    flows = len(app.extensions["content"].flows)
    assert client.get("/healthz").get_json() == {"status": "ok", "flows": flows}
