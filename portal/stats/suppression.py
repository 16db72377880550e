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


def withhold_all(values: Sequence[int], threshold: int = THRESHOLD) -> list[Cell]:
    return [Cell(v, "small" if v < threshold else "hidden") for v in values]


def protect_part(values: Sequence[int], total: Cell, threshold: int = THRESHOLD) -> list[Cell]:
    """Cells of a group whose total another table publishes as `total` (e.g. one country's
    municipalities, whose sum is that country's row of the pathway table). A shown total: the
    group is protected against it as by `protect_group`. A withheld total: every cell is
    withheld too, or adding up the cells would give the withheld total away."""
    if not total.shown:
        return withhold_all(values, threshold)
    cells, _ = protect_group(values, threshold)
    return cells


def roll_up(
    rows: Sequence[tuple[str, Sequence[int]]], threshold: int = THRESHOLD
) -> tuple[list[tuple[str, list[int]]], list[str]]:
    """Rows whose every value is under the threshold (all would be withheld) summed into one
    row, returned last with the key "" — when there are at least two of them, so that their
    sum says more than the separate rows could. Returns the rows and the keys rolled up."""
    small = [key for key, values in rows if all(v < threshold for v in values)]
    if len(small) < 2:
        return [(key, list(values)) for key, values in rows], []
    kept = [(key, list(values)) for key, values in rows if key not in small]
    summed = [sum(column) for column in zip(*(v for k, v in rows if k in small), strict=True)]
    return [*kept, ("", summed)], small
