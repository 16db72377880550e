"""A person's answers in progress, kept only in their encrypted session cookie."""

from __future__ import annotations

from typing import Any

from flask import session

from portal.flows.runs import ensure_run


def flow_answers(flow_id: str) -> dict[str, Any]:
    return dict(session.get("answers", {}).get(flow_id, {}))


def store_answer(flow_id: str, question_id: str, value: Any) -> None:
    ensure_run()
    answers = session.setdefault("answers", {})
    # the flow answered last goes last: if the cookie grows too big, the oldest go first
    answers[flow_id] = {**answers.pop(flow_id, {}), question_id: value}
    session.modified = True


def clear_flow(flow_id: str) -> None:
    if flow_id in session.get("answers", {}):
        del session["answers"][flow_id]
        session.modified = True
