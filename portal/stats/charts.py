"""Geometry for server-rendered SVG bar charts (no Flask, no JavaScript).

Suppressed values draw no bar: the chart shows exactly what the table beside it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480
LABEL_WIDTH = 170
BAR_AREA = WIDTH - LABEL_WIDTH - 90
ROW_HEIGHT = 28
LABEL_CHARS = 26


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int | None  # None: withheld, and `note` says why
    note: str
    y: int
    width: int
    height: int
    label_y: int
    series: int = 0


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = WIDTH


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(rows: Sequence[tuple[str, Sequence[int | str]]]) -> BarChart:
    """Horizontal bars, one per row and series (e.g. started and reached an outcome). A value
    given as text (such as "fewer than 5") is written where its bar would be."""
    values = [v for _, series in rows for v in series if isinstance(v, int)]
    top = max(values, default=0) or 1
    bars: list[Bar] = []
    y = 4
    for label, series in rows:
        band = max(len(series), 1)
        height = (ROW_HEIGHT - 6) // band
        label_y = y + (ROW_HEIGHT - 6) // 2 + 5
        for index, value in enumerate(series):
            number = value if isinstance(value, int) else None
            width = round(BAR_AREA * number / top) if number else 0
            note = value if isinstance(value, str) else ""
            bar_y = y + index * height
            bars.append(
                Bar(label, shorten(label), number, note, bar_y, width, height, label_y, index)
            )
        y += ROW_HEIGHT + (8 if band > 1 else 0)
    return BarChart(bars=bars, height=y + 4)
