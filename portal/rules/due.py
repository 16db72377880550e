"""`flask content due`: what editors must look at now, so a deployment can run it from cron.

- a programme whose `check_by` day has passed (its state may have changed since it was read);
- a source not read for SOURCE_MAX_AGE_DAYS, or never;
- a flow whose content changed after a legal reviewer signed it off (it shows as a draft again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from portal.rules.library import ContentLibrary
from portal.rules.model import Flow, Where

SOURCE_MAX_AGE_DAYS = 183  # six months


@dataclass(frozen=True)
class DueItem:
    kind: str  # programme | source | review
    where: Where
    text: str

    def __str__(self) -> str:
        return f"{self.where.path}:{self.where.line}: {self.kind}: {self.text}"


def _flow_items(flow: Flow, today: dt.date) -> Iterator[DueItem]:
    if flow.review.changed and flow.review.on:
        yield DueItem(
            "review", flow.review.where or flow.where,
            f"{flow.id} changed after its legal review of {flow.review.on}: "
            "ask the reviewer to check it again, then run `flask content sign-off`",
        )  # fmt: skip
    for programme in flow.programmes.values():
        if programme.status != "closed" and programme.check_by and programme.check_by < today:
            yield DueItem(
                "programme", programme.where,
                f"{flow.id}: programme '{programme.id}' was to be checked by {programme.check_by}"
                f" ({programme.check_at})",
            )  # fmt: skip
    for source in flow.sources.values():
        if source.checked_on is None:
            yield DueItem("source", source.where, f"{flow.id}: source '{source.id}' never checked")
        elif (today - source.checked_on).days > SOURCE_MAX_AGE_DAYS:
            yield DueItem(
                "source", source.where,
                f"{flow.id}: source '{source.id}' last checked on {source.checked_on}"
                f" ({source.url or 'no URL'})",
            )  # fmt: skip


def due_items(library: ContentLibrary, today: dt.date) -> list[DueItem]:
    items = [item for flow in library.flows.values() for item in _flow_items(flow, today)]
    return sorted(items, key=lambda item: (item.where.path, item.where.line, item.text))
