"""A question's own `error:` message is read and checked when content loads, with file:line."""

from __future__ import annotations

import pytest

from portal.rules import load_library
from portal.rules.extract import flow_strings
from tests.rules.helpers import TODAY, VALID, F, content_with, problems

KIDS = "    text: Kids?\n"


def with_error(value: str) -> str:
    assert VALID.count(KIDS) == 1
    return VALID.replace(KIDS, f"{KIDS}    error: {value}\n")


def error_line(flow_text: str) -> int:
    lines = enumerate(flow_text.splitlines(), start=1)
    return next(number for number, line in lines if line.startswith("    error:"))


def test_the_message_is_read_and_given_to_translators(tmp_path):
    flow_text = with_error("Say how many children live with you")
    flow = load_library(content_with(tmp_path, flow_text), today=TODAY).flows["br/regularization"]
    assert flow.questions["kids"].error == "Say how many children live with you"
    assert flow.questions["alone"].error is None
    kids_line = flow.questions["kids"].where.line
    assert ("Say how many children live with you", F, kids_line) in list(flow_strings(flow))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[Say, it]", "question 'kids': 'error' must be text"),
        ('""', "question 'kids': 'error' must be text"),
        (
            "Say " + "very " * 30 + "clearly",
            "question 'kids': 'error' must be one short sentence (120 characters at most)",
        ),
    ],
)
def test_a_message_that_is_not_short_text_is_refused(tmp_path, value, expected):
    flow_text = with_error(value)
    assert problems(tmp_path, flow_text) == [f"{F}:{error_line(flow_text)}: {expected}"]
