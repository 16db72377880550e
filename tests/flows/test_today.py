"""One idea of today: the server's local date, or a fixed day in testing (the test clock), for
the flows and for the statistics alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import FlowCount
from tests.stats.helpers import finish


def test_the_date_is_todays(app):
    with app.app_context():
        assert clock.today() == dt.date.today()


def test_a_test_clock_fixes_the_day(app):
    app.config["TODAY"] = "2027-05-01"
    with app.app_context():
        assert clock.today() == dt.date(2027, 5, 1)


def test_production_ignores_a_fixed_day(app):
    app.config.update(TODAY="2027-05-01", ENV_NAME="production")
    with app.app_context():
        assert clock.today() == dt.date.today()


def test_statistics_count_on_the_same_day_as_the_flows(app, client):
    app.config["TODAY"] = "2027-05-01"
    finish(client)
    with app.app_context():
        days = set(db.session.scalars(select(FlowCount.day)))
    assert days == {dt.date(2027, 5, 1)}


def test_a_date_answer_may_not_be_after_the_test_clocks_day(app, client):
    app.config["TODAY"] = "2020-01-01"  # a birth date in 2020 is "in the future" on that day
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    response = client.post(
        "/en/br/regularization/q/birth_date", data={"day": "2", "month": "1", "year": "2020"}
    )
    assert response.status_code == 400
    assert "The date must be today or in the past" in response.get_data(as_text=True)
