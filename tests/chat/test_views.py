"""The webhook: Twilio's signature or nothing, TwiML back, no cookie; a conversation kept only
while it lasts, under an HMAC of the number, which appears in no row and no log line."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from portal.chat import store
from portal.extensions import db
from portal.models import ChatConversation, FlowCount
from portal.rules.engine import walk
from tests.chat.conftest import SENDER, headline, menu_numbers, send, signature, typed
from tests.helpers import LIBRARY, app_on

NUMBER_DIGITS = ("5511987654321", "987654321", "98765-4321", "+55 11")


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ChatConversation))


def reply_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/xml"
    body = response.get_data(as_text=True)
    assert body.startswith("<?xml") and "<Response><Message>" in body
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def test_a_signed_message_gets_twiml_and_no_cookie(app):
    client = app.test_client()
    response = send(client, "hola")
    assert "Español" in reply_text(response) and "Português (Brasil)" in reply_text(response)
    assert "Set-Cookie" not in response.headers
    assert rows(app) == 1


@pytest.mark.parametrize("signature", [None, "forged", "c2lnbmVk"])
def test_a_forged_or_missing_signature_is_refused_and_stores_nothing(app, signature):
    client = app.test_client()
    data = {"From": SENDER, "Body": "hola"}
    headers = {"X-Twilio-Signature": signature} if signature else {}
    response = client.post("/chat/twilio", data=data, headers=headers)
    assert response.status_code == 403
    assert "Set-Cookie" not in response.headers
    assert rows(app) == 0


def test_a_signature_over_other_fields_is_refused(app):
    client = app.test_client()
    good = {"From": SENDER, "Body": "1"}
    headers = {"X-Twilio-Signature": signature(good)}
    response = client.post("/chat/twilio", data={**good, "Body": "2"}, headers=headers)
    assert response.status_code == 403 and rows(app) == 0


def test_the_channel_is_off_without_an_auth_token(database_uri):
    for app in app_on(database_uri, TESTING=True):
        assert send(app.test_client(), "hola").status_code == 404
        assert rows(app) == 0


def test_the_signature_covers_the_configured_public_address(app):
    app.config["CHAT_WEBHOOK_URL"] = "https://camino.example.org/chat/twilio"
    client = app.test_client()
    assert send(client, "hola").status_code == 403  # signed for http://localhost/…
    params = {"From": SENDER, "Body": "hola"}
    headers = {"X-Twilio-Signature": signature(params, app.config["CHAT_WEBHOOK_URL"])}
    assert client.post("/chat/twilio", data=params, headers=headers).status_code == 200


@pytest.mark.content_only
@pytest.mark.parametrize(("flow_id", "locale"), [("br/regularization", "es"),
                                                 ("co/voluntary_return", "pt_BR")])  # fmt: skip
def test_a_flows_scenarios_end_to_end_through_the_webhook(app, flow_id, locale):
    flow = LIBRARY.flows[flow_id]
    country = flow.country.lower()
    client = app.test_client()
    for number, scenario in enumerate(flow.scenarios):
        sender = f"whatsapp:+5511900000{number:03d}"
        today = scenario.today or dt.date.today()
        app.config["TODAY"] = today
        send(client, "oi", sender)
        for pick in menu_numbers(locale, country, flow.pathway):
            reply = reply_text(send(client, pick, sender))
        given: dict = {}
        while (asked := walk(flow, given, today).next_question) is not None:
            said = typed(flow.questions[asked], scenario.answers[asked], locale)
            reply = reply_text(send(client, said, sender))
            given[asked] = scenario.answers[asked]
        assert headline(flow, scenario.expect, today, locale) in reply, scenario.name
        assert reply_text(send(client, "exit", sender))
    assert rows(app) == 0


def test_exit_deletes_the_conversation_at_once(app):
    client = app.test_client()
    send(client, "hola")
    send(client, "1")
    assert rows(app) == 1
    reply = reply_text(send(client, "EXIT"))
    assert "WhatsApp" in reply
    assert rows(app) == 0


def test_an_idle_conversation_is_gone_and_its_row_deleted(app):
    app.config["CHAT_IDLE_SECONDS"] = 60
    client = app.test_client()
    send(client, "hola")
    send(client, "1")  # Spanish: the country menu
    with app.app_context():
        db.session.execute(
            update(ChatConversation).values(updated_at=ChatConversation.updated_at - 61)
        )
        db.session.commit()
    with app.test_request_context():
        key = store.sender_hash(SENDER)
        assert store.load(key) is None
    assert rows(app) == 0
    assert "Español" in reply_text(send(client, "1"))  # the language menu again, not Brasil's


def test_flask_purge_deletes_idle_conversations(app):
    client = app.test_client()
    send(client, "hola")
    send(client, "hola", "whatsapp:+5511900000001")
    with app.app_context():
        stale = ChatConversation.updated_at - app.config["CHAT_IDLE_SECONDS"] - 1
        db.session.execute(
            update(ChatConversation)
            .where(
                ChatConversation.sender_hash
                == select(ChatConversation.sender_hash).limit(1).scalar_subquery()
            )
            .values(updated_at=stale)
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "Deleted 1 idle chat conversation(s)." in result.output, result.output
    assert rows(app) == 1


def test_no_phone_number_in_any_row_or_log_line(database_uri, caplog):
    caplog.set_level(logging.DEBUG)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            caplog.set_level(logging.DEBUG, logger=name)
    for app in app_on(database_uri, TESTING=True, TWILIO_AUTH_TOKEN="twilio-test-auth-token",
                      SQLALCHEMY_ECHO="debug"):  # fmt: skip
        client = app.test_client()
        flow = LIBRARY.flow("BR", "regularization")
        scenario = flow.scenarios[0]
        app.config["TODAY"] = scenario.today or dt.date.today()
        send(client, "hola")
        for pick in menu_numbers("es", "br", flow.pathway):
            send(client, pick)
        given: dict = {}
        send(client, "31 2 1990")  # refused: the form's message, no number in it either
        while (asked := walk(flow, given, app.config["TODAY"]).next_question) is not None:
            send(client, typed(flow.questions[asked], scenario.answers[asked], "es"))
            given[asked] = scenario.answers[asked]
        send(client, "1")  # a saved code
        send(client, "hola", "+55 (11) 98765-4321")  # the same number by SMS
        dump = []
        with app.app_context():
            for table in db.metadata.sorted_tables:
                dump += [repr(tuple(row)) for row in db.session.execute(table.select())]
                for row in db.session.execute(table.select()):
                    for value in row:
                        if isinstance(value, bytes):
                            assert all(d.encode() not in value for d in NUMBER_DIGITS)
        assert rows(app) == 2
    logged = caplog.text + "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert (
        caplog.records and "chat_conversation" in logged
    )  # SQL was logged: the test proves something
    everything = logged + "\n".join(dump)
    for digits in NUMBER_DIGITS:
        assert digits not in everything


def test_a_chat_conversation_counts_under_the_chat_channel(app):
    client = app.test_client()
    send(client, "hola")
    for pick in menu_numbers("es", "br", "regularization"):
        send(client, pick)
    with app.app_context():
        channels = set(db.session.scalars(select(FlowCount.channel)))
        started = db.session.scalar(
            select(func.sum(FlowCount.count)).where(
                FlowCount.event == "started", FlowCount.channel == "chat"
            )
        )
    assert channels == {"chat"} and started == 1


def test_without_the_database_the_person_is_told_to_try_later(app, monkeypatch, caplog):
    def fails(key):
        raise OperationalError("SELECT", {}, Exception("the database is gone"))

    monkeypatch.setattr(store, "load", fails)
    reply = reply_text(send(app.test_client(), "hola"))
    assert "Please try again later." in reply
    assert not any(digits in caplog.text for digits in NUMBER_DIGITS)
