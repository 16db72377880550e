"""Digits in number and date fields: ASCII, Arabic-Indic and Persian digits are read (people
type them on Arabic and Persian keyboards); every other character Unicode calls a digit or a
number (full-width, superscripts, circled, Roman numerals) is refused with the field's message,
never a 500."""

from __future__ import annotations

import pytest

from portal.flows.forms import ascii_digits
from tests.fuzz.conftest import FuzzApp, on_question
from tests.helpers_i18n import LOCALES, tr

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0123456789", "0123456789"),
        ("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789"),
        ("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9", "0123456789"),
        ("\u0661\u0669\u0669\u0660", "1990"),
        ("\u06f1\u06f3\u06f7\u06f0", "1370"),
        ("2\u0660\u06f2\u0660", "2020"),  # mixed on one keyboard layout and another: still read
        ("007", "007"),
    ],
)
def test_ascii_arabic_indic_and_persian_digits_are_read(text, expected):
    assert ascii_digits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\u00b2",  # superscript two (category No)
        "\u00b9\u2079\u2079\u2070",  # superscript 1990
        "\u2460",  # circled one
        "\u0662\u2070\u0662\u2070",  # Arabic-Indic mixed with superscripts
        "\uff11\uff12",  # full-width 12 (Nd, but nobody here types it)
        "\u0967",  # Devanagari one (Nd)
        "\U0001d7ce",  # mathematical bold zero (Nd)
        "\u2167",  # Roman numeral eight (Nl)
        "\u3007",  # ideographic zero (Nl)
        "\u00bd",  # one half (No)
        "1.5",
        "-1",
        "+1",
        "1 000",
        "1e3",
        "\u0661\u066b\u0665",  # Arabic decimal separator
    ],
)
def test_other_digits_and_numbers_are_refused(text):
    assert ascii_digits(text) is None


REFUSED = ["\u00b2", "\u00b9\u2079\u2079\u2070", "\u2460", "\u0662\u2070\u0662\u2070", "\uff11"]
DATE_MESSAGE = "Enter the date in numbers, for example 27 3 2015"
# A real answer to each question type, and the message when one of its boxes is refused.
FILLED = {
    "date": ({"day": "4", "month": "5", "year": "1990"}, DATE_MESSAGE),
    "month_year": ({"month": "5", "year": "2020"}, DATE_MESSAGE),
    "number": ({"answer": "3"}, "Enter a whole number, like 3"),
}


@pytest.mark.parametrize("lang", ["es", "ar"])
@pytest.mark.parametrize("value", REFUSED)
@pytest.mark.parametrize("question_type", FILLED)
def test_other_digits_are_refused_with_the_fields_message(
    fuzz_app: FuzzApp, lang, value, question_type
):
    """Superscripts and circled numbers once passed str.isdigit() and crashed int(): a 500."""
    person = on_question(fuzz_app, lang, question_type)
    filled, message = FILLED[question_type]
    for field in filled:
        data = {**filled, field: value, "csrf_token": person.token}
        response = fuzz_app.client(person.cookie).post(person.url, data=data)
        assert response.status_code == 400, field
        assert tr(LOCALES[lang], message) in response.get_data(as_text=True), field


ARABIC_INDIC = str.maketrans(
    "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
)
PERSIAN = str.maketrans(
    "0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
)


def stored_answer(fuzz_app: FuzzApp, question_type: str, data: dict[str, str]):
    person = on_question(fuzz_app, "ar", question_type)
    client = fuzz_app.client(person.cookie)
    response = client.post(person.url, data={**data, "csrf_token": person.token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return fuzz_app.answers_of(client, person.flow_id)[person.url.rsplit("/", 1)[1]]


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN], ids=["arabic-indic", "persian"])
@pytest.mark.parametrize("question_type", ["date", "month_year", "number"])
def test_arabic_indic_and_persian_digits_are_read_as_the_same_answer(
    fuzz_app: FuzzApp, digits, question_type
):
    person = on_question(fuzz_app, "ar", question_type)
    names = {"date": ["day", "month", "year"], "month_year": ["month", "year"]}
    data = dict(zip(names.get(question_type, ["answer"]), person.valid, strict=True))
    typed = {name: value.translate(digits) for name, value in data.items()}
    assert typed != data and all(value.isascii() for value in data.values())
    assert stored_answer(fuzz_app, question_type, typed) == stored_answer(
        fuzz_app, question_type, data
    )
