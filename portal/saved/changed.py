"""Saved answers opened after their flow changed: "The rules changed on <date> since you
saved", and the outcome the same answers gave then when it differs from today's.

A saved record keeps, sealed with the answers, only the flow's content version and the outcome
id it reached. Opening it puts those and the day it was saved in the encrypted session."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from flask import session

from portal.flows.answers import flow_answers
from portal.rules.model import Change, Flow, Outcome

SAVED_THEN_KEY = "saved_then"


@dataclass(frozen=True)
class RulesChanged:
    saved_on: dt.date
    changes: tuple[Change, ...]  # recorded on or after the day of saving, newest first
    then: Outcome | None  # what the same answers led to then, when it differs from today's
    then_gone: bool  # that outcome is no longer in the guide

    @property
    def changed_on(self) -> dt.date | None:
        return self.changes[0].on if self.changes else None


def _digest(answers: dict[str, Any]) -> str:
    canonical = json.dumps(answers, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def saved_data(flow: Flow, outcome_id: str) -> dict[str, str]:
    """What a saved record keeps beside the answers, to tell the person about a later change."""
    return {"version": flow.version, "outcome": outcome_id}


def remember_saved_then(flow: Flow, data: dict[str, Any], saved_on: dt.date) -> None:
    """On opening a saved record: what it was saved under, if its flow has changed since."""
    version = data.get("version")
    if not isinstance(version, str) or version == flow.version:
        session.pop(SAVED_THEN_KEY, None)
        return
    session[SAVED_THEN_KEY] = {
        "flow": flow.id, "version": version, "outcome": str(data.get("outcome") or ""),
        "saved_on": saved_on.isoformat(), "answers": _digest(data.get("answers") or {}),
    }  # fmt: skip


def rules_changed(flow: Flow, outcome_id: str) -> RulesChanged | None:
    """For the result page: None unless this session opened saved answers of this flow made
    under other content. "Then" is compared only while the answers are the saved ones."""
    kept = session.get(SAVED_THEN_KEY)
    if not isinstance(kept, dict) or kept.get("flow") != flow.id:
        return None
    if kept.get("version") == flow.version:
        return None
    try:
        saved_on = dt.date.fromisoformat(str(kept["saved_on"]))
    except (KeyError, ValueError):
        return None
    same_answers = kept.get("answers") == _digest(flow_answers(flow.id))
    then_id = str(kept.get("outcome") or "")
    differs = same_answers and then_id and then_id != outcome_id
    return RulesChanged(
        saved_on=saved_on,
        changes=tuple(change for change in flow.changes if change.on >= saved_on),
        then=flow.outcomes.get(then_id) if differs else None,
        then_gone=bool(differs and then_id not in flow.outcomes),
    )
