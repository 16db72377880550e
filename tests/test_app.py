"""Application factory, configuration and the hooks run on every request."""

from __future__ import annotations

import re

import pytest

from portal import create_app
from portal.config import InsecureConfiguration, env_overrides, normalise_database_url
from portal.extensions import db


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    published = {"PUBLIC_URL": "https://camino.example.org", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    with pytest.raises(InsecureConfiguration, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", **published})
    with pytest.raises(InsecureConfiguration, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "short", **published})
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 48, **published})
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


def test_database_sessions_end_with_the_request(app, client):
    assert client.get("/healthz").status_code == 200  # reads the database
    assert not db.session.registry.registry  # the request's session was closed and removed
    assert client.get("/en/privacy").status_code == 200  # opens none: nothing to end
    assert not db.session.registry.registry


def test_without_flask_wtfs_hook_forms_still_need_their_token(csrf_app):
    client = csrf_app.test_client()
    refused = client.post("/en/br/regularization/restart")
    assert refused.status_code == 400 and "This page has expired" in refused.get_data(as_text=True)
    html = client.get("/en/br/regularization/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    started = client.post("/en/br/regularization/restart", data={"csrf_token": token})
    assert started.status_code == 302
    assert started.headers["Location"].endswith("/q/nationality")


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
