"""Logs without personal data, even with every logger turned up to DEBUG.

The portal's own code logs no answers, codes or emails (tests/test_logs.py proves it). These
filters cover what libraries log on its behalf:

- SQLAlchemy logs result rows at DEBUG (a staff email, a sealed saved result); statement
  parameters are already hidden by the `hide_parameters` engine option (portal/config.py).
- Werkzeug's development server logs each request line with its query string (a city filter
  says where a person is) and the client's address.
- gunicorn's error log names the client and quotes what it sent (GunicornLogger below).

In production gunicorn's access log has its own format without either (gunicorn.conf.py), and
rate limits are keyed by a hash of the address (portal/extensions.py).
"""

from __future__ import annotations

import logging
import re

from gunicorn.config import Config
from gunicorn.glogging import Logger

_CLIENT_ADDRESS = re.compile(r"^\S+(?= - - \[)")
_QUERY_STRING = re.compile(r"\?[^\s\"]*")


class DropResultRows(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Row %r"


class RequestLineWithoutQuery(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = _CLIENT_ADDRESS.sub("-", record.getMessage(), count=1)
        record.msg, record.args = _QUERY_STRING.sub("", message), ()
        return True


# What gunicorn 27 writes to its error log about a client:
# - "Invalid request from ip=203.0.113.7: Invalid HTTP Header: 'X-Forwarded-For 198.51.100.4'"
#   (warning) for every malformed request, quoting the request line, header or bytes at fault;
# - "Error handling request GET /offices?city=Manaus" (error, with a traceback) when a request
#   fails inside gunicorn, as when its worker is killed for taking too long;
# - "Ignored premature client disconnection. No more data after: b'Host: …\r\nCookie: …'"
#   (debug) with the headers read so far, when a client leaves in the middle of a request.
_CLIENT_ADDRESS_FIELD = re.compile(r" from ip=\S*?(?=: |$)")  # IPv6 addresses contain colons
# Up to the next white space, or a quote that ends the quoted request line before it.
_QUERY_IN_TEXT = re.compile(r"\?\S*?(?=['\"]?(?:\s|$))")
_ABOUT_A_REQUEST = ("Invalid request", "Ignored premature client disconnection")
_QUOTED = re.compile(r"""(b?(['"]))(.*)\2""")  # to the last quote: the value may contain one
# A header's name, a method or version, or a method and path; never a header's value.
_FIRST_WORD = re.compile(r"[^\s:?\\]*(?: /[^\s?\\]*)?")


def _first_word(quoted: re.Match[str]) -> str:
    opening, quote, text = quoted.groups()
    first_word = _FIRST_WORD.match(text)
    word = first_word.group() if first_word else ""  # never None: the pattern may match nothing
    return quoted.group() if word == text else f"{opening}{word}…{quote}"


def without_client_data(text: str) -> str:
    """gunicorn's message without the client's address, query strings or the values it sent;
    what went wrong stays, with the path or the header's name."""
    text = _QUERY_IN_TEXT.sub("", _CLIENT_ADDRESS_FIELD.sub("", text))
    if text.startswith(_ABOUT_A_REQUEST):
        text = _QUOTED.sub(_first_word, text)
    return text


class WithoutClientData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = without_client_data(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _QUERY_IN_TEXT.sub("", record.exc_text)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger (gunicorn.conf.py: logger_class) with WithoutClientData on the error
    log, at every level. The access log has its own format (access_log_format)."""

    def setup(self, cfg: Config) -> None:
        super().setup(cfg)
        if not any(isinstance(f, WithoutClientData) for f in self.error_log.filters):
            self.error_log.addFilter(WithoutClientData())


FILTERS = {
    "sqlalchemy.engine.Engine": DropResultRows,
    "werkzeug": RequestLineWithoutQuery,
}


def init_app(app=None) -> None:
    """Install the filters once per process (loggers are global)."""
    for name, kind in FILTERS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
