"""Sealed conversation state: unreadable, tamper-evident, bound to its place, idle-limited,
and still open after a key rotation."""

from __future__ import annotations

import base64
import time

import pytest

from portal.conversation import sealed
from portal.conversation.state import Conversation
from tests.helpers import running_app

KEY = "test-secret-key-that-is-long-enough-for-tests"


@pytest.fixture
def context(app):
    with app.test_request_context("/"):
        yield app


def test_sealed_text_hides_the_answers_and_opens_again(context):
    data = Conversation("br", "regularization", "es", {"nationality": "VE"}).to_dict()
    token = sealed.seal_text(data, b"test")
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"VE" not in raw and b"nationality" not in raw
    assert sealed.unseal_text(token, b"test", max_age=60) == data


def test_another_purpose_a_change_or_rubbish_does_not_open(context):
    token = sealed.seal_text({"a": 1}, b"one")
    assert sealed.unseal_text(token, b"two", max_age=60) is None
    changed = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert sealed.unseal_text(changed, b"one", max_age=60) is None
    for rubbish in ("", "%%%", "é", "A" * 20_000, None, 3):
        assert sealed.unseal_text(rubbish, b"one", max_age=60) is None


def test_bound_bytes_open_only_in_their_place(context):
    raw = sealed.seal({"a": 1}, b"chat", bound_to=b"sender-1")
    assert sealed.unseal(raw, b"chat", 60, bound_to=b"sender-1") == {"a": 1}
    assert sealed.unseal(raw, b"chat", 60, bound_to=b"sender-2") is None


def test_idle_state_does_not_open(context, monkeypatch):
    token = sealed.seal_text({"a": 1}, b"test")
    later = time.time() + 121
    monkeypatch.setattr(time, "time", lambda: later)
    assert sealed.unseal_text(token, b"test", max_age=120) is None


def test_state_sealed_before_a_key_rotation_still_opens():
    with (
        running_app("sqlite://", TESTING=True, SECRET_KEY=KEY) as old,
        old.test_request_context("/"),
    ):
        token = sealed.seal_text({"a": 1}, b"test")
    rotated = {
        "SECRET_KEY": "a-brand-new-secret-key-that-is-long-enough",
        "SECRET_KEY_FALLBACKS": [KEY],
    }
    with running_app("sqlite://", TESTING=True, **rotated) as new, new.test_request_context("/"):
        assert sealed.unseal_text(token, b"test", max_age=60) == {"a": 1}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"c": "br", "p": "regularization", "l": "xx", "a": {}},
        {"c": "br", "p": "no-such-flow", "l": "es", "a": {}},
        {"c": "br", "p": "regularization", "l": "es", "a": []},
        {"c": 1, "p": "regularization", "l": "es", "a": {}},
        {"c": "br", "p": "regularization", "l": "es", "a": {"x" * 100: 1}},
    ],
)
def test_state_that_does_not_fit_the_content_is_refused(context, data):
    assert Conversation.from_dict(data) is None


def test_state_round_trips(context):
    conversation = Conversation("br", "regularization", "pt_BR", {"q": "yes"}, {"tally": {}})
    assert Conversation.from_dict(conversation.to_dict()) == conversation
