"""The desk's person forms, fuzzed (issue 16): Next person, start an assisted flow, the referral
slip, "Delete these answers now" on a result opened by code, and the slip with a saved code.
Never a 5xx; a refusal says what went wrong in the person's language; a refused post leaves the
clerk signed in."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from portal.rules.engine import walk
from tests.fuzz.conftest import STAFF, FuzzApp, flow_base, give_answers, saved_code
from tests.fuzz.inputs import (
    FUZZ,
    assert_clear_answer,
    bodies,
    csrf_token_in,
    expected_refusal,
    languages,
    post,
)
from tests.fuzz.routes import fuzzes
from tests.helpers import STAFF_PASSWORD

FLOW = "mx/regularization"


def desk_with_result(fuzz: FuzzApp) -> tuple[str, str, list[str]]:
    """A clerk's session (its own sign-in) with a finished flow on screen: cookie, CSRF token,
    and the ids of the outcome's offices offered for a referral."""

    def build():
        client = fuzz.client()
        token = csrf_token_in(client.get("/es/desk/sign-in").get_data(as_text=True))
        client.post(
            "/es/desk/sign-in",
            data={"email": STAFF, "password": STAFF_PASSWORD, "csrf_token": token},
        )
        flow = fuzz.app.extensions["content"].flows[FLOW]
        today = dt.date.today()
        scenario = next(
            s for s in flow.scenarios
            if (o := walk(flow, s.answers, today).outcome) and o.kind != "suggestions" and o.services
        )  # fmt: skip
        path = walk(flow, scenario.answers, today).path
        token = give_answers(client, "es", flow, {q: scenario.answers[q] for q in path})
        html = client.get(f"{flow_base('es', flow)}/result").get_data(as_text=True)
        offices = [
            part.split('"', 1)[0]
            for part in html.split('id="referral-office"', 1)[1]
            .split("</select>", 1)[0]
            .split('value="')[1:]
        ]
        assert offices, "the outcome offers no office to refer to"
        return client.get_cookie("camino").value, csrf_token_in(html), offices

    return fuzz.once(("desk-result",), build)


def refused_or(response, lang: str, body, csrf: bool, ok: tuple[int, ...], reads_form=True):
    expected = expected_refusal(body, csrf, reads_form)
    if expected:
        assert response.status_code == expected[0]
        assert_clear_answer(response, lang)  # any clear refusal of that status
        return True
    assert response.status_code in (*ok, 400, 429), response.status
    assert_clear_answer(response, lang)
    return response.status_code >= 400


@fuzzes("desk.next_person", "desk.assist")
@FUZZ
@given(data=st.data(), country=st.sampled_from(["br", "co", "zz", "BR", "b%00r"]))
def test_next_person_and_assist(fuzz_app: FuzzApp, data, country):
    lang = data.draw(languages)
    cookie, token, _offices = desk_with_result(fuzz_app)
    client = fuzz_app.client(cookie)
    body = data.draw(bodies(["answer"], token=token))
    url = data.draw(st.sampled_from(["/desk/next-person", f"/desk/assist/{country}"]))
    response = post(client, f"/{lang}{url}", body)
    ok = (303,) if url.endswith("next-person") or country in ("br", "co") else (404,)
    if response.status_code == 404:
        assert_clear_answer(response, lang)
        return
    refused_or(response, lang, body, fuzz_app.csrf, ok, reads_form=False)
    assert fuzz_app.session_of(client).get("_user_id")  # the clerk stays signed in either way
    if response.status_code == 303:
        # the person's run was retired: the kept copy of the old cookie no longer works
        fuzz_app.people.pop(("desk-result",), None)


@fuzzes("referral.referral_pdf")
@FUZZ
@given(data=st.data())
def test_referral_slip(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token, offices = desk_with_result(fuzz_app)
    client = fuzz_app.client(cookie)
    valid = [*offices[:2], saved_code(fuzz_app), "K7M-4QX-2PD"]
    body = data.draw(bodies(["office", "code"], valid, token))
    response = post(client, f"/{lang}/desk/referral/mx/regularization", body)
    refused_or(response, lang, body, fuzz_app.csrf, (200,))
    if response.status_code == 200:
        assert response.mimetype == "application/pdf"


@fuzzes("saved.delete_opened")
@FUZZ
@given(data=st.data())
def test_delete_opened_without_an_opened_record(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token, _offices = desk_with_result(fuzz_app)  # answered, never opened by code
    client = fuzz_app.client(cookie)
    body = data.draw(bodies(["code"], [saved_code(fuzz_app)], token))
    response = post(client, f"/{lang}/mx/regularization/delete-opened", body)
    assert response.status_code != 200  # nothing was opened: nothing can be deleted
    refused_or(response, lang, body, fuzz_app.csrf, (), reads_form=False)


@fuzzes("saved.slip")
@FUZZ
@given(data=st.data())
def test_slip_with_the_saved_code(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token, _offices = desk_with_result(fuzz_app)
    client = fuzz_app.client(cookie)
    valid = [saved_code(fuzz_app), "K7M-4QX-2PD", "k7m 4qx 2pd"]
    body = data.draw(bodies(["code"], valid, token))
    response = post(client, f"/{lang}/saved/slip.pdf", body)
    refused_or(response, lang, body, fuzz_app.csrf, (200,))
    if response.status_code == 200:
        assert response.mimetype == "application/pdf"
    else:
        assert response.mimetype != "application/pdf"
