"""Migration 0006: counters before it become "not asked"; going back sums the municipalities
of each old key into one row, so no count is lost."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from tests.databases import databases_to_migrate

INSERT = sa.text(
    "INSERT INTO flow_count (day, country, pathway, event, detail, locale, channel, count"
    "{extra}) VALUES ('2026-11-03', 'BR', 'regularization', 'started', '', 'es', 'self', :n"
    "{value})"
)


def test_municipality_added_and_folded_back(tmp_path, request):
    from portal.extensions import db

    for url in databases_to_migrate(tmp_path, request):
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            downgrade(revision="base")
            upgrade(revision="0005_limits_and_runs")
            db.session.execute(sa.text(INSERT.text.format(extra="", value="")), {"n": 4})
            db.session.commit()
            upgrade(revision="0006_municipality")
            rows = db.session.execute(sa.text("SELECT municipality, count FROM flow_count"))
            assert rows.all() == [("_unknown", 4)]
            for city, n in (("Manaus", 3), ("Boa Vista", 5)):
                statement = INSERT.text.format(extra=", municipality", value=", :city")
                db.session.execute(sa.text(statement), {"n": n, "city": city})
            db.session.commit()
            db.session.remove()
            downgrade(revision="0005_limits_and_runs")
            rows = db.session.execute(sa.text("SELECT country, count FROM flow_count"))
            assert rows.all() == [("BR", 12)]
            db.session.remove()
            downgrade(revision="base")
            upgrade()
            db.session.remove()
            db.engine.dispose()
