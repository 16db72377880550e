"""Alembic migrations upgrade and downgrade on SQLite and, when reachable, PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from tests.databases import databases_to_migrate


def tables(app) -> set[str]:
    from portal.extensions import db

    return set(sa.inspect(db.engine).get_table_names())


TABLES = {
    "saved_result", "staff", "audit_entry", "flow_count", "profile_count", "rate_limit_counter",
    "retired_run",
}  # fmt: skip


def test_upgrade_and_downgrade_and_saved_results_survive(tmp_path, request):
    from portal.extensions import db

    for url in databases_to_migrate(tmp_path, request):
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            downgrade(revision="base")
            upgrade(revision="0001_saved_results")
            db.session.execute(sa.text(
                "INSERT INTO saved_result (code_hash, ciphertext, flow_id, locale, channel, "
                "created_at, expires_at) VALUES ('h', :blob, 'br/regularization', 'es', 'self', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ), {"blob": b"sealed"})  # fmt: skip
            db.session.commit()
            db.session.remove()
            upgrade()
            assert tables(app) >= TABLES
            assert db.session.execute(
                sa.text("SELECT flow_id, seal_format FROM saved_result")
            ).one() == ("br/regularization", 1)  # saved before format 2: read as format 1
            db.session.remove()  # end the read transaction: PostgreSQL would block DROP TABLE
            downgrade(revision="0001_saved_results")
            assert "staff" not in tables(app) and "saved_result" in tables(app)
            downgrade(revision="base")
            assert not TABLES & tables(app)
            upgrade()
            db.session.remove()
            db.engine.dispose()


def test_migrations_create_exactly_the_models_tables(tmp_path, request):
    """Autogenerate finds nothing to add: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from portal.extensions import db

    for url in databases_to_migrate(tmp_path, request):
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            downgrade(revision="base")
            upgrade()
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == []
            db.session.remove()
            db.engine.dispose()


def test_the_downgrade_refuses_to_leave_saved_results_the_older_code_cannot_open(tmp_path, caplog):
    from portal.extensions import db

    app = create_app(
        {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"}
    )
    with app.app_context():
        upgrade()
        db.session.execute(sa.text(
            "INSERT INTO saved_result (code_hash, ciphertext, seal_format, flow_id, locale, "
            "channel, created_at, expires_at) VALUES ('h', :blob, 2, 'br/regularization', 'es', "
            "'self', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ), {"blob": b"sealed"})  # fmt: skip
        db.session.commit()
        db.session.remove()
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits with 1
            downgrade(revision="0009_api_keys_and_chat")
        assert "1 saved result(s) are sealed in format 2" in caplog.text
        db.session.remove()
        db.session.execute(sa.text("DELETE FROM saved_result"))
        db.session.commit()
        db.session.remove()
        downgrade(revision="0009_api_keys_and_chat")
        assert "seal_format" not in {
            c["name"] for c in sa.inspect(db.engine).get_columns("saved_result")
        }
        db.engine.dispose()
