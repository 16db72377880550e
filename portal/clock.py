"""One idea of "today" for flows, outcomes, printed checklists, the statistics' days and months,
the "in the past" check of a date answer and the CLI's default day: the server's local date
(run the server in the host country's time zone, e.g. TZ=America/Bogota, so that a programme
closes and a day's counts end at that country's midnight, not UTC's, which falls 3 to 6 hours
earlier in the region), or — in testing and development only — a fixed day from the TODAY
setting, so a test clock can move a programme past its closing date and check the pages.
Moments (audit entries, expiries, lock-outs) are kept in UTC; only days come from here."""

from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context


def today() -> dt.date:
    if has_app_context():
        fixed = current_app.config.get("TODAY")
        if fixed and current_app.config.get("ENV_NAME") in ("development", "testing"):
            return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return dt.date.today()
