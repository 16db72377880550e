"""Geometry for server-rendered SVG bar charts (no Flask, no JavaScript).

Suppressed values draw no bar: the chart shows exactly what the table beside it shows.

Labels are never cut: each is wrapped onto as many lines as it needs, and the label column is
as wide as the longest line. Widths are estimated from the characters at the chart's font size
(13px, `.chart text` in style.css) with generous per-character widths, so an estimate errs on
the wide side in any sans-serif font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

FONT_PX = 13
BAR_AREA = 220  # the longest bar
LABEL_MAX = 300  # a label wraps rather than grow wider than this
LABEL_MIN = 60
LABEL_GAP = 8  # between a label's end and the bars
VALUE_GAP = 6  # between a bar's end and its value
LINE_HEIGHT = 16
ROW_HEIGHT = 28
# Widths in em, each at least the widest of DejaVu Sans and Noto Sans (tests/stats/test_charts.py)
NARROW = set("fijlrtI.,:;'!()[] ")
WIDE = set("mwMW@%#&+<=>^~—…")


@dataclass(frozen=True)
class Bar:
    label: str
    lines: tuple[str, ...]  # the label, wrapped
    value: int | None  # None: withheld, and `note` says why
    note: str
    y: int
    width: int
    height: int
    label_y: int  # the baseline of the label's first line
    series: int = 0


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int
    width: int
    line_height: int = LINE_HEIGHT


def char_width(char: str) -> float:
    """A generous estimate of one character's width in em."""
    base = unicodedata.normalize("NFD", char)[:1] or char
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if base in NARROW:
        return 0.42
    if base in WIDE:
        return 1.0
    if base.isupper():
        return 0.8
    return 0.66


def text_width(text: str, font_px: int = FONT_PX) -> int:
    """Estimated width of `text` in pixels (rounded up)."""
    return int(sum(char_width(c) for c in text) * font_px) + 1


def wrap(text: str, limit: int = LABEL_MAX) -> tuple[str, ...]:
    """Words on lines no wider than `limit`; a word wider than that has a line of its own."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate) <= limit:
            lines[-1] = candidate
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def _value_text(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else value


def bar_chart(rows: Sequence[tuple[str, Sequence[int | str]]]) -> BarChart:
    """Horizontal bars, one per row and series (e.g. started and reached an outcome). A value
    given as text (such as "fewer than 5") is written where its bar would be."""
    values = [v for _, series in rows for v in series if isinstance(v, int)]
    top = max(values, default=0) or 1
    wrapped = [wrap(label) for label, _ in rows]
    longest = max((text_width(line) for lines in wrapped for line in lines), default=0)
    label_width = max(LABEL_MIN, longest + LABEL_GAP)
    # room on the right for the widest value or note, wherever it is written
    value_room = max(
        (VALUE_GAP + text_width(_value_text(v)) for _, series in rows for v in series), default=0
    )
    bars: list[Bar] = []
    y = 4
    for (label, series), lines in zip(rows, wrapped, strict=True):
        band = max(len(series), 1)
        row_height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 8)
        height = (ROW_HEIGHT - 6) // band
        label_y = y + (ROW_HEIGHT - 6) // 2 + 5
        for index, value in enumerate(series):
            number = value if isinstance(value, int) else None
            width = round(BAR_AREA * number / top) if number else 0
            note = value if isinstance(value, str) else ""
            bar_y = y + index * height
            bars.append(Bar(label, lines, number, note, bar_y, width, height, label_y, index))
        y += row_height + (8 if band > 1 else 0)
    return BarChart(
        bars=bars, height=y + 4, label_width=label_width,
        width=label_width + BAR_AREA + value_room + 4,
    )  # fmt: skip
