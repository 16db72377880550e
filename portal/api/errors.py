"""Every API error as JSON: {"error": {"code", "message", "details"}}, the message in the
requested language. Errors raised in the API's views reach the blueprint's handlers; those raised
before a route is known (an unknown address, a method not allowed) reach errors.py, which hands
any request under /api/ to `error_response` too."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from flask import Blueprint, Response, g, jsonify, request
from flask_babel import lazy_gettext as _l
from gunicorn.http.errors import NoMoreData, ParseException
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal import outage
from portal.errors import where
from portal.extensions import db
from portal.i18n import LOCALES
from portal.ratelimit import LimitReached

log = logging.getLogger(__name__)
PREFIX = "/api/"

MESSAGES: dict[str, Any] = {
    # TRANSLATORS: the JSON API's messages are read by partners' developers, and may be shown to
    # the person using a partner's app.
    "bad_request": _l("The request is not valid: check the fields and their types."),
    "bad_language": _l("This language is not offered."),
    "bad_token": _l("This conversation has expired or its token is not valid. Start again."),
    "unauthorized": _l("A valid API key is needed."),
    "not_found": _l("There is nothing at this address."),
    "unknown_flow": _l("There is no such guide for this country."),
    "method_not_allowed": _l("This method is not allowed at this address."),
    "too_large": _l("The request is too large."),
    "not_on_path": _l("This question is not on the person's path."),
    "invalid_answer": _l("The answer was not accepted."),
    "unknown_city": _l("There is no office in this city."),
    "not_finished": _l("The conversation has not reached an outcome yet."),
    "server_error": _l("Something went wrong on our side. Please try again later."),
    "unavailable": _l("The service is not available right now. Please try again later."),
}
STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
    413: "too_large", 503: "unavailable",
}  # fmt: skip


class ApiError(Exception):
    """An error the API answers with its own code; `message` defaults to the code's."""

    def __init__(
        self, status: int, code: str, message: str | None = None, details: Iterable[str] = ()
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.details = status, code, message, list(details)


def is_api_request() -> bool:
    return request.blueprint == "api" or request.path.startswith(PREFIX)


def error_response(
    status: int,
    code: str,
    message: str | None = None,
    details: Iterable[str] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    if not g.get("locale"):  # an error before the API read `lang`: English, never a guess
        lang = request.args.get("lang")
        g.locale = LOCALES.get(lang, "en") if isinstance(lang, str) else "en"
    text = message if message is not None else str(MESSAGES[code])
    response = jsonify({"error": {"code": code, "message": text, "details": list(details)}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_error_response(error: HTTPException) -> Response:
    status = error.code or 500
    if status >= 500:
        return error_response(503 if status == 503 else 500, _server_code(status))
    code = STATUS_CODES.get(status, "bad_request")
    headers = {}
    if status == 405:
        headers["Allow"] = ", ".join(getattr(error, "valid_methods", None) or [])
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(status if code != "bad_request" else 400, code, headers=headers)


def _server_code(status: int) -> str:
    return "unavailable" if status == 503 else "server_error"


def init_blueprint(bp: Blueprint) -> None:
    @bp.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return error_response(error.status, error.code, error.message, error.details, headers)

    @bp.errorhandler(LimitReached)
    def limit_reached(error: LimitReached) -> Response:
        headers = {"Retry-After": str(error.retry_after)}
        return error_response(429, "rate_limited", error.message(), headers=headers)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return http_error_response(error)

    @bp.errorhandler(NoMoreData)
    @bp.errorhandler(ParseException)
    def unreadable_body(error: Exception) -> Response:
        return error_response(400, "bad_request")

    @bp.errorhandler(SQLAlchemyError)
    def database_unavailable(error: SQLAlchemyError) -> Response:
        outage.database_failed()
        with suppress(SQLAlchemyError):
            db.session.rollback()
        log.error("api: database unavailable (%s)", type(error).__name__)
        return error_response(503, "unavailable", headers={"Retry-After": "60"})

    @bp.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.error("api: unexpected error: %s at %s", type(error).__name__, where(error))
        return error_response(500, "server_error")
