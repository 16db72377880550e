"""Small-number suppression, alone (no Flask)."""

from __future__ import annotations

import itertools

import pytest

from portal.stats.suppression import Cell, primary, protect_columns, protect_group


def statuses(cells: list[Cell]) -> list[str]:
    return [c.status for c in cells]


@pytest.mark.parametrize(
    ("value", "status"), [(0, "small"), (4, "small"), (5, "shown"), (9, "shown")]
)
def test_counts_under_five_are_withheld(value, status):
    assert primary(value).status == status


def test_no_small_counts_nothing_hidden():
    cells, total = protect_group([12, 7, 30])
    assert statuses(cells) == ["shown"] * 3 and total == Cell(49, "shown")


def test_a_single_small_count_takes_the_next_smallest_with_it():
    cells, total = protect_group([20, 3, 9, 11])
    assert statuses(cells) == ["shown", "small", "hidden", "shown"]
    assert total == Cell(43, "shown")


def test_two_small_counts_adding_up_to_under_five_need_a_third():
    cells, total = protect_group([1, 2, 8, 40])
    assert total.value == 51
    assert statuses(cells) == ["small", "small", "hidden", "shown"]


def test_a_total_under_five_is_itself_withheld():
    cells, total = protect_group([1, 2])
    assert total.status == "small" and statuses(cells) == ["small", "small"]


def test_display_never_gives_a_withheld_number():
    cells, _ = protect_group([20, 3, 9])
    assert [c.display for c in cells] == [20, None, None]


@pytest.mark.parametrize("values", list(itertools.product([0, 1, 3, 4, 5, 6, 12], repeat=3)))
def test_no_withheld_count_can_be_recomputed_from_the_total(values):
    """Whatever the counts: the withheld ones are none, or at least two adding up to at least
    five, or the total itself is withheld."""
    cells, total = protect_group(list(values))
    withheld = [c.value for c in cells if not c.shown]
    assert all(c.shown == (c.value >= 5) or c.status == "hidden" for c in cells)
    if total.shown and withheld:
        assert len(withheld) >= 2 and sum(withheld) >= 5


def test_columns_are_protected_separately():
    rows, totals = protect_columns([[10, 2], [12, 9], [30, 20]])
    assert [r[0].status for r in rows] == ["shown"] * 3
    assert [r[1].status for r in rows] == ["small", "hidden", "shown"]
    assert [t.value for t in totals] == [52, 31]
