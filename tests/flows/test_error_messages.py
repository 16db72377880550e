"""What a question left unanswered says: the content's own `error:` (translated like the
question's text), or a clear default for its type that names the "I don't know" and "I prefer
not to say" answers the question offers."""

from __future__ import annotations

import shutil

import pytest
from flask import g

from portal.flows.forms import unanswered_message
from portal.rules import load_library
from portal.rules.extract import write_pot
from portal.rules.model import Option, Question, Where
from tests.helpers import CONTENT, app_on
from tests.helpers_i18n import tr

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

UI_OPTIONS = {
    "yes": Option("yes", "Yes", ui_label=True),
    "no": Option("no", "No", ui_label=True),
    "dont_know": Option("dont_know", "I don't know", ui_label=True),
    "prefer_not": Option("prefer_not", "I prefer not to say", ui_label=True),
}


def question(question_type: str, extras: tuple[str, ...] = (), error: str | None = None):
    if question_type == "yes_no":
        options = tuple(UI_OPTIONS[v] for v in ("yes", "no", *extras))
    elif question_type in ("choice", "multi"):
        options = (Option("a", "A"), Option("b", "B"))
    else:
        options = tuple(UI_OPTIONS[v] for v in extras)
    return Question(
        id="q", type=question_type, text="Q?", hint=None, options=options, next=(), min=None,
        max=None, why_we_ask=None, where=Where("q.yaml", 1), error=error,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("question_type", "extras", "message"),
    [
        ("choice", (), "Select the answer that fits your situation"),
        ("multi", (), "Select every answer that fits your situation"),
        ("yes_no", (), "Select yes or no"),
        ("yes_no", ("dont_know",), "Select yes or no, or choose “I don't know”"),
        ("yes_no", ("prefer_not",), "Select yes or no, or choose “I prefer not to say”"),
        (
            "yes_no",
            ("dont_know", "prefer_not"),
            "Select yes or no, or choose “I don't know” or “I prefer not to say”",
        ),
        ("country", (), "Choose a country"),
        ("country", ("prefer_not",), "Choose a country, or choose “I prefer not to say”"),
        ("number", (), "Enter a number"),
        ("date", (), "Enter the day, month and year"),
        ("month_year", (), "Enter the month and year"),
    ],
)
def test_each_type_has_its_own_default(app, question_type, extras, message):
    with app.test_request_context("/en/"):
        assert str(unanswered_message(question(question_type, extras))) == message


def test_the_default_names_the_other_answers_in_the_persons_language(app):
    with app.test_request_context("/es/"):
        g.locale = "es"  # as the URL sets it
        message = str(unanswered_message(question("yes_no", ("prefer_not",))))
    assert tr("es", "I prefer not to say") in message
    assert tr("es", "I prefer not to say") != "I prefer not to say"


def test_the_contents_error_replaces_the_default(app):
    with app.test_request_context("/en/"):
        message = unanswered_message(question("yes_no", ("prefer_not",), error="Say if you fled"))
    assert str(message) == "Say if you fled"


# The shipped Brazil regularization flow, with its own messages for a choice and a date question.
HAS_ID = "Say which identity document you have"
BIRTH_DATE = "Enter the date of birth of the person who will apply"
FLOW_FILE = "flows/br/regularization.yaml"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("errors") / "content"
    shutil.copytree(CONTENT, root)
    path = root / FLOW_FILE
    text = path.read_text()
    for question_id, error in (("has_id", HAS_ID), ("birth_date", BIRTH_DATE)):
        assert text.count(f"\n  {question_id}:\n") == 1
        text = text.replace(f"\n  {question_id}:\n", f"\n  {question_id}:\n    error: {error}\n")
    path.write_text(text)
    return root


@pytest.fixture
def client(content, database_uri):
    for app in app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, CONTENT_DIR=str(content)):
        yield app.test_client()


def at_has_id(client, lang: str = "en") -> str:
    base = f"/{lang}/br/regularization"
    client.post(f"{base}/restart")
    client.post(f"{base}/q/nationality", data={"answer": "VE"})
    client.post(f"{base}/q/birth_date", data={"day": "1", "month": "1", "year": "1990"})
    return f"{base}/q/has_id"


def test_a_choice_question_says_its_own_message(client):
    response = client.post(at_has_id(client), data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert html.count(HAS_ID) == 2  # in the summary at the top, and by the options
    assert "Select the answer that fits your situation" not in html


def test_a_date_question_says_its_own_message_and_the_portals_about_the_format(client):
    base = "/en/br/regularization"
    client.post(f"{base}/restart")
    client.post(f"{base}/q/nationality", data={"answer": "VE"})
    empty = client.post(f"{base}/q/birth_date", data={"day": "", "month": "", "year": ""})
    assert empty.status_code == 400 and BIRTH_DATE in empty.get_data(as_text=True)
    impossible = client.post(
        f"{base}/q/birth_date", data={"day": "31", "month": "2", "year": "2001"}
    )
    html = impossible.get_data(as_text=True)
    assert "Enter a real date" in html and BIRTH_DATE not in html


def test_an_untranslated_message_is_shown_in_english_and_marked(client):
    html = client.post(at_has_id(client, "es"), data={}).get_data(as_text=True)
    assert f'<span lang="en" dir="ltr">{HAS_ID}</span>' in html


def test_extract_gives_translators_the_message_with_its_file_and_line(content, tmp_path):
    library = load_library(content)
    pot = tmp_path / "content.pot"
    write_pot(library, pot)
    text = pot.read_text()
    lines = (content / FLOW_FILE).read_text().splitlines()
    has_id_line = lines.index("  has_id:") + 1
    assert f'#: content/{FLOW_FILE}:{has_id_line}\nmsgid "{HAS_ID}"' in text


def test_a_question_without_its_own_message_gets_the_default(client):
    html = client.post("/en/br/regularization/q/nationality", data={}).get_data(as_text=True)
    assert "Choose a country, or choose “I prefer not to say”" in html
