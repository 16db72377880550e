"""One person after another at a desk (issue 16 §1): "Next person", opening a code and starting an
assisted flow clear the person's part of the session and keep the clerk signed in; quick exit
at a desk stays on the desk; an idle or ended session says why instead of showing question 1."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import SavedResult, Staff
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, answer_all, create_staff, saved_code, sign_in

RESULT = "/es/br/regularization/result"
START = "/es/br/regularization/"


def assisted_person(client) -> None:
    """The clerk answers every question with a person: the result is on screen."""
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    assert client.get(RESULT).status_code == 200


def signed_in(client) -> bool:
    return client.get("/es/desk/").status_code == 200


def carries_nothing(client) -> None:
    """The start page offers no "Continue where you stopped", and the result is gone."""
    start = client.get(START).get_data(as_text=True)
    assert "Continuar donde lo dejó" not in start and "Empezar ahora" in start
    assert client.get(RESULT).status_code == 302  # back to the first question: nothing answered


@pytest.fixture
def desk(app, client):
    create_staff(app)
    sign_in(client)
    return client


def test_next_person_clears_the_answers_and_keeps_the_clerk_signed_in(desk):
    assisted_person(desk)
    page = desk.get(RESULT).get_data(as_text=True)
    assert "Siguiente persona" in page  # on the person's result, where the clerk prints
    response = desk.post("/es/desk/next-person")
    assert response.status_code == 303 and response.headers["Location"].endswith("/es/desk/")
    home = desk.get("/es/desk/").get_data(as_text=True)
    assert "Listo para la siguiente persona" in home
    assert "Listo para la siguiente persona" not in desk.get("/es/desk/").get_data(as_text=True)
    carries_nothing(desk)
    assert signed_in(desk)


def test_two_people_in_a_row_by_code_see_only_their_own_answers(app, desk):
    first, second = saved_code(app), saved_code(app)
    assisted_person(desk)  # someone served before, without a code
    desk.post("/es/br/regularization/q/criminal_record", data={"answer": "yes"})
    opened = desk.post("/es/desk/open", data={"code": first})
    assert opened.status_code == 302 and opened.headers["Location"].endswith(RESULT)
    with desk.session_transaction() as session:
        answers = session["answers"]
    assert answers == {BRAZIL.id: {**BRAZIL_ANSWERS}}  # the code's answers only, nothing of before
    desk.post("/es/desk/next-person")
    carries_nothing(desk)
    desk.post("/es/desk/open", data={"code": second})
    assert desk.get(RESULT).status_code == 200 and signed_in(desk)


def test_starting_an_assisted_flow_always_starts_clean(desk):
    assisted_person(desk)
    home = desk.get("/es/desk/").get_data(as_text=True)
    assert 'action="/es/desk/assist/br"' in home
    response = desk.post("/es/desk/assist/br")
    assert response.status_code == 303 and response.headers["Location"].endswith("/es/br/")
    carries_nothing(desk)
    assert desk.post("/es/desk/assist/zz").status_code == 404


def test_quick_exit_at_a_desk_ends_the_persons_part_not_the_sign_in(app, desk):
    assisted_person(desk)
    response = desk.get("/exit")
    assert response.status_code == 303 and response.headers["Location"].endswith("/es/desk/")
    assert "Clear-Site-Data" not in response.headers
    assert app.config["QUICK_EXIT_URL"] not in response.headers["Location"]
    assert "Salida rápida" in desk.get("/es/desk/").get_data(as_text=True)
    carries_nothing(desk)
    assert signed_in(desk)


def test_quick_exit_for_a_person_still_leaves_the_site(app, client):
    response = client.get("/exit")
    assert response.headers["Location"] == app.config["QUICK_EXIT_URL"]


def test_the_page_says_when_the_desk_session_will_end(app, desk):
    html = desk.get(START).get_data(as_text=True)
    assert "Sin actividad, esta sesión termina a las" in html
    assert (
        "computador de este punto de atención" in html
    )  # the privacy line speaks of the desk computer


def test_an_idle_timeout_mid_assist_says_the_answers_were_cleared(desk):
    assisted_person(desk)
    with desk.session_transaction() as session:
        session["staff_seen"] = int(time.time()) - 31 * 60
    response = desk.get("/en/br/regularization/q/can_pay")
    assert response.status_code == 302 and "/en/desk/sign-in" in response.headers["Location"]
    html = desk.get(response.headers["Location"]).get_data(as_text=True)
    assert "answers were cleared" in html
    with desk.session_transaction() as session:
        assert "answers" not in session and "channel" not in session


def test_a_clerk_disabled_mid_assist_is_told_at_the_next_request(app, desk):
    assisted_person(desk)
    with app.app_context():
        db.session.scalar(select(Staff)).active = False
        db.session.commit()
    response = desk.post("/en/br/regularization/q/can_pay", data={"answer": "no"})
    assert response.status_code == 302 and "/en/desk/sign-in" in response.headers["Location"]
    assert "Your desk session was ended" in desk.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with desk.session_transaction() as session:
        assert session.get("channel") is None  # nothing after this counts as the desk's


def test_an_editor_trying_flows_is_not_counted_as_a_person_served(app, client):
    create_staff(app, "editor@example.org", role="editor")
    sign_in(client, "editor@example.org")
    assisted_person(client)
    client.post("/es/br/regularization/save")
    with app.app_context():
        assert db.session.scalar(select(SavedResult.channel)) == "staff_test"
