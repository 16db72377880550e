"""The other forms, fuzzed: start again, save, open and delete by code, desk sign-in, open by code
at the desk and sign-out. Never a 5xx; a refusal says what went wrong in the person's language;
a refused post changes nothing the person had (answers in progress, a desk session)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import STAFF, FuzzApp, desk, finished, on_question, saved_code
from tests.fuzz.inputs import (
    FUZZ,
    bodies,
    check,
    languages,
    post,
)
from tests.fuzz.routes import fuzzes
from tests.helpers import STAFF_PASSWORD

UNKNOWN_CODE = "K7M-4QX-2PD"  # well formed, never issued


def in_progress(fuzz: FuzzApp, lang: str):
    """A client for a person part-way through Brazil's regularization flow."""
    person = on_question(fuzz, lang, "date")
    return person, fuzz.client(person.cookie)


@fuzzes("flows.restart")
@FUZZ
@given(data=st.data())
def test_start_again(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    person, client = in_progress(fuzz_app, lang)
    body = data.draw(bodies(["answer"], token=person.token))
    response = post(client, person.url.rsplit("/q/", 1)[0] + "/restart", body)
    if check(fuzz_app, response, lang, body, (302,), "There is a problem", reads_form=False):
        assert fuzz_app.answers_of(client, person.flow_id) == person.earlier


@fuzzes("saved.save")
@FUZZ
@given(data=st.data())
def test_save(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = finished(fuzz_app, lang)
    client = fuzz_app.client(cookie)
    before = fuzz_app.answers_of(client, "mx/regularization")
    body = data.draw(bodies(["code"], token=token))
    response = post(client, f"/{lang}/mx/regularization/save", body)
    check(fuzz_app, response, lang, body, (200,), "There is a problem", reads_form=False)
    assert fuzz_app.answers_of(client, "mx/regularization") == before


@fuzzes("saved.resume")
@FUZZ
@given(data=st.data())
def test_open_by_code(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    person, client = in_progress(fuzz_app, lang)
    valid = [saved_code(fuzz_app), saved_code(fuzz_app).lower().replace("-", " "), UNKNOWN_CODE]
    body = data.draw(bodies(["code"], valid, person.token))
    response = post(client, f"/{lang}/resume", body)
    check(fuzz_app, response, lang, body, (302,), "There is a problem")
    # another flow's saved answers never replace the ones in progress
    assert fuzz_app.answers_of(client, person.flow_id) == person.earlier


@fuzzes("saved.delete")
@FUZZ
@given(data=st.data())
def test_delete_by_code(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    person, client = in_progress(fuzz_app, lang)
    body = data.draw(bodies(["code"], [UNKNOWN_CODE, "k7m 4qx 2pd"], person.token))
    response = post(client, f"/{lang}/saved/delete", body)
    assert response.status_code != 200  # no such code: nothing can have been deleted
    check(fuzz_app, response, lang, body, (), "Nothing was deleted")
    assert fuzz_app.answers_of(client, person.flow_id) == person.earlier


@fuzzes("desk.sign_in")
@FUZZ
@given(data=st.data())
def test_desk_sign_in(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    person, client = in_progress(fuzz_app, lang)
    body = data.draw(
        bodies(["email", "password"], [STAFF, STAFF_PASSWORD, STAFF.upper()], person.token)
    )
    response = post(client, f"/{lang}/desk/sign-in", body)
    if check(fuzz_app, response, lang, body, (302,), "There is a problem"):
        assert fuzz_app.answers_of(client, person.flow_id) == person.earlier
        assert "_user_id" not in fuzz_app.session_of(client)


@fuzzes("desk.open_saved")
@FUZZ
@given(data=st.data())
def test_desk_open_by_code(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = desk(fuzz_app)
    client = fuzz_app.client(cookie)
    body = data.draw(bodies(["code"], [saved_code(fuzz_app), UNKNOWN_CODE], token))
    response = post(client, f"/{lang}/desk/open", body)
    check(fuzz_app, response, lang, body, (302,), "There is a problem")
    assert fuzz_app.session_of(client).get("_user_id")  # still signed in


@fuzzes("desk.sign_out")
@FUZZ
@given(data=st.data())
def test_desk_sign_out(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = desk(fuzz_app)
    client = fuzz_app.client(cookie)
    body = data.draw(bodies(["code"], token=token))
    response = post(client, f"/{lang}/desk/sign-out", body)
    if check(fuzz_app, response, lang, body, (302,), "There is a problem", reads_form=False):
        assert fuzz_app.session_of(client).get("_user_id")  # a refused sign-out changes nothing
    if response.status_code == 302:
        fuzz_app.people.pop(("desk",), None)  # signed out on every copy: sign in afresh next
