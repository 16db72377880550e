"""The machine routes, fuzzed: the partner API's conversation routes get any body with a valid
key (and with a real conversation's token), Twilio's webhook any form, signed or not, and any
run of messages a person might type. Never a 5xx; the API always answers JSON with an error code
and a message; the webhook answers TwiML within one message, or refuses what Twilio did not
sign."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from portal.chat.render import LIMIT
from tests.fuzz.inputs import FUZZ, bodies, odd_text, post
from tests.fuzz.routes import fuzzes
from tests.helpers import app_on

TOKEN = "twilio-fuzz-auth-token"
WEBHOOK = "http://localhost/chat/twilio"
API_ROUTES = [
    "/api/v1/conversations",
    "/api/v1/conversations/answer",
    "/api/v1/conversations/back",
    "/api/v1/conversations/current",
    "/api/v1/no-such-route",
]
API_FIELDS = ["token", "question", "answer", "country", "pathway", "lang", "city"]


@pytest.fixture(scope="module")
def machine_app(make_database_uri):
    yield from app_on(
        make_database_uri(), TESTING=True, TWILIO_AUTH_TOKEN=TOKEN,
        RATELIMIT_STORAGE_URI="memory://", API_RATE_LIMIT="1000000 per minute",
    )  # fmt: skip


@pytest.fixture(scope="module")
def partner(machine_app) -> tuple[dict[str, str], str]:
    """A key's header, and the token of a conversation started with it."""
    result = machine_app.test_cli_runner().invoke(args=["api-keys", "create", "--name", "fuzz"])
    key = re.search(r"cam_\S+", result.output).group(0)
    headers = {"Authorization": f"Bearer {key}"}
    start = {"country": "br", "pathway": "regularization", "lang": "es"}
    response = machine_app.test_client().post("/api/v1/conversations", json=start, headers=headers)
    return headers, response.json["token"]


def assert_json_answer(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json", response.mimetype
    if response.status_code >= 400:
        error = response.json["error"]
        assert error["code"] and error["message"].strip()


@fuzzes("api.start", "api.answer", "api.back", "api.current", "api.elsewhere")
@FUZZ
@given(data=st.data())
def test_any_body_to_the_api_gets_json_never_a_5xx(machine_app, partner, data):
    headers, token = partner
    url = data.draw(st.sampled_from(API_ROUTES))
    client = machine_app.test_client(use_cookies=False)
    if data.draw(st.booleans()):
        body = data.draw(bodies(API_FIELDS))
        response = client.post(url, data=body.data, content_type=body.content_type, headers=headers)
    else:  # well-formed JSON around the real token, with odd values beside it
        document = data.draw(
            st.dictionaries(st.sampled_from(API_FIELDS), odd_text | st.lists(odd_text, max_size=3))
        )
        response = client.post(url, json={"token": token, **document}, headers=headers)
    assert_json_answer(response)
    assert "Set-Cookie" not in response.headers


def signed_post(client, fields: dict[str, str]):
    signature = RequestValidator(TOKEN).compute_signature(WEBHOOK, fields)
    return client.post("/chat/twilio", data=fields, headers={"X-Twilio-Signature": signature})


def reply_of(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/xml"
    message = re.search(r"<Message>(.*)</Message>", response.get_data(as_text=True), re.S)
    assert message, response.get_data(as_text=True)[:300]
    return html.unescape(message.group(1))


@fuzzes("chat.twilio_webhook")
@FUZZ
@given(data=st.data())
def test_any_form_to_the_webhook_is_answered_or_refused_never_a_5xx(machine_app, data):
    body = data.draw(bodies(["From", "Body", "To", "NumMedia"]))
    client = machine_app.test_client(use_cookies=False)
    response = post(client, "/chat/twilio", body)  # unsigned: Twilio did not send it
    assert response.status_code in (400, 403, 413), response.status_code


words = st.one_of(
    st.sampled_from(["0", "1", "2", "3", "7", "1,3", "27 3 2015", "venezuela", "back", "start"]),
    odd_text.filter(lambda text: "\x00" not in text),
)


senders = st.one_of(
    st.integers(1, 10**12).map(lambda n: f"+{n}"),
    st.integers(1, 10**12).map(lambda n: f"whatsapp:+{n}"),
    odd_text.filter(lambda text: text.strip() and "\x00" not in text),
)


@FUZZ
@given(messages=st.lists(words, min_size=1, max_size=8), sender=senders)
def test_whatever_a_person_types_gets_a_reply_within_one_message(machine_app, messages, sender):
    client = machine_app.test_client(use_cookies=False)
    for message in messages:
        reply = reply_of(signed_post(client, {"From": sender, "Body": message}))
        assert reply.strip()
        assert len(reply) <= LIMIT
