"""Every error a person can cause gets a clear page in their language and a 4xx status."""

from __future__ import annotations

import logging
import traceback
from contextlib import suppress
from pathlib import Path

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from gunicorn.http.errors import NoMoreData, ParseException
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal import outage
from portal.extensions import db
from portal.ratelimit import LimitReached

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Something in the form was not right"),
        _l("We could not use what was sent. Go back and try again."),
    ),
    403: (
        _l("You cannot open this page"),
        _l("Your account does not give access to it. Ask an admin if you need it."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. "
            "You can start again from the home page."
        ),
    ),
    405: (_l("That did not work"), _l("Go back and use the buttons on the page.")),
    413: (
        _l("What you sent is too long"),
        _l("Go back, shorten your answer and try again. Your earlier answers are kept."),
    ),
    429: (
        _l("Too many tries"),
        _l(
            "For your safety, codes can only be tried a few times. Please wait and try again later."
        ),
    ),
    503: (
        _l("Sorry, the service is not available right now"),
        _l("Please try again later."),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l(
            "Try again later. Your answers stay on this device for two hours after you last "
            "used this site."
        ),
    ),
}


DATABASE_DOWN = _l(
    "We could not reach our records just now. Nothing you answered is lost: your answers are "
    "still on this device. Please try again in a minute."
)


def render_error(status: int, title=None, message=None) -> tuple[str, int]:
    default_title, default_message = MESSAGES.get(status, MESSAGES[400])
    return (
        render_template(
            "error.html",
            status=status,
            title=title or default_title,
            message=message or default_message,
        ),
        status,
    )


def init_app(app: Flask) -> None:
    from portal.api.errors import http_error_response, is_api_request  # it imports where()

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            _l("This page has expired"),
            _l(
                "For your safety, forms stop working after a while or if cookies are blocked. "
                "Go back, reload the page and answer again."
            ),
        )

    @app.errorhandler(LimitReached)
    def limit_reached(error: LimitReached):
        html, status = render_error(429, message=error.message())
        return html, status, {"Retry-After": str(error.retry_after)}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():  # an address under /api/ that no API route matched: JSON too
            return http_error_response(error)
        status = error.code or 500
        if status == 503:
            return render_error(503)
        if status >= 500:
            return render_error(500)
        return render_error(status if status in MESSAGES else 400)

    @app.errorhandler(NoMoreData)
    @app.errorhandler(ParseException)
    def unreadable_body(error: Exception):
        """gunicorn raises these while the app reads a body the client sent malformed (a bad
        chunk size, a body cut short): the client's fault, so a 400, never a 500."""
        return render_error(400)

    @app.errorhandler(SQLAlchemyError)
    def database_unavailable(error: SQLAlchemyError):
        """The database went away mid-request: a 503 that says nothing on this device is lost
        (answers live in the cookie), never a bare 500."""
        outage.database_failed()
        with suppress(SQLAlchemyError):  # the connection is already gone; the pool replaces it
            db.session.rollback()
        log.error("database unavailable: %s at %s", type(error).__name__, where(error))
        html, status = render_error(503, message=DATABASE_DOWN)
        return html, status, {"Retry-After": "60"}

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.error("unexpected error: %s at %s", type(error).__name__, where(error))
        return render_error(500)


def where(error: BaseException) -> str:
    """The frames an error passed through (file, line, function), innermost first, without its
    message or values: messages and tracebacks can quote a person's answers."""
    frames = traceback.extract_tb(error.__traceback__)[-8:]
    return " < ".join(
        f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" for frame in reversed(frames)
    )
