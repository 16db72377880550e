"""Small-number suppression for published tables (no Flask).

A count under the threshold is shown as "fewer than 5". Where a total is shown, a single small
count could be worked out by subtracting the others from it, so the next smallest counts in
the same group are hidden too until the hidden ones number at least two and add up to at least
the threshold: the total stays true and no small count can be recovered from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

THRESHOLD = 5
Status = Literal["shown", "small", "hidden"]


@dataclass(frozen=True)
class Cell:
    value: int
    status: Status = "shown"

    @property
    def shown(self) -> bool:
        return self.status == "shown"

    @property
    def display(self) -> int | None:
        """The number to publish, or None when it must not be published."""
        return self.value if self.shown else None


def primary(value: int, threshold: int = THRESHOLD) -> Cell:
    return Cell(value, "shown" if value >= threshold else "small")


def protect_group(values: Sequence[int], threshold: int = THRESHOLD) -> tuple[list[Cell], Cell]:
    """Cells for `values` and for their total, suppressed so that no count under the threshold
    can be read or recomputed from what is shown."""
    total = primary(sum(values), threshold)
    cells = [primary(value, threshold) for value in values]
    if not total.shown:
        return [Cell(c.value, "small" if c.value < threshold else "hidden") for c in cells], total

    def unsafe() -> bool:
        withheld = [c.value for c in cells if not c.shown]
        return bool(withheld) and (len(withheld) < 2 or sum(withheld) < threshold)

    while unsafe():
        candidates = [i for i, c in enumerate(cells) if c.shown]
        if not candidates:  # cannot happen while the total is shown; kept as a guard
            return cells, Cell(total.value, "hidden")
        smallest = min(candidates, key=lambda i: cells[i].value)
        cells[smallest] = Cell(cells[smallest].value, "hidden")
    return cells, total


def protect_columns(
    rows: Sequence[Sequence[int]], threshold: int = THRESHOLD
) -> tuple[list[list[Cell]], list[Cell]]:
    """Protect each column of a table independently against its own total row."""
    if not rows:
        return [], []
    columns = list(zip(*rows, strict=True))
    protected, totals = [], []
    for column in columns:
        cells, total = protect_group(column, threshold)
        protected.append(cells)
        totals.append(total)
    return [list(row) for row in zip(*protected, strict=True)], totals
