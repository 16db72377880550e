"""Bad input of any kind gets a clear message in the person's language and a 4xx, never a 500."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.extensions import db
from tests.helpers import LIBRARY, answer_all
from tests.helpers_i18n import LOCALES, tr

BRAZIL = LIBRARY.flow("BR", "regularization")


@pytest.fixture
def at_birth_date(client):
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    return client


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize(
    "url",
    ["/{lang}/zz/regularization/", "/{lang}/br/teleportation/", "/{lang}/br/regularization/q/nope"],
)
def test_unknown_flow_or_question_is_a_404_in_the_persons_language(client, lang, url):
    response = client.get(url.format(lang=lang))
    assert response.status_code == 404
    assert tr(LOCALES[lang], "Page not found") in response.get_data(as_text=True)


def test_unknown_language_is_a_404(client):
    assert client.get("/xx/br/regularization/").status_code == 404


@pytest.mark.parametrize("lang", LOCALES)
def test_tampered_option_value_is_refused_with_a_message(client, lang):
    client.post(f"/{lang}/br/regularization/restart")
    client.post(f"/{lang}/br/regularization/q/nationality", data={"answer": "VE"})
    client.post(
        f"/{lang}/br/regularization/q/birth_date", data={"day": "1", "month": "1", "year": "1990"}
    )
    response = client.post(f"/{lang}/br/regularization/q/has_id", data={"answer": "forged"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert tr(LOCALES[lang], "There is a problem") in html
    assert tr(LOCALES[lang], "Select one of the options shown") in html
    assert 'href="#answer-0"' in html


def test_missing_answer_is_refused(at_birth_date):
    at_birth_date.post(
        "/en/br/regularization/q/birth_date", data={"day": "1", "month": "1", "year": "1990"}
    )
    response = at_birth_date.post("/en/br/regularization/q/has_id", data={})
    assert response.status_code == 400
    assert "Select the answer that fits your situation" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2001", "Enter a real date"),
        ("1", "13", "2001", "Enter a real date"),
        ("1", "1", "3000", "The date must be today or in the past"),
        ("a", "b", "c", "Enter the date in numbers, for example 27 3 2015"),
        ("1", "1", "99", "Enter the year with 4 numbers, for example 2015"),
        ("", "", "", "Enter the day, month and year"),
        ("1", "1", "99999999999999999999", "Enter the date in numbers, for example 27 3 2015"),
        ("\u0661", "\u0661", "\u0669\u0669", "Enter the year with 4 numbers, for example 2015"),
    ],
)
def test_impossible_dates_are_refused(at_birth_date, day, month, year, message):
    response = at_birth_date.post(
        "/en/br/regularization/q/birth_date", data={"day": day, "month": month, "year": year}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_dates_typed_with_arabic_indic_digits_are_understood(at_birth_date):
    response = at_birth_date.post(
        "/en/br/regularization/q/birth_date",
        data={"day": "\u0664", "month": "\u0665", "year": "\u0661\u0669\u0669\u0660"},
    )
    assert response.status_code == 302


def test_typed_values_are_kept_when_a_date_is_refused(at_birth_date):
    response = at_birth_date.post(
        "/en/br/regularization/q/birth_date", data={"day": "31", "month": "2", "year": "2001"}
    )
    html = response.get_data(as_text=True)
    assert 'value="31"' in html and 'value="2001"' in html


def test_tampered_country_is_refused(client):
    client.post("/es/br/regularization/restart")
    response = client.post("/es/br/regularization/q/nationality", data={"answer": "XX"})
    assert response.status_code == 400
    assert tr("es", "Choose a country from the list") in response.get_data(as_text=True)


def test_oversized_post_is_a_413_and_keeps_earlier_answers(at_birth_date):
    response = at_birth_date.post(
        "/en/br/regularization/q/birth_date",
        data={"day": "1" * 40_000, "month": "1", "year": "1990"},
    )
    assert response.status_code == 413
    assert "What you sent is too long" in response.get_data(as_text=True)
    # The answer given before the oversized post is still there.
    assert at_birth_date.get("/en/br/regularization/q/birth_date").status_code == 200


def test_wrong_method_is_a_405_page(client):
    response = client.post("/en/br/regularization/check")
    assert response.status_code == 405
    assert "Go back and use the buttons on the page." in response.get_data(as_text=True)


def test_tampered_cookie_is_ignored_not_a_500(client):
    client.set_cookie("camino", "not-a-real-cookie")
    assert client.get("/en/br/regularization/q/nationality").status_code == 200
    client.set_cookie("camino", "A" * 3000)
    assert client.get("/en/br/regularization/result").status_code == 302


@pytest.fixture
def csrf_client(database_uri):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "TESTING": True,
            "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": database_uri,
        }
    )
    with app.app_context():
        db.create_all()
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("lang", LOCALES)
def test_missing_csrf_token_is_a_clear_400(csrf_client, lang):
    response = csrf_client.post(f"/{lang}/br/regularization/q/nationality", data={"answer": "VE"})
    assert response.status_code == 400
    assert tr(LOCALES[lang], "This page has expired") in response.get_data(as_text=True)


def test_a_real_form_with_its_csrf_token_works(csrf_client):
    page = csrf_client.get("/en/br/regularization/q/nationality").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = csrf_client.post(
        "/en/br/regularization/q/nationality", data={"answer": "VE", "csrf_token": token}
    )
    assert response.status_code == 302


def test_finished_flow_still_validates_each_answer(client):
    answer_all(client, "en", BRAZIL, {"nationality": "BO"})
    response = client.post("/en/br/regularization/q/nationality", data={"answer": ["VE", "BO"]})
    assert response.status_code in (302, 400)
