"""Logs without personal data, even with every logger turned up to DEBUG.

The portal's own code logs no answers, codes or emails (tests/test_logs.py proves it). These
filters cover what libraries log on its behalf:

- SQLAlchemy logs result rows at DEBUG (a staff email, a sealed saved result); statement
  parameters are already hidden by the `hide_parameters` engine option (portal/config.py).
- Werkzeug's development server logs each request line with its query string (a city filter
  says where a person is) and the client's address.

In production gunicorn's access log has its own format without either (gunicorn.conf.py), and
rate limits are keyed by a hash of the address (portal/extensions.py).
"""

from __future__ import annotations

import logging
import re

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
