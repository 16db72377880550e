"""One person after another at a service desk.

The session of a desk browser holds two parts: the clerk's sign-in, and the person being served
(their answers, a result opened by code, their city, what was already counted). "Next person",
quick exit at a desk, opening a code and starting an assisted flow clear the person's part and
keep the clerk's, so nothing of one person reaches the next.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_time
from flask import current_app, session
from flask_babel import get_locale
from flask_login import current_user, login_user

from portal.flows.runs import retire_run

# What the clerk's part of the session holds besides Flask-Login's own keys (which login_user
# writes again): when the session was last used and began, the channel statistics count, and
# the clerk's interface language.
STAFF_KEYS = ("staff_seen", "staff_since", "channel", "staff_lang")
NOTICE_KEY = "desk_notice"  # a one-time message for the desk home: "next" or "exit"


def staff_signed_in() -> bool:
    """A staff session is open. Cheap: reads the portal's own session key, never the database;
    `staff_session_limits` (desk/access.py) drops the key as soon as the sign-in ends."""
    return "staff_seen" in session


def clear_person(notice: str | None = None) -> None:
    """Forget everything of the person being served; the clerk stays signed in."""
    retire_run()  # a copy of the old cookie cannot bring the answers back either
    staff = current_user._get_current_object()  # the Staff row, not the proxy
    kept = {key: session[key] for key in STAFF_KEYS if key in session}
    session.clear()
    login_user(staff)
    session.update(kept)
    if notice:
        session[NOTICE_KEY] = notice


def session_ends_at() -> str:
    """When the desk session ends without activity, as a time of day in the page's language
    (the server's local time zone, as for "today": see clock.py)."""
    minutes = current_app.config["STAFF_IDLE_MINUTES"]
    ends = dt.datetime.now().astimezone() + dt.timedelta(minutes=minutes)
    return format_time(ends, format="short", tzinfo=ends.tzinfo, locale=str(get_locale()))


def desk_channel(role: str) -> str:
    """What statistics count a signed-in staff member's journeys as: a desk clerk serves a
    person ("desk"); an editor trying the flows is not a person ("staff_test")."""
    return "staff_test" if role == "editor" else "desk"
