"""Answers in progress are unreadable from the cookie, the URL and the logs."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import time

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from werkzeug.http import dump_cookie

from portal import session as sessions
from portal.rules.engine import walk
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, LIBRARY, answer_all, create_staff, sign_in


def cookie_value(client) -> str:
    cookie = client.get_cookie("camino")
    assert cookie is not None
    return cookie.value


def test_the_cookie_reveals_no_answer(client):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    value = cookie_value(client)
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    # b'"VE"' as the JSON holds it: two random bytes of ciphertext are "VE" in about 2 % of runs
    for needle in (b'"VE"', b"1990", b"expired", b"nationality", b"criminal_record", b"answers"):
        assert needle not in raw
    # Flask's default signed cookie would be base64 JSON before the first dot: not here.
    head = value.split(".")[0]
    try:
        decoded = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        json.loads(decoded)
        readable = True
    except ValueError:
        readable = False
    assert not readable


def test_the_cookie_is_httponly_and_samesite(client):
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    header = client.post("/en/br/regularization/q/nationality", data={"answer": "VE"}).headers[
        "Set-Cookie"
    ]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_a_modified_cookie_is_rejected(client, app):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    value = cookie_value(client)
    flipped = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    client.set_cookie("camino", flipped)
    response = client.get("/en/br/regularization/result")
    assert response.status_code == 302  # the answers are gone, not misread


def test_sessions_expire_after_idle_time(app, client):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    app.config["SESSION_IDLE_SECONDS"] = -1
    assert client.get("/en/br/regularization/result").status_code == 302


def test_answers_never_reach_urls_or_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    locations = []
    client.post("/en/br/regularization/restart")
    for qid, value in BRAZIL_ANSWERS.items():
        question = BRAZIL.questions[qid]
        data = (
            {"day": "4", "month": "5", "year": "1990"}
            if question.type == "date"
            else {"answer": value}
        )
        locations.append(
            client.post(f"/en/br/regularization/q/{qid}", data=data).headers["Location"]
        )
    for location in locations:
        assert "VE" not in location and "1990" not in location and "expired" not in location
    assert "1990" not in caplog.text and "expired" not in caplog.text


def test_quick_exit_clears_answers_and_leaves(client, app):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    response = client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == app.config["QUICK_EXIT_URL"]
    assert '"cookies"' in response.headers["Clear-Site-Data"]
    assert client.get_cookie("camino") is None
    assert client.get("/en/br/regularization/result").headers["Location"].endswith("/q/nationality")


def test_quick_exit_is_on_every_flow_page(client):
    for url in ["/en/br/regularization/", "/en/br/regularization/q/nationality"]:
        assert 'class="quick-exit" href="/exit"' in client.get(url).get_data(as_text=True)


def test_an_unchanged_session_is_sealed_again_only_after_a_while(client, monkeypatch):
    """Most page views change nothing: the browser's cookie stays current and no new one is
    encrypted and sent. The idle clock restarts when the cookie is next sealed."""
    import portal.session

    client.post("/en/br/regularization/restart")
    client.get("/en/br/regularization/q/nationality")  # the first form adds a CSRF token
    assert "Set-Cookie" not in client.get("/en/br/regularization/q/nationality").headers
    changed = client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert "camino=" in changed.headers["Set-Cookie"]  # a changed session is sealed at once
    monkeypatch.setattr(portal.session, "REFRESH_SECONDS", 0)
    refreshed = client.get("/en/br/regularization/q/birth_date")
    assert "camino=" in refreshed.headers["Set-Cookie"]


def test_answers_survive_other_cookies_beside_the_session(client):
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    client.set_cookie("analytics_opt_out", "1")
    client.set_cookie("xcamino", "not-the-session")
    response = client.get("/en/br/regularization/q/nationality")
    assert '<option selected value="VE">' in response.get_data(as_text=True)


def test_no_response_that_reads_the_session_can_be_cached(client):
    """Flask marks such responses "Vary: Cookie"; here they are never stored at all."""
    client.post("/en/br/regularization/restart")
    for url in ("/en/br/regularization/q/nationality", "/en/no-such-page", "/en/desk/"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
    static = client.get("/static/style.css", buffered=True)
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")
    assert "Vary" not in static.headers  # the same file for everyone


def cipher(app) -> AESGCM:
    return AESGCM(sessions.derive_key(app.secret_key, b"session cookie"))


def plaintext(app, value: str) -> bytes:
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    return cipher(app).decrypt(raw[:12], raw[12:], b"camino-session-v1")


def test_different_answers_give_cookies_of_one_length(app):
    """Nine answer combinations once gave six cookie lengths: the length told the answers."""
    today = dt.date.today()
    lengths, answer_sets = set(), []
    for scenario in BRAZIL.scenarios:
        path = walk(BRAZIL, scenario.answers, today).path
        answers = {q: scenario.answers[q] for q in path}
        if answers in answer_sets or not walk(BRAZIL, answers, today).outcome:
            continue
        client = app.test_client()
        answer_all(client, "en", BRAZIL, answers)
        lengths.add(len(cookie_value(client)))
        answer_sets.append(answers)
    assert len(answer_sets) >= 5
    assert len(lengths) == 1, sorted(lengths)


@pytest.mark.parametrize("size", [0, 100, 1000, 1024, 1025, 2500, 2860, 3200])
def test_padding_round_trips_and_fills_a_bucket(app, size):
    data = {"answers": {"br/regularization": {"note": "x" * size}}}
    value = app.session_interface.seal(app, data)
    assert app.session_interface.unseal(app, value) == data
    length = len(plaintext(app, value))
    if length <= sessions.PAD_TO[-1]:
        assert length in sessions.PAD_TO
        # Werkzeug warns (an error here) when a Set-Cookie header passes 4093 bytes.
        dump_cookie("camino", value, max_age=7200, expires=2**31, secure=True, httponly=True,
                    samesite="Lax", domain="camino.example.org")  # fmt: skip


def test_cookies_sealed_before_padding_are_still_read(app, client):
    answers = {"br/regularization": {"nationality": "VE"}}
    payload = json.dumps({"d": {"answers": answers}, "t": int(time.time())}).encode()
    nonce = os.urandom(12)
    sealed = cipher(app).encrypt(nonce, payload, b"camino-session-v1")
    value = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    assert app.session_interface.unseal(app, value) == {"answers": answers}
    client.set_cookie("camino", value)
    page = client.get("/en/br/regularization/q/nationality").get_data(as_text=True)
    assert '<option selected value="VE">' in page


def longest_answers(flow) -> dict[str, object]:
    """Every question answered with its longest option (multi: all of them)."""
    answers: dict[str, object] = {}
    for question in flow.questions.values():
        values = [option.value for option in question.options]
        longest = {"date": "1990-05-04", "month_year": "2020-01", "number": 1000}
        if question.type == "multi":
            answers[question.id] = values
        else:
            answers[question.id] = longest.get(question.type) or max([*values, "VE"], key=len)
    return answers


def test_the_largest_one_flow_session_with_staff_keys_fits_the_first_bucket(app):
    """The bucket sizes in portal/session.py rest on this: any one flow, fully answered with its
    longest options, in a desk session (staff keys, CSRF token, run, tally), stays in the first
    bucket, so which flow and which answers never change the cookie's length."""
    create_staff(app)
    client = app.test_client()
    assert sign_in(client).status_code == 302
    desk = app.session_interface.unseal(app, cookie_value(client))
    assert "_user_id" in desk
    for flow_id, flow in LIBRARY.flows.items():
        session = {
            **desk,
            "answers": {flow_id: longest_answers(flow)},
            "csrf_token": "f" * 40,
            "run": "r" * 22,
            "tally": {flow_id: "finished"},
        }
        payload = json.dumps({"d": session, "t": int(time.time())}, separators=(",", ":"))
        assert len(payload) <= sessions.PAD_TO[0] * 0.8, flow_id  # room for content to grow


