"""Which saved record this session opened by code: its id (never the code), kept in the
encrypted session for "Delete these answers now" and for the desk's list of today's work."""

from __future__ import annotations

from flask import session

OPENED_KEY = "opened"


def remember_opened(flow_id: str, record_id: int) -> None:
    session[OPENED_KEY] = [flow_id, record_id]
    session.modified = True


def opened_record(flow_id: str) -> int | None:
    """The saved record this session opened by code for this flow, if any."""
    kept = session.get(OPENED_KEY)
    if isinstance(kept, list) and len(kept) == 2 and kept[0] == flow_id:
        return int(kept[1])
    return None
