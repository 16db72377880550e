"""A conversation through the API: its sealed token, the refusals a client can cause, the
printed checklist, and the counts it leaves."""

from __future__ import annotations

import base64
import time

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import FlowCount
from tests.api.conftest import API_CONFIG, ApiClient, make_key
from tests.helpers import BRAZIL_ANSWERS, LIBRARY, app_on, pdf_text
from tests.helpers_i18n import tr

ANSWERS = BRAZIL_ANSWERS


def finished(api: ApiClient, lang: str = "en", **more) -> dict:
    response = api.start("br", "regularization", lang)
    for _ in range(len(ANSWERS) + 1):
        step = response.json["step"]
        if step["type"] == "outcome":
            return response.json
        question = step["question"]["id"]
        response = api.answer(response.json["token"], question, ANSWERS[question], **more)
        assert response.status_code == 200, response.json
    raise AssertionError("no outcome")


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.json["error"]


def test_the_token_hides_the_answers_and_is_renewed_each_step(api):
    first = api.start("br", "regularization", "es")
    assert first.status_code == 201
    assert first.json["step"] == {
        "type": "question", "number": 1, "question": first.json["step"]["question"],
    }  # fmt: skip
    second = api.answer(first.json["token"], "nationality", "VE")
    token = second.json["token"]
    assert token != first.json["token"]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b'"VE"' not in raw and b"nationality" not in raw
    assert second.json["step"]["number"] == 2


def test_a_tampered_token_is_refused(api):
    token = api.start("br", "regularization").json["token"]
    changed = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    error = error_of(api.answer(changed, "nationality", "VE"), 400)
    assert error["code"] == "bad_token" and error["details"] == ["token"]


def test_an_expired_token_is_refused(api_app, api):
    token = api.start("br", "regularization").json["token"]
    api_app.config["API_TOKEN_IDLE_SECONDS"] = 0
    try:
        time.sleep(1.1)  # sealed times are whole seconds
        error = error_of(api.post("/api/v1/conversations/current", json={"token": token}), 400)
    finally:
        api_app.config["API_TOKEN_IDLE_SECONDS"] = API_CONFIG.get("API_TOKEN_IDLE_SECONDS", 7200)
    assert error["code"] == "bad_token"


def test_a_token_sealed_before_a_key_rotation_still_opens(make_database_uri):
    old, new = "old-key-" + "o" * 40, "new-key-" + "n" * 40
    uri = make_database_uri()
    for app in app_on(uri, **API_CONFIG, SECRET_KEY=old):
        token = ApiClient(app, make_key(app)[1]).start("br", "regularization").json["token"]
    for app in app_on(uri, **API_CONFIG, SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old]):
        response = ApiClient(app, make_key(app)[1]).answer(token, "nationality", "VE")
        assert response.status_code == 200, response.json
        assert response.json["step"]["number"] == 2


def test_back_asks_the_last_question_again(api):
    token = api.answer(api.start("br", "regularization").json["token"], "nationality", "VE")
    back = api.post("/api/v1/conversations/back", json={"token": token.json["token"]})
    assert back.status_code == 200
    assert back.json["step"]["question"]["id"] == "nationality"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"country": "br", "pathway": "regularization", "lang": "xx"}, "bad_language"),
        ({"country": "br", "pathway": "regularization", "lang": 3}, "bad_language"),
        ({"country": "br"}, "bad_request"),
        ({"country": ["br"], "pathway": "regularization"}, "bad_request"),
    ],
)
def test_a_start_the_api_cannot_read_is_a_400(api, body, code):
    assert error_of(api.post("/api/v1/conversations", json=body), 400)["code"] == code


def test_invalid_json_is_a_400_in_the_requested_language(api):
    response = api.post(
        "/api/v1/conversations?lang=es", data="{not json", content_type="application/json"
    )
    error = error_of(response, 400)
    assert error["code"] == "bad_request"
    assert error["message"] == tr(
        "es", "The request is not valid: check the fields and their types."
    )


def test_an_unknown_flow_is_a_404(api):
    response = api.start("zz", "regularization", "es")
    assert error_of(response, 404)["code"] == "unknown_flow"
    assert error_of(api.start("br", "nothing"), 404)["code"] == "unknown_flow"


def test_an_answer_the_form_refuses_is_a_422_with_the_forms_message_in_spanish(api):
    token = api.start("br", "regularization", "es").json["token"]
    for wrong in ("XX", True, {"a": 1}, None):
        error = error_of(api.answer(token, "nationality", wrong), 422)
        assert error["code"] == "invalid_answer"
        assert error["message"] in (
            tr("es", "Choose a country from the list"),
            tr("es", "Please choose your nationality, or “I prefer not to say”."),
            *error["details"],
        )
        assert error["details"]
    error = error_of(api.answer(token, "nationality", "XX"), 422)
    assert (
        error["message"]
        == tr("es", "Choose a country from the list")
        != "Choose a country from the list"
    )


def test_a_question_not_on_the_path_is_a_422(api):
    token = api.start("br", "regularization", "es").json["token"]
    for question in ("can_pay", "no_such_question"):
        assert error_of(api.answer(token, question, "no"), 422)["code"] == "not_on_path"


def test_the_outcome_lists_a_citys_offices_first_and_refuses_an_unknown_city(api):
    done = finished(api, "es")
    outcome = done["step"]["outcome"]
    assert done["step"]["type"] == "outcome" and outcome["offices"]
    city = next(o["city"] for o in outcome["offices"] if o["city"] and o["city"] != "nationwide")
    current = api.post("/api/v1/conversations/current", json={"token": done["token"], "city": city})
    assert current.status_code == 200, (city, current.json)
    assert current.json["step"]["outcome"]["offices"][0]["city"] == city
    unknown = {"token": done["token"], "city": "Atlantis"}
    response = api.post("/api/v1/conversations/current", json=unknown)
    assert error_of(response, 422)["code"] == "unknown_city"


def test_the_pdf_url_prints_the_outcomes_checklist(api):
    done = finished(api, "es")
    headline = done["step"]["outcome"]["headline"]
    url = done["step"]["pdf_url"]
    assert url.startswith("http") and "/api/v1/checklist.pdf?token=" in url
    response = api.get(url.split("localhost", 1)[1])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert headline[:40] in pdf_text(response.data)
    unfinished = api.start("br", "regularization").json["token"]
    response = api.get(f"/api/v1/checklist.pdf?token={unfinished}")
    assert error_of(response, 409)["code"] == "not_finished"


def test_a_conversation_counts_under_the_api_channel(api_app, api):
    finished(api)
    with api_app.app_context():
        rows = db.session.scalars(select(FlowCount).where(FlowCount.channel == "api")).all()
    events = {row.event for row in rows if row.pathway == "regularization"}
    assert {"started", "answered", "outcome"} <= events
    assert LIBRARY.flow("BR", "regularization") is not None


def test_no_cookie_and_no_cors_header_is_ever_sent(api):
    responses = [
        api.get("/api/v1/languages", headers={"Cookie": "camino=anything"}),
        api.start("br", "regularization"),
        api.get("/api/v1/languages"),
        api.get("/api/v1/nowhere"),
        api.client.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"}),
        api.client.options(
            "/api/v1/conversations",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        ),
    ]
    for response in responses:
        assert "Set-Cookie" not in response.headers
        assert not [n for n, _v in response.headers if n.lower().startswith("access-control")]
