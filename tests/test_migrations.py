"""Alembic migrations upgrade and downgrade on SQLite and, when reachable, PostgreSQL."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app

POSTGRES_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL")


def postgres_available() -> bool:
    if not POSTGRES_URL:
        return False
    try:
        engine = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def database_urls(tmp_path):
    urls = [f"sqlite:///{tmp_path / 'migrate.sqlite3'}"]
    if postgres_available():
        urls.append(POSTGRES_URL)
    elif os.environ.get("CI"):
        pytest.fail("CI must test migrations on PostgreSQL: set PORTAL_TEST_POSTGRES_URL")
    return urls


def tables(app) -> set[str]:
    from portal.extensions import db

    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_and_downgrade(tmp_path):
    for url in database_urls(tmp_path):
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            downgrade(revision="base")
            upgrade()
            assert "saved_result" in tables(app)
            downgrade(revision="base")
            assert "saved_result" not in tables(app)
            upgrade()
            from portal.extensions import db

            db.engine.dispose()
