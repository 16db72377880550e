"""One idea of today: the server's local date, or a fixed day in testing (the test clock)."""

from __future__ import annotations

import datetime as dt

from portal import clock


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
