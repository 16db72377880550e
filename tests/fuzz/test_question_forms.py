"""Every question type, fuzzed: whatever is posted, the person gets their next question or a clear
refusal in their language, never a 5xx, and the answers they gave before are still there."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import QUESTION_TYPES, FuzzApp, on_question
from tests.fuzz.inputs import (
    FUZZ,
    assert_clear_answer,
    bodies,
    expected_refusal,
    languages,
    number_text,
    post,
)
from tests.fuzz.routes import fuzzes
from tests.helpers_i18n import LOCALES, tr

NUMERIC = ("date", "month_year", "number")


def field_names(question_type: str) -> list[str]:
    if question_type == "date":
        return ["day", "month", "year"]
    if question_type == "month_year":
        return ["month", "year"]
    return ["answer"]


@fuzzes("flows.question")
@pytest.mark.parametrize("question_type", QUESTION_TYPES)
@FUZZ
@given(data=st.data())
def test_any_post_to_a_question_gets_a_clear_answer_and_keeps_earlier_ones(
    fuzz_app: FuzzApp, question_type: str, data
):
    person = on_question(fuzz_app, data.draw(languages, "lang"), question_type)
    names, numeric = field_names(question_type), question_type in NUMERIC
    body = data.draw(bodies(names, person.valid, person.token, numeric), "body")
    client = fuzz_app.client(person.cookie)
    response = post(client, person.url, body)
    expected = expected_refusal(body, fuzz_app.csrf)
    if expected:
        assert response.status_code == expected[0]
        assert_clear_answer(response, person.lang, expect=expected[1])
    elif body.kind == "form":
        assert response.status_code in (302, 400)
        assert_clear_answer(response, person.lang, expect=("There is a problem",))
    else:
        assert_clear_answer(response, person.lang)
    kept = fuzz_app.answers_of(client, person.flow_id)
    assert {q: kept.get(q) for q in person.earlier} == person.earlier


@pytest.mark.parametrize("question_type", QUESTION_TYPES)
def test_the_fuzzed_question_accepts_its_real_answer(fuzz_app: FuzzApp, question_type: str):
    """The fuzzing above reaches the question itself, not a redirect or an expired page."""
    person = on_question(fuzz_app, "es", question_type)
    client = fuzz_app.client(person.cookie)
    names = field_names(question_type)
    data = dict(zip(names, person.valid, strict=True)) if len(names) > 1 else {}
    data = data or {"answer": list(person.valid)}
    response = client.post(person.url, data={**data, "csrf_token": person.token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


DATE_MESSAGES = (
    "Enter the date in numbers, for example 27 3 2015",
    "Enter the year with 4 numbers, for example 2015",
    "Enter a real date",
    "The date must be today or in the past",
)


def field_messages(fuzz_app: FuzzApp, person, locale: str) -> list[str]:
    if person.question_type != "number":
        return [tr(locale, message) for message in DATE_MESSAGES]
    question_id = person.url.rsplit("/", 1)[1]
    question = fuzz_app.app.extensions["content"].flows[person.flow_id].questions[question_id]
    in_range = tr(locale, "Enter a number from %(min)s to %(max)s")
    return [
        tr(locale, "Enter a whole number, like 3"),
        in_range % {"min": int(question.min), "max": int(question.max)},
    ]


@pytest.mark.parametrize("question_type", NUMERIC)
@FUZZ
@given(data=st.data())
def test_digits_of_any_script_get_the_next_question_or_the_fields_message(
    fuzz_app: FuzzApp, question_type: str, data
):
    person = on_question(fuzz_app, data.draw(languages, "lang"), question_type)
    typed = {
        name: data.draw(number_text | st.sampled_from(person.valid), name)
        for name in field_names(question_type)
    }
    response = fuzz_app.client(person.cookie).post(
        person.url, data={**typed, "csrf_token": person.token}
    )
    assert response.status_code in (302, 400), response.status
    if response.status_code == 400:
        html = response.get_data(as_text=True)
        messages = field_messages(fuzz_app, person, LOCALES[person.lang])
        assert any(message in html for message in messages), html[:400]
