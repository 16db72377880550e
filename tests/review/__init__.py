"""What the review-packet tests share: the text a packet must show in a locale, and a small copy
of the content library (for `--all`, which prints every flow)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.helpers import CONTENT
from tests.helpers_i18n import catalog

# Two small flows, one of them written for every country: enough to prove --all.
SMALL_FLOWS = ("all/help_me_choose", "mx/humanitarian_visa")


def squeeze(text: str) -> str:
    """Text without any white space: lines break anywhere in a PDF (long URLs mid-word), and
    the extracted text keeps those breaks as spaces or newlines."""
    return re.sub(r"\s+", "", text)


def shown(locale: str, msgid: str, domain: str = "content") -> str:
    """What the packet prints for a source string in a locale: its translation when there is a
    current one, else the English (marked "translation pending" beside it)."""
    return catalog(locale, domain).get(msgid, msgid)


def missing(text: str, wanted: dict[str, str]) -> list[str]:
    """The names in `wanted` (name -> text) whose text is not in `text`, white space aside."""
    haystack = squeeze(text)
    return [name for name, needle in wanted.items() if squeeze(needle) not in haystack]


def small_content(root: Path) -> Path:
    """A copy of content/ with only SMALL_FLOWS, under root."""
    target = root / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("flows"))
    for flow_id in SMALL_FLOWS:
        (target / "flows" / flow_id).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CONTENT / "flows" / f"{flow_id}.yaml", target / "flows" / f"{flow_id}.yaml")
    return target
