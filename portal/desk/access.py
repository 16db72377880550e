"""Who may reach a desk page, and for how long: the role a page needs, and the limits that end a
staff session (idle time, longest session, an account disabled or signed out elsewhere)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from portal.desk.person import staff_signed_in
from portal.i18n import url_lang

Params = ParamSpec("Params")
Result = TypeVar("Result")

# Why the last staff session ended, shown once on the sign-in page.
ENDED = {
    "idle": _l("You were signed out after %(minutes)s minutes without activity."),
    "idle_person": _l(
        "You were signed out after %(minutes)s minutes without activity; the person's answers "
        "were cleared."
    ),
    "max": _l("You were signed out after %(hours)s hours, the longest a desk session lasts."),
    "ended": _l(
        "Your desk session was ended: your account was disabled, or signed out on every device. "
        "Anything the person had answered was cleared. Ask an admin if this is unexpected."
    ),
}


def role_required(
    *roles: str,
) -> Callable[[Callable[Params, Result]], Callable[Params, Result]]:
    def decorate(view: Callable[Params, Result]) -> Callable[Params, Result]:
        @wraps(view)
        @login_required
        def wrapped(*args: Params.args, **kwargs: Params.kwargs) -> Result:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def end_session(reason: str | None) -> None:
    logout_user()
    session.clear()
    if reason:
        session["staff_ended"] = reason


def staff_session_limits() -> Response | None:
    """Staff sessions end after STAFF_IDLE_MINUTES without a request and STAFF_MAX_HOURS after
    sign-in, and at once when the account was disabled or its sessions ended elsewhere
    (load_staff). The clerk is then told why on the sign-in page, never left on a bare
    question 1 that the next visitor would take for self-service."""
    if not staff_signed_in():
        return None  # the cheap test first: almost every request is from a person, not staff
    config, at = current_app.config, time.time()
    if not current_user.is_authenticated:
        reason = "ended"
    elif at - session["staff_seen"] > config["STAFF_IDLE_MINUTES"] * 60:
        reason = "idle_person" if session.get("answers") else "idle"
    elif at - session.get("staff_since", 0) > config["STAFF_MAX_HOURS"] * 3600:
        reason = "max"
    else:
        session["staff_seen"] = int(at)
        return None
    # the page's language when its address has one (i18n sets g.locale), else the clerk's own
    lang = url_lang() if g.get("locale") else session.get("staff_lang") or url_lang()
    end_session(reason)
    if request.endpoint in ("static", "desk.sign_in"):
        return None
    return redirect(url_for("desk.sign_in", lang=lang))


def ended_message() -> str | None:
    """Why the last staff session ended, once, in the page's language; None if it was not
    ended by a limit."""
    reason = session.pop("staff_ended", None)
    if reason not in ENDED:
        return None
    config = current_app.config
    values = {"minutes": config["STAFF_IDLE_MINUTES"], "hours": config["STAFF_MAX_HOURS"]}
    return str(ENDED[reason]) % values
