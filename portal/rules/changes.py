"""A flow's `changes:` list: what changed, when, why and on which source, in plain words for
the public "What changed" page and for people whose saved answers predate the change."""

from __future__ import annotations

from portal.rules.errors import Reporter, did_you_mean
from portal.rules.fields import Fields
from portal.rules.model import Change, Source, Where

CHANGE_KEYS = {"on", "what", "why", "source"}


def parse_changes(
    top: Fields, sources: dict[str, Source], path: str, report: Reporter
) -> tuple[Change, ...]:
    """Newest first, whatever the order in the file."""
    items = top.items("changes")
    changes = []
    for index, raw in enumerate(items):
        f = Fields(raw, path, report, "change", CHANGE_KEYS, items.line_of(index))
        on, what, why = f.date("on"), f.text("what"), f.text("why")
        source = f.word("source", required=False)
        if source is not None and source not in sources:
            message = f"change: unknown source '{source}'" + did_you_mean(source, sources)
            report.error(path, f.line_of("source"), message)
            continue
        if on and what and why:
            changes.append(Change(on, what, why, source, Where(path, f.line)))
    return tuple(sorted(changes, key=lambda change: change.on, reverse=True))
