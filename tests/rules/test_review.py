"""The legal sign-off: a hash of the content that layout and comments do not change, written
into the flow file without touching anything else in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.rules.review import content_hash, sign_off
from portal.rules.yamlload import load_yaml

FLOW = """\
# A comment the editor wrote, kept as it is.
flow: xx/regularization
title: A title   # trailing comment
minutes: 3
review: {status: draft}

# Sources, with a comment above them that belongs to them.
sources:
  law:
    url: https://example.org/law
"""

DAY = dt.date(2026, 12, 3)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_hash_ignores_layout_comments_and_the_review_block(tmp_path):
    signed = content_hash(load_yaml(write(tmp_path, FLOW)))
    relaid = FLOW.replace("review: {status: draft}", "review:\n  status: reviewed\n  by: X")
    relaid = relaid.replace("# trailing comment", "").replace("minutes: 3", "minutes:    3")
    assert content_hash(load_yaml(write(tmp_path, relaid))) == signed
    changed = FLOW.replace("A title", "A better title")
    assert content_hash(load_yaml(write(tmp_path, changed))) != signed


def test_sign_off_replaces_only_the_review_block(tmp_path):
    path = write(tmp_path, FLOW)
    before, after = sign_off(path, "Ana Souza", 'Clínica "Direitos"', DAY, "rules and text")
    assert before == FLOW
    assert after.startswith(FLOW.split("review:")[0])
    assert after.endswith(FLOW.split("review: {status: draft}\n")[1])
    path.write_text(after, encoding="utf-8")
    raw = load_yaml(path)
    assert raw["review"] == {
        "status": "reviewed", "by": "Ana Souza", "organisation": 'Clínica "Direitos"',
        "on": DAY, "scope": "rules and text", "content_hash": content_hash(raw),
    }  # fmt: skip


def test_signing_again_replaces_a_block_style_review(tmp_path):
    path = write(tmp_path, FLOW)
    path.write_text(sign_off(path, "A", "B", DAY, "C")[1], encoding="utf-8")
    _, again = sign_off(path, "D", "E", DAY + dt.timedelta(days=1), "F")
    assert again.count("review:") == 1 and 'by: "D"' in again and 'by: "A"' not in again
    assert "# Sources, with a comment above them that belongs to them.\nsources:" in again


def test_a_flow_without_a_review_block_gets_one_at_the_end(tmp_path):
    path = write(tmp_path, FLOW.replace("review: {status: draft}\n", "").rstrip("\n"))
    _, after = sign_off(path, "A", "B", DAY, "C")
    assert after.endswith("# written by `flask content sign-off`; do not edit\n")
    assert "https://example.org/law\nreview:\n" in after


@pytest.mark.parametrize("field", ["by", "organisation", "scope"])
def test_names_must_be_one_line_of_text(tmp_path, field):
    values = {"by": "A", "organisation": "B", "scope": "C", field: "two\nlines"}
    with pytest.raises(ValueError, match=field):
        sign_off(write(tmp_path, FLOW), on=DAY, **values)
