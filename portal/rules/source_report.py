"""`flask content sources`: per flow, what its answers rest on — sources by kind, the oldest
check, unverified sources, outcomes resting on press alone and programmes' states."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from portal.rules.lifecycle import PRESS, evidence_level, oldest_check, programme_state
from portal.rules.model import SOURCE_KINDS, Flow


def source_report(flow: Flow, today: dt.date) -> Iterator[str]:
    sources = list(flow.sources.values())
    kinds = Counter(s.kind for s in sources)
    yield f"{flow.id}  ({flow.where.path}, review: {flow.review.status})"
    yield "  sources: " + ", ".join(f"{kinds[k]} {k}" for k in SOURCE_KINDS)
    oldest = oldest_check(sources)
    yield f"  oldest check: {oldest or 'never'}"
    unverified = [s.id for s in sources if not s.verified]
    yield "  unverified: " + (", ".join(unverified) or "none")
    weak = []
    for outcome in flow.outcomes.values():
        cited = [flow.sources[s] for s in outcome.sources if s in flow.sources]
        if evidence_level(cited) in (PRESS, "unsourced"):
            weak.append(f"{outcome.id} ({outcome.kind})")
    yield "  outcomes resting on press or unverified sources only: " + (", ".join(weak) or "none")
    unbacked = [
        o.id
        for o in flow.outcomes.values()
        if o.kind == "likely" and not any(flow.sources[s].authoritative for s in o.sources)
    ]
    yield "  likely outcomes without a law or official source: " + (", ".join(unbacked) or "none")
    for programme in flow.programmes.values():
        state = programme_state(programme, today)
        dates = f"opens {programme.opens or '?'}, closes {programme.closes or '?'}"
        check = f", check by {programme.check_by}" if programme.check_by else ""
        yield f"  programme {programme.id}: {state} ({dates}{check})"
