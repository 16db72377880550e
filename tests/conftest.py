"""Shared fixtures: an app with an isolated database per test (SQLite, or PostgreSQL with
PORTAL_TEST_DATABASE=postgres: see tests/databases.py), a client, and helpers that drive a flow
the way a person does."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from jinja2 import BytecodeCache

from portal import PROJECT_ROOT, create_app, outage
from portal.extensions import db
from tests import databases

CONTENT = PROJECT_ROOT / "content"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "db: touches the database, so `make test` runs it on SQLite and PostgreSQL"
    )
    config.addinivalue_line(
        "markers",
        "content_only: drives content through the web client; runs once, on the default database",
    )
    if databases.POSTGRES and not os.environ.get("PYTEST_XDIST_WORKER"):
        try:
            databases.check_reachable(databases.postgres_url())
        except RuntimeError as exc:
            raise pytest.UsageError(str(exc)) from exc


def pytest_collection_modifyitems(config, items):
    for item in items:
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


class TemplatesCompiledOnce(BytecodeCache):
    """Jinja's bytecode cache in memory, shared by every app this process makes: each test
    makes an app, and compiling the templates again for each one was a quarter of a second.
    Jinja checks each entry against its template's source, so a changed template recompiles."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplatesCompiledOnce()


def app_on(database_uri: str, **config):
    """A testing app on its own database with its tables; its connections closed afterwards."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            **config,
        }
    )
    app.jinja_env.bytecode_cache = TEMPLATES
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


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


def flow_url(lang: str, flow_id: str, tail: str = "") -> str:
    return f"/{lang}/{flow_id}/{tail}"


def form_data(question_type: str, value) -> dict[str, object]:
    """What a browser posts for an answer of this question type."""
    if question_type == "date":
        year, month, day = str(value).split("-")
        return {"day": day, "month": month, "year": year}
    if question_type == "month_year":
        year, month = str(value).split("-")[:2]
        return {"month": month, "year": year}
    return {"answer": value}


def answer_all(client, lang: str, flow, answers: dict[str, object], country: str = "") -> str:
    """Answer questions one page at a time, following redirects as a browser would.
    Returns the URL where the flow sends the person at the end (check-your-answers).
    `country` is the host country for flows that serve every country (flows/all/)."""
    flow_path = f"{(country or flow.country).lower()}/{flow.pathway}"
    response = client.post(flow_url(lang, flow_path, "restart"))
    location = response.headers["Location"]
    for _ in range(len(flow.questions) + 1):
        match = re.search(r"/q/(\w+)$", location)
        if not match:
            return location
        question = flow.questions[match.group(1)]
        response = client.post(location, data=form_data(question.type, answers[question.id]))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        location = response.headers["Location"]
    raise AssertionError("flow did not finish")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pytest_terminal_summary(terminalreporter):
    """Figures a test reports with record_property("report", …) (the outcome page's length,
    tests/browser/test_outcome_budget.py), shown at the end even when xdist ran the test."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        for name, value in getattr(report, "user_properties", ()):
            if name == "report":
                terminalreporter.write_line(f"{report.nodeid}: {value}")
