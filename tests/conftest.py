"""Shared fixtures: an app with an isolated database per test (SQLite, or PostgreSQL with
PORTAL_TEST_DATABASE=postgres: see tests/databases.py), and a client. The helpers tests share are
in tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portal import outage
from tests import databases
from tests.helpers import app_on


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "db: touches the database, so `make test` runs it on SQLite and PostgreSQL"
    )
    config.addinivalue_line(
        "markers",
        "content_only: drives content through the web client; runs once, on the default database",
    )
    config.addinivalue_line(
        "markers",
        "slow: drives Chromium or starts gunicorn servers; `make test-lowest` leaves these out",
    )
    if databases.POSTGRES and not os.environ.get("PYTEST_XDIST_WORKER"):
        try:
            databases.check_reachable(databases.postgres_url())
        except RuntimeError as exc:
            raise pytest.UsageError(str(exc)) from exc


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.path.relative_to(Path(__file__).parent)
        if path.parts[0] == "browser" or "gunicorn" in path.name:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("content_only"):
            continue  # its database work (anonymous counts) is proven on PostgreSQL elsewhere
        if {"database_uri", "make_database_uri"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture(autouse=True)
def no_outage_from_an_earlier_test():
    """portal/outage.py remembers a database failure per process for 30 s; a test that cut the
    database must not make the next test in this worker skip its statistics."""
    outage.database_answered()


@pytest.fixture(scope="session")
def postgres_server():
    server = databases.PostgresServer(databases.postgres_url())
    yield server
    server.drop_all()


@pytest.fixture
def database_uri(request, tmp_path: Path) -> str:
    """A database for this test alone: no rows (on PostgreSQL the tables may already exist)."""
    if databases.POSTGRES:
        return request.getfixturevalue("postgres_server").emptied_shared()
    return databases.sqlite_url(tmp_path)


@pytest.fixture(scope="session")
def make_database_uri(request, tmp_path_factory):
    """For apps shared by a whole session: each call returns a new, empty database."""
    if databases.POSTGRES:
        return request.getfixturevalue("postgres_server").create
    return lambda: databases.sqlite_url(tmp_path_factory.mktemp("db"))


@pytest.fixture
def app(database_uri: str):
    yield from app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_app(database_uri: str):
    """An app that checks CSRF tokens, as production does."""
    yield from app_on(database_uri)


def pytest_terminal_summary(terminalreporter):
    """Figures a test reports with record_property("report", …) (the outcome page's length,
    tests/browser/test_outcome_budget.py), shown at the end even when xdist ran the test."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        for name, value in getattr(report, "user_properties", ()):
            if name == "report":
                terminalreporter.write_line(f"{report.nodeid}: {value}")
