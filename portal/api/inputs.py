"""What a request to the API says: its JSON body, its language and its fields, each checked for
its type before anything uses it. A request the API cannot read is a 400 with a code, never a
500."""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask_babel import refresh

from portal.api.errors import ApiError
from portal.i18n import LOCALES

LONGEST_TEXT = 200  # ids, codes and city names are short; longer is not ours


def read_body() -> dict[str, Any]:
    """The JSON object a POST carries (Werkzeug answers a body over MAX_CONTENT_LENGTH 413)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request")
    return body


def use_locale(locale: str) -> None:
    """Speak this Babel locale from here on (flask_babel keeps the locale it first chose)."""
    g.locale = locale
    refresh()


def requested_locale(body: dict[str, Any]) -> str | None:
    """The Babel locale for `lang` in the body or the query, None when neither gives one."""
    lang = body["lang"] if "lang" in body else request.args.get("lang")
    if lang is None:
        return None
    if not isinstance(lang, str) or lang not in LOCALES:
        raise ApiError(400, "bad_language", details=["lang"])
    return LOCALES[lang]


def text(body: dict[str, Any], name: str, required: bool = True) -> str | None:
    """A string field of the body: present (if required), a string, and not absurdly long."""
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > LONGEST_TEXT:
        raise ApiError(400, "bad_request", details=[name])
    return value


def token_text(body: dict[str, Any]) -> str:
    value = body.get("token")
    if not isinstance(value, str) or not value:
        raise ApiError(400, "bad_request", details=["token"])
    return value
