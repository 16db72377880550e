"""The flows' date is the server's local date, even though it is worked out once a day."""

from __future__ import annotations

import datetime as dt

from portal.flows import views


def test_the_date_changes_exactly_at_local_midnight(monkeypatch):
    midnight = dt.datetime(2026, 3, 1).timestamp()  # local time, whatever the zone
    for moment, expected in [
        (midnight - 1, dt.date(2026, 2, 28)),
        (midnight - 0.001, dt.date(2026, 2, 28)),
        (midnight, dt.date(2026, 3, 1)),
        (midnight + 86_399, dt.date(2026, 3, 1)),
        (midnight - 1, dt.date(2026, 2, 28)),  # a clock set back is followed too
    ]:
        monkeypatch.setattr(views.time, "time", lambda moment=moment: moment)
        assert views._today() == expected == dt.date.fromtimestamp(moment)


def test_the_date_is_todays():
    assert views._today() == dt.date.today()
