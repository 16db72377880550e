"""A flow's diagram for the review packet, as SVG.

Graphviz draws it when its `dot` program is installed (Debian package `graphviz`); otherwise a
small layered layout in pure Python does: questions in rows by their depth in the flow (in the
order of `flow.order`), the outcomes in rows at the bottom, each box named by its id and a short
label, each rule a curve with an arrowhead. The edges are the ones `flask content graph` prints
(portal/rules/graph.py). No Flask here: the caller passes the labels already translated.
"""

from __future__ import annotations

import shutil
import subprocess  # nosec B404 - runs only Graphviz's `dot`, found on PATH, without a shell
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from portal.rules.graph import Edge, edges
from portal.rules.model import Flow

DOT_TIMEOUT_SECONDS = 20.0
BOX_W, BOX_H = 190, 58
GAP_X, GAP_Y, MARGIN = 28, 84, 16
LANE_GAP = 9  # between the lanes of edges that skip rows
PER_ROW = 4  # boxes side by side at most, so the drawing stays legible on A4
LABEL_CHARS = 30  # per line of a box's label; two lines at most
EDGE_LABEL_CHARS = 34
FONT = "Noto Sans, DejaVu Sans, sans-serif"


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, width: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """Words into at most `lines` lines of about `width` characters; the last one shortened."""
    result: list[str] = []
    words = text.split()
    while words and len(result) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        result.append(line)
    if words:
        result[-1] = short(result[-1] + " " + " ".join(words), width)
    return [short(line, width) for line in result]


def layers(flow: Flow) -> list[list[str]]:
    """Rows of node ids: each question one row below the deepest question leading to it,
    in `flow.order` within a row; then the outcomes, PER_ROW to a row. Wide rows wrap."""
    order = [q for q in flow.order if q in flow.questions]
    order += [q for q in flow.questions if q not in order]
    depth = dict.fromkeys(order, 0)
    links = list(edges(flow))
    for question in order:
        for source, target, _label in links:
            if source == question and target in depth:
                depth[target] = max(depth[target], depth[question] + 1)
    rows: list[list[str]] = []
    for level in range(max(depth.values(), default=-1) + 1):
        found = [q for q in order if depth[q] == level]
        rows += [found[i : i + PER_ROW] for i in range(0, len(found), PER_ROW)]
    outcomes = list(flow.outcomes)
    rows += [outcomes[i : i + PER_ROW] for i in range(0, len(outcomes), PER_ROW)]
    return rows


def positions(rows: list[list[str]], left: float) -> tuple[dict[str, tuple[float, float]], float]:
    """The top-left corner of every box, each row centred, `left` from the edge; and the width
    the rows take."""
    widest = max((len(row) for row in rows), default=1)
    width = widest * BOX_W + (widest - 1) * GAP_X
    places: dict[str, tuple[float, float]] = {}
    for index, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x = left + (width - row_width) / 2
        for column, node in enumerate(row):
            places[node] = (x + column * (BOX_W + GAP_X), MARGIN + index * (BOX_H + GAP_Y))
    return places, width


