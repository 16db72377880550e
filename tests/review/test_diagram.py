"""The flow diagram of the review packet: the pure-Python layout (always), Graphviz (only where
`dot` is installed), and falling back from a `dot` that fails."""

from __future__ import annotations

import os
import shutil
import stat
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from portal.review import diagram
from portal.review.diagram import BOX_W, diagram_svg, dot_source, graphviz_svg, layered_svg
from portal.rules.graph import edges
from portal.rules.model import Flow
from tests.helpers import LIBRARY

SVG = "{http://www.w3.org/2000/svg}"
FLOWS = sorted(LIBRARY.flows)


def labels(flow: Flow) -> dict[str, str]:
    found = {q.id: q.text for q in flow.questions.values()}
    return found | {o.id: o.title for o in flow.outcomes.values()}


@pytest.mark.parametrize("flow_id", FLOWS)
def test_the_python_layout_is_valid_svg_naming_every_node_with_one_line_per_edge(flow_id):
    flow = LIBRARY.flows[flow_id]
    root = ET.fromstring(layered_svg(flow, labels(flow)))  # noqa: S314 - our own SVG
    assert root.tag == f"{SVG}svg"
    nodes = {g.get("id"): g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "")}
    assert set(nodes) == {f"node-{n}" for n in [*flow.questions, *flow.outcomes]}
    for node_id, group in nodes.items():
        words = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
        assert words.startswith(node_id.removeprefix("node-") + " · ")
    drawn = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert Counter((g.get("data-from"), g.get("data-to")) for g in drawn) == Counter(
        (source, target) for source, target, _label in edges(flow)
    )
    assert all(len(g.findall(f"{SVG}path")) == 1 for g in drawn)
    assert all(len(g.findall(f"{SVG}polygon")) == 1 for g in drawn)  # the arrowhead


def test_boxes_show_the_translated_labels_they_are_given():
    flow = LIBRARY.flows["br/regularization"]
    names = {node: f"Etiqueta {node}" for node in labels(flow)}
    svg = layered_svg(flow, names)
    assert "Etiqueta nationality" in svg and "Etiqueta likely" in svg
    assert "What is the nationality" not in svg


@pytest.mark.parametrize("flow_id", FLOWS)
def test_questions_sit_below_every_question_leading_to_them_and_outcomes_at_the_bottom(flow_id):
    flow = LIBRARY.flows[flow_id]
    rows = diagram.layers(flow)
    row_of = {node: index for index, row in enumerate(rows) for node in row}
    for source, target, _label in edges(flow):
        assert row_of[target] > row_of[source], (source, target)
    last_question = max(row_of[q] for q in flow.questions)
    assert all(row_of[o] > last_question for o in flow.outcomes)
    assert all(len(row) <= diagram.PER_ROW for row in rows)


@pytest.mark.parametrize("flow_id", FLOWS)
def test_lines_that_skip_a_row_run_in_lanes_beside_the_boxes(flow_id):
    flow = LIBRARY.flows[flow_id]
    routes, places, width, _height = diagram.routes(flow, diagram.layers(flow))
    left = min(x for x, _y in places.values())
    right = max(x for x, _y in places.values()) + BOX_W
    lanes = [r.lane for r in routes if r.lane is not None]
    assert all(lane < left or lane > right for lane in lanes)
    assert len(set(lanes)) == len(lanes)  # one lane each
    assert all(0 < lane < width for lane in lanes)


def test_a_long_label_is_wrapped_into_two_lines_and_shortened():
    assert diagram.wrap("one two three", width=8) == ["one two", "three"]
    lines = diagram.wrap("word " * 40, width=20)
    assert len(lines) == 2 and lines[1].endswith("…") and len(lines[1]) <= 20
    assert diagram.short("abcdef", 4) == "abc…"


def test_the_dot_source_names_every_node_and_edge_with_quotes_escaped():
    flow = LIBRARY.flows["br/regularization"]
    names = labels(flow) | {"likely": 'Say "yes" \\ now'}
    source = dot_source(flow, names)
    assert source.startswith('digraph "br/regularization" {')
    assert source.count(" -> ") == len(list(edges(flow)))
    assert 'Say \\"yes\\" \\\\ now' in source
    assert all(f'"{node}" [' in source for node in names)


def fake_dot(folder: Path, script: str) -> None:
    """A stand-in `dot` on PATH (the real one need not be installed)."""
    program = folder / "dot"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(program.stat().st_mode | stat.S_IEXEC)


def test_dot_gets_the_graph_on_stdin_and_its_svg_is_used(tmp_path, monkeypatch):
    fake_dot(tmp_path, f'cat > "{tmp_path}/input.dot"\necho \'<?xml version="1.0"?>\'\n'
             "echo '<svg xmlns=\"http://www.w3.org/2000/svg\"><text>drawn</text></svg>'\n")  # fmt: skip
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    flow = LIBRARY.flows["br/regularization"]
    svg, engine = diagram_svg(flow, labels(flow))
    assert engine == "graphviz"
    assert svg.startswith("<svg") and "drawn" in svg  # without the XML declaration
    assert (tmp_path / "input.dot").read_text() == dot_source(flow, labels(flow))


@pytest.mark.parametrize(
    "script",
    ["exit 1\n", "echo 'not an svg'\n", "exec sleep 5\n"],
    ids=["fails", "garbage", "slow"],
)
def test_a_dot_that_fails_falls_back_to_the_python_layout(tmp_path, monkeypatch, script):
    fake_dot(tmp_path, script)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(diagram, "DOT_TIMEOUT_SECONDS", 0.5)
    flow = LIBRARY.flows["mx/humanitarian_visa"]
    assert graphviz_svg(flow, labels(flow), timeout=0.5) is None
    svg, engine = diagram_svg(flow, labels(flow))
    assert engine == "python"
    assert svg == layered_svg(flow, labels(flow))


def test_without_dot_on_path_the_python_layout_draws(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    flow = LIBRARY.flows["co/humanitarian_visa"]
    assert diagram_svg(flow, labels(flow)) == (layered_svg(flow, labels(flow)), "python")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_graphviz_draws_every_node_when_installed():
    flow = LIBRARY.flows["br/regularization"]
    svg, engine = diagram_svg(flow, labels(flow))
    assert engine == "graphviz"
    root = ET.fromstring(svg)  # noqa: S314 - Graphviz output for our own graph
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert all(node in text for node in labels(flow))
