"""Blank question pages are rendered once and reused (portal/flows/blank_pages.py): each person
still gets their own CSRF token, and nothing of anyone's answers is ever kept or shown to
someone else."""

from __future__ import annotations

import re

from portal.flows.blank_pages import CSRF_SLOT
from tests.test_desk import create, sign_in

BIRTH_DATE = "/en/br/regularization/q/birth_date"


def token_in(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def person_at_birth_date(app):
    """A new person who has started the flow and answered the first question."""
    client = app.test_client()
    start = client.get("/en/br/regularization/").get_data(as_text=True)
    client.post("/en/br/regularization/restart", data={"csrf_token": token_in(start)})
    client.post(
        "/en/br/regularization/q/nationality", data={"answer": "VE", "csrf_token": token_in(start)}
    )
    return client


def test_each_person_gets_their_own_working_token_on_the_same_kept_page(csrf_app):
    first, second = person_at_birth_date(csrf_app), person_at_birth_date(csrf_app)
    page_one = first.get(BIRTH_DATE).get_data(as_text=True)
    page_two = second.get(BIRTH_DATE).get_data(as_text=True)
    kept = csrf_app.extensions["blank_pages"]
    assert any(key[0] == BIRTH_DATE for key in kept)  # the second page came from the cache
    assert CSRF_SLOT not in page_one + page_two
    assert token_in(page_one) != token_in(page_two)
    assert page_one.replace(token_in(page_one), "") == page_two.replace(token_in(page_two), "")
    # Each token is valid for its own session only.
    date = {"day": "4", "month": "5", "year": "1990"}
    assert (
        second.post(BIRTH_DATE, data={**date, "csrf_token": token_in(page_one)}).status_code == 400
    )
    assert (
        first.post(BIRTH_DATE, data={**date, "csrf_token": token_in(page_one)}).status_code == 302
    )


def test_a_page_showing_an_answer_is_never_kept(client, app):
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    client.post(BIRTH_DATE, data={"day": "4", "month": "5", "year": "1987"})
    again = client.get(BIRTH_DATE).get_data(as_text=True)
    assert 'value="1987"' in again  # the person sees their own answer...
    kept = b"".join(app.extensions.get("blank_pages", {}).values()).decode()
    assert "1987" not in kept  # ...which no kept page contains
    newcomer = app.test_client()
    newcomer.post("/en/br/regularization/restart")
    newcomer.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert "1987" not in newcomer.get(BIRTH_DATE).get_data(as_text=True)


def test_staff_in_assisted_mode_get_their_own_page(app, client):
    person = app.test_client()
    person.post("/en/br/regularization/restart")
    person.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert 'class="assisted' not in person.get(BIRTH_DATE).get_data(as_text=True)
    create(app)
    sign_in(client)
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert 'class="assisted' in client.get(BIRTH_DATE).get_data(as_text=True)
    kept = b"".join(app.extensions["blank_pages"].values()).decode()
    assert 'class="assisted' not in kept