def _box(node_id: str, label: str, detail: str, outcome: bool, x: float, y: float) -> str:
    css = "node outcome" if outcome else "node question"
    parts = [
        f'<g class="{css}" id={quoteattr("node-" + node_id)}>',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" '
        f'rx="{14 if outcome else 2}" fill="{"#eeeeee" if outcome else "#ffffff"}" '
        'stroke="#000000" stroke-width="1.2"/>',
        f'<text x="{x + 8:.1f}" y="{y + 15:.1f}" font-size="11" font-weight="bold">'
        f"{escape(short(f'{node_id} · {detail}', LABEL_CHARS + 2))}</text>",
    ]
    for number, line in enumerate(wrap(label)):
        parts.append(
            f'<text x="{x + 8:.1f}" y="{y + 31 + 13 * number:.1f}" font-size="10">'
            f"{escape(line)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


@dataclass
class Route:
    """Where one edge runs: from a port under its source to a port over its target, straight
    across the gap between neighbouring rows, or else down a lane of its own beside the boxes
    (`lane`, an x), so that it never runs behind a box."""

    edge: Edge
    start: tuple[float, float] = (0.0, 0.0)
    end: tuple[float, float] = (0.0, 0.0)
    lane: float | None = None
    nth: int = 0  # its place among its source's edges: labels are staggered by it
    slot: int = 0  # its lane's place on its side: where it turns in to its target

    def svg(self) -> str:
        source, target, label = self.edge
        (x1, y1), (x2, y2) = self.start, self.end
        label_y = y1 + 16 + 15 * (self.nth % 4)
        if self.lane is None:
            bend = (y2 - y1) / 2
            points = [(x1, y1), (x1, y1 + bend), (x2, y2 - bend), (x2, y2)]
            d = "M{:.1f},{:.1f} C{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}".format(
                *(value for point in points for value in point)
            )
            label_x = _at_depth(points, label_y)[0]
        else:
            down, over = label_y + 6, y2 - 14 - 6 * (self.slot % 8)
            d = (f"M{x1:.1f},{y1:.1f} V{down:.1f} H{self.lane:.1f} V{over:.1f} H{x2:.1f} "
                 f"V{y2:.1f}")  # fmt: skip
            label_x = x1
        head = f"{x2 - 4.5:.1f},{y2:.1f} {x2 + 4.5:.1f},{y2:.1f} {x2:.1f},{y2 + 7:.1f}"
        parts = [
            f'<g class="edge" data-from={quoteattr(source)} data-to={quoteattr(target)}>',
            f"<title>{escape(f'{source} → {target}' + (f': {label}' if label else ''))}</title>",
            f'<path d="{d}" fill="none" stroke="#333333" stroke-width="1" '
            'stroke-linejoin="round"/>',
            f'<polygon points="{head}" fill="#333333"/>',
        ]
        if label:
            text = short(label, EDGE_LABEL_CHARS)
            parts.append(
                f'<rect x="{label_x - 2.6 * len(text) - 3:.1f}" y="{label_y - 9:.1f}" '
                f'width="{5.2 * len(text) + 6:.1f}" height="12" fill="#ffffff" '
                f'fill-opacity="0.85"/><text x="{label_x:.1f}" y="{label_y:.1f}" font-size="9" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
        parts.append("</g>")
        return "".join(parts)


def _bezier(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _at_depth(points: list[tuple[float, float]], y: float) -> tuple[float, float]:
    """The point of a curve at height y (the curves only go down), by halving."""
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if _bezier(points, middle)[1] < y else (low, middle)
    return _bezier(points, low)


def routes(flow: Flow, rows: list[list[str]]) -> tuple[list[Route], dict, float, float]:
    """Every edge's route, the boxes' places, and the drawing's width and height."""
    row_of = {node: index for index, row in enumerate(rows) for node in row}
    drawn = [Route(edge) for edge in edges(flow)]
    places, boxes = positions(rows, 0)
    middle = boxes / 2
    lanes = {"left": [], "right": []}  # type: dict[str, list[Route]]
    for route in drawn:
        source, target, _label = route.edge
        if row_of[target] != row_of[source] + 1:
            centre = (places[source][0] + places[target][0] + BOX_W) / 2
            lanes["left" if centre < middle else "right"].append(route)
    left = MARGIN + LANE_GAP * len(lanes["left"])
    places, boxes = positions(rows, left)
    for index, route in enumerate(lanes["left"]):
        route.lane, route.slot = left - LANE_GAP * (index + 1), index
    for index, route in enumerate(lanes["right"]):
        route.lane, route.slot = left + boxes + LANE_GAP * (index + 1), index

    def across(route: Route, end: int) -> float:  # where the other end lies, left to right
        node = route.edge[1 - end]
        return route.lane if route.lane is not None else places[node][0]

    for node, (x, y) in places.items():
        leaving = sorted((r for r in drawn if r.edge[0] == node), key=lambda r: across(r, 0))
        for index, route in enumerate(leaving):
            route.start = (x + BOX_W * (index + 1) / (len(leaving) + 1), y + BOX_H)
        arriving = sorted((r for r in drawn if r.edge[1] == node), key=lambda r: across(r, 1))
        for index, route in enumerate(arriving):
            route.end = (x + BOX_W * (index + 1) / (len(arriving) + 1), y - 7)
    sent: dict[str, int] = {}
    for route in drawn:
        route.nth = sent.get(route.edge[0], 0)
        sent[route.edge[0]] = route.nth + 1
    width = left + boxes + LANE_GAP * len(lanes["right"]) + MARGIN
    height = 2 * MARGIN + len(rows) * BOX_H + max(len(rows) - 1, 0) * GAP_Y
    return drawn, places, width, height


def layered_svg(flow: Flow, labels: Mapping[str, str]) -> str:
    """The pure-Python drawing. `labels` maps node ids to their (translated) text."""
    drawn, places, width, height = routes(flow, layers(flow))
    body = [route.svg() for route in drawn]
    for question in flow.questions.values():
        x, y = places[question.id]
        body.append(_box(question.id, labels.get(question.id, ""), question.type, False, x, y))
    for outcome in flow.outcomes.values():
        x, y = places[outcome.id]
        body.append(_box(outcome.id, labels.get(outcome.id, ""), outcome.kind, True, x, y))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}">'
        f"<title>{escape(flow.id)}</title>{''.join(body)}</svg>"
    )


def dot_source(flow: Flow, labels: Mapping[str, str]) -> str:
    """The flow in Graphviz's language, with the packet's labels."""

    def quote(*lines: str) -> str:
        clean = (" ".join(line.split()).replace("\\", "\\\\").replace('"', '\\"') for line in lines)
        return '"' + "\\n".join(clean) + '"'

    lines = [
        f"digraph {quote(flow.id)} {{",
        "  rankdir=TB;",
        '  node [fontname="Noto Sans", fontsize=10]; edge [fontname="Noto Sans", fontsize=8];',
    ]
    for question in flow.questions.values():
        label = quote(f"{question.id} · {question.type}", *wrap(labels.get(question.id, "")))
        lines.append(f"  {quote(question.id)} [shape=box, label={label}];")
    for outcome in flow.outcomes.values():
        label = quote(f"{outcome.id} · {outcome.kind}", *wrap(labels.get(outcome.id, "")))
        style = 'shape=box, style="rounded,filled", fillcolor="#eeeeee"'
        lines.append(f"  {quote(outcome.id)} [{style}, label={label}];")
    for source, target, label in edges(flow):
        lines.append(f"  {quote(source)} -> {quote(target)} [label={quote(short(label, 40))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphviz_svg(flow: Flow, labels: Mapping[str, str], timeout: float | None = None) -> str | None:
    """The drawing by Graphviz, or None when `dot` is not on PATH, fails or takes longer than
    `timeout` seconds (DOT_TIMEOUT_SECONDS)."""
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        # a fixed argument list (dot's full path), no shell, the graph on stdin
        done = subprocess.run(  # noqa: S603  # nosec B603
            [program, "-Tsvg"],
            input=dot_source(flow, labels).encode("utf-8"),
            capture_output=True,
            timeout=timeout or DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    output = done.stdout.decode("utf-8", errors="replace")
    start = output.find("<svg")
    if done.returncode != 0 or start < 0:
        return None
    return output[start:]  # without the XML declaration and DOCTYPE


def diagram_svg(flow: Flow, labels: Mapping[str, str], graphviz: bool = True) -> tuple[str, str]:
    """The SVG and what drew it: "graphviz", or "python" (not installed, or it failed)."""
    drawn = graphviz_svg(flow, labels) if graphviz else None
    if drawn is not None:
        return drawn, "graphviz"
    return layered_svg(flow, labels), "python"