def test_static_files_never_carry_a_session_cookie(client, monkeypatch):
    """Hooks (Flask-Login's, the desk's) read the session on every request; a cacheable file
    must still not send a refreshed cookie a shared cache could keep."""
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    monkeypatch.setattr(sessions, "REFRESH_SECONDS", 0)
    for path in ("/static/style.css", "/favicon.ico"):
        with client.get(path) as response:  # a file response: closed, or it warns
            assert "Set-Cookie" not in response.headers, path
    assert "camino=" in client.get("/en/br/regularization/q/birth_date").headers["Set-Cookie"]


def test_a_session_of_many_guides_still_fits_a_cookie_keeping_the_latest(client, app):
    """Answering every guide in turn would outgrow the 4 KB a browser keeps (and lose every
    answer): the guides used longest ago are forgotten first, the one answered last is kept."""
    flows = [f for f in LIBRARY.flows.values() if f.country != "ALL"]
    answered = []
    for flow in flows:
        scenario = flow.scenarios[0]
        answer_all(client, "es", flow, scenario.answers)
        answered.append(flow)
    value = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "camino")).value
    assert len(dump_cookie("camino", value)) < 4093
    with app.test_request_context():
        data = sessions.EncryptedCookieSessionInterface().unseal(app, value)
    kept = list(data["answers"])
    assert kept[-1] == answered[-1].id  # the latest guide whole
    assert data["answers"][answered[-1].id] and len(kept) < len(answered)
    assert kept == [f.id for f in answered if f.id in kept]  # the oldest went first
