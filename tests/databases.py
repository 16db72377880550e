"""The databases tests run against: SQLite files by default, or the PostgreSQL server named by
PORTAL_TEST_POSTGRES_URL when PORTAL_TEST_DATABASE=postgres (`make test` runs the database tests
both ways).

On PostgreSQL each pytest process (each xdist worker) gets databases of its own, created from
the server's `postgres` maintenance database and dropped at the end, so parallel workers and
parallel runs never see each other's rows. Tests on the shared per-worker database start with
every table emptied (TRUNCATE … RESTART IDENTITY), which costs milliseconds where creating a
database costs a few hundred.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import event
from sqlalchemy.engine import Engine

from portal.config import normalise_database_url

POSTGRES = os.environ.get("PORTAL_TEST_DATABASE", "sqlite") == "postgres"


class PostgresServer:
    """Creates and drops this process's test databases on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._parts = parts
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        base = parts.path.lstrip("/") or "test"
        self._prefix = f"{base}_{worker}_{os.getpid()}"
        self._counter = itertools.count()
        self._created: list[str] = []
        self.shared = self.create()  # most tests share this one and empty it first

    def _url(self, database: str) -> str:
        return urlunsplit(self._parts._replace(path=f"/{database}"))

    def _maintenance(self) -> psycopg.Connection:
        return psycopg.connect(self._url("postgres"), autocommit=True, connect_timeout=5)

    def create(self) -> str:
        """A new, empty database; returns its SQLAlchemy URL."""
        name = f"{self._prefix}_{next(self._counter)}"
        with self._maintenance() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._created.append(name)
        return normalise_database_url(self._url(name))

    def emptied_shared(self) -> str:
        """The shared database with no rows in any table (the tables themselves stay)."""
        url = self.shared.replace("postgresql+psycopg://", "postgresql://", 1)
        # A leftover open transaction would block TRUNCATE: fail in seconds rather than hang.
        with psycopg.connect(url, autocommit=True, options="-c lock_timeout=10s") as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            if tables:
                conn.execute(
                    sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                        sql.SQL(", ").join(sql.Identifier(t) for t in tables)
                    )
                )
        return self.shared

    def drop_all(self) -> None:
        with self._maintenance() as conn:
            for name in self._created:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        self._created.clear()


def postgres_url() -> str:
    url = os.environ.get("PORTAL_TEST_POSTGRES_URL", "")
    if not url:
        raise RuntimeError(
            "PORTAL_TEST_DATABASE=postgres needs PORTAL_TEST_POSTGRES_URL, for example "
            "postgresql://postgres@127.0.0.1:5432/test"
        )
    return url


def check_reachable(url: str) -> None:
    """Fail the run at once, with one clear message, when the server is not there."""
    parts = urlsplit(url)
    try:
        psycopg.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        raise RuntimeError(f"PostgreSQL for the tests is not reachable at {url}: {exc}") from exc


def sqlite_url(directory: Path, name: str = "test") -> str:
    return f"sqlite:///{directory / f'{name}.sqlite3'}"


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, _record) -> None:
    """A test database is thrown away: skip the fsync each SQLite commit costs (about 16 ms on
    this disk, most of a journey's time). Crash safety is what production keeps."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous = OFF")


def postgres_available() -> bool:
    url = os.environ.get("PORTAL_TEST_POSTGRES_URL")
    if not url:
        return False
    try:
        check_reachable(url)
    except RuntimeError:
        return False
    return True


def databases_to_migrate(tmp_path, request) -> list[str]:
    """What a migration test upgrades and downgrades: a SQLite file, and a new PostgreSQL database
    when one is reachable (CI must have one)."""
    urls = [f"sqlite:///{tmp_path / 'migrate.sqlite3'}"]
    if postgres_available():
        # A new database for each test: parallel workers never migrate the same one.
        urls.append(request.getfixturevalue("postgres_server").create())
    elif os.environ.get("CI"):
        pytest.fail("CI must test migrations on PostgreSQL: set PORTAL_TEST_POSTGRES_URL")
    return urls
