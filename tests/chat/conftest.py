"""What the text channel's tests share: an app with the channel on, a signed webhook post, and
a scenario's answers typed as a person on a phone would type them."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, g
from twilio.request_validator import RequestValidator

from portal.chat import dialogue
from portal.chat.typed import country_names, date_order
from portal.conversation.describe import text_only
from portal.conversation.state import Conversation
from portal.i18n import LOCALES
from portal.rules.lifecycle import shown
from portal.rules.model import Flow, Question
from tests.helpers import LIBRARY, app_on
from tests.helpers_i18n import tr

TOKEN = "twilio-test-auth-token"
URL = "http://localhost/chat/twilio"
SENDER = "whatsapp:+5511987654321"


@pytest.fixture
def app(database_uri: str) -> Iterator[Flask]:
    yield from app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, TWILIO_AUTH_TOKEN=TOKEN)


@pytest.fixture(scope="module")
def memory_app() -> Iterator[Flask]:
    """One app per module on an in-memory database: scenarios commit statistics at every step,
    and a file's commits would be most of their time."""
    yield from app_on("sqlite://", TESTING=True, WTF_CSRF_ENABLED=False, TWILIO_AUTH_TOKEN=TOKEN)


def signature(params: dict[str, str], url: str = URL) -> str:
    return RequestValidator(TOKEN).compute_signature(url, params)


def send(client, body: str, sender: str = SENDER, signed: bool = True):
    """What Twilio posts for one message, signed as Twilio signs it."""
    params = {"From": sender, "Body": body, "To": "whatsapp:+14155238886", "NumMedia": "0"}
    headers = {"X-Twilio-Signature": signature(params)} if signed else {}
    return client.post("/chat/twilio", data=params, headers=headers)


def resume(locale: str) -> str:
    return f"http://localhost/{dict((v, k) for k, v in LOCALES.items())[locale]}/resume"


class Person:
    """A conversation driven through the dialogue module directly, as the webhook drives it."""

    def __init__(self) -> None:
        self.state: dict[str, Any] | None = None
        self.replies: list[str] = []

    def says(self, message: str) -> str:
        reply = dialogue.respond(self.state, message, resume)
        self.state = reply.state
        self.replies.append(reply.text)
        return reply.text

    @property
    def conversation(self) -> Conversation | None:
        data = (self.state or {}).get("conv")
        return Conversation.from_dict(data) if data else None


@contextlib.contextmanager
def chat_context(app: Flask) -> Iterator[None]:
    """A request context as the webhook's: the chat channel, content text without badges."""
    with app.test_request_context("/chat/twilio", method="POST"):
        g.channel = "chat"
        text_only()
        yield


def menu_numbers(locale: str, country: str, pathway: str) -> list[str]:
    """What a person replies to the language, country and guide menus to open a guide."""
    codes = [c.lower() for c in LIBRARY.countries if LIBRARY.flows_in(c)]
    triage = [p.id for p in LIBRARY.pathways.values() if p.kind == "triage"]
    guides = [f.pathway for f in LIBRARY.flows_in(country)] + triage
    return [
        str(list(LOCALES.values()).index(locale) + 1),
        str(codes.index(country) + 1),
        str(guides.index(pathway) + 1),
    ]


def typed(question: Question, value: Any, locale: str) -> str:
    """A stored answer as a person types it: option numbers, a date in the language's order,
    a country's name in the language."""
    numbers = {o.value: str(n) for n, o in enumerate(question.options, start=1)}
    if question.type in ("choice", "yes_no"):
        return numbers[value]
    if question.type == "multi":
        return ",".join(numbers[v] for v in value)
    if question.type == "country":
        return numbers.get(value) or country_names([value], locale)[value]
    if question.type in ("date", "month_year"):
        parts = dict(zip(("year", "month", "day"), str(value).split("-"), strict=False))
        order = [p for p in date_order(locale) if p in parts]
        return " ".join(str(int(parts[p])) for p in order)
    return str(value)


def host_countries(flow: Flow) -> list[str]:
    return (
        [c.lower() for c in dialogue.host_countries()]
        if flow.country == "ALL"
        else [flow.country.lower()]
    )


def headline(flow: Flow, expect: str, today: dt.date, locale: str) -> str:
    view = shown(flow, flow.outcomes[expect], today)
    return html.unescape(tr(locale, view.title, "content"))
