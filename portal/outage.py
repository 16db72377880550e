"""While the database is unreachable, skip the work a page can do without.

Statistics counters and the retired-run check are optional: a page is still right without
them. When the database is black-holed rather than refusing, each attempt waits for the
connect timeout (5 s on PostgreSQL), which would make every question page slow during an
outage. After a failure, optional work is skipped in this process for OPTIONAL_PAUSE seconds;
work that needs the database (saving, opening a code, staff pages) always tries and answers
503 if it fails.
"""

from __future__ import annotations

import time

OPTIONAL_PAUSE = 30.0
_paused_until = 0.0  # per process: each worker finds out for itself, at the cost of one wait


def optional_work_allowed() -> bool:
    return time.monotonic() >= _paused_until


def database_failed() -> None:
    global _paused_until
    _paused_until = time.monotonic() + OPTIONAL_PAUSE


def database_answered() -> None:
    global _paused_until
    _paused_until = 0.0
