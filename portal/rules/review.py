"""Legal sign-off of a flow, bound to its content by a hash.

`content_hash` covers everything in the flow file except its `review:` block, as parsed data:
re-indenting or editing a comment changes nothing, changing a word, a rule or a source does.
`sign_off` writes the `review:` block into the file by replacing only that block's lines, so
every comment and the layout of the rest of the file stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from portal.rules.errors import Reporter
from portal.rules.fields import Fields
from portal.rules.model import Review, Where
from portal.rules.yamlload import Node, load_yaml

HASH_PREFIX = "sha256:"
REVIEW_KEYS = {"status", "by", "organisation", "on", "scope", "content_hash"}
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def content_hash(raw: Mapping[str, Any]) -> str:
    content = {key: value for key, value in raw.items() if key != "review"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return HASH_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def parse_review(version: str, top: Fields, path: str, report: Reporter) -> Review | None:
    """The `review:` block; `version` is the flow's content_hash, to tell a change since."""
    review_raw = top.mapping("review")
    review = Fields(review_raw, path, report, "review", REVIEW_KEYS, top.line)
    status = review.word("status", choices=("draft", "reviewed"))
    if status is None:
        return None
    if status == "draft":
        return Review(status, None, None)
    by, on = review.text("by", required=False), review.date("on", required=False)
    organisation = review.text("organisation", required=False)
    signed = review.text("content_hash", required=False)
    if not (by and organisation and on and signed):
        report.error(path, review.line, (
            "a reviewed flow says who reviewed it ('by', 'organisation'), when ('on') and what "
            "('content_hash'): write it with `flask content sign-off`"
        ))  # fmt: skip
        return None
    return Review(
        status, by, on, organisation=organisation, scope=review.text("scope", required=False),
        content_hash=signed, changed=signed != version,
        where=Where(path, top.line_of("review")),
    )  # fmt: skip


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def review_block(
    by: str, organisation: str, on: dt.date, scope: str, signed_hash: str
) -> list[str]:
    return [
        "review:\n",
        "  status: reviewed\n",
        f"  by: {_quoted(by)}\n",
        f"  organisation: {_quoted(organisation)}\n",
        f"  on: {on.isoformat()}\n",
        f"  scope: {_quoted(scope)}\n",
        f"  content_hash: {signed_hash}  # written by `flask content sign-off`; do not edit\n",
    ]


def _block_lines(lines: list[str], raw: Node) -> tuple[int, int]:
    """The 0-based [start, end) lines of the top-level `review:` block, trailing blank lines and
    comments left outside it (they belong to what follows)."""
    start = raw.line_of("review") - 1
    end = start + 1
    while end < len(lines) and not _TOP_LEVEL_KEY.match(lines[end]):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return start, end


def sign_off(path: Path, by: str, organisation: str, on: dt.date, scope: str) -> tuple[str, str]:
    """Record a legal reviewer's sign-off in a flow file. Returns the file's text before and
    after (the caller writes it, so a dry run can show the change)."""
    for name, value in (("by", by), ("organisation", organisation), ("scope", scope)):
        if not value.strip() or "\n" in value:
            raise ValueError(f"'{name}' must be one line of text")
    before = path.read_text(encoding="utf-8")
    raw = load_yaml(path)
    if not isinstance(raw, Node) or "flow" not in raw:
        raise ValueError(f"{path} is not a flow file")
    lines = before.splitlines(keepends=True)
    block = review_block(by, organisation, on, scope, content_hash(raw))
    if "review" in raw:
        start, end = _block_lines(lines, raw)
        lines[start:end] = block
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += block
    return before, "".join(lines)
