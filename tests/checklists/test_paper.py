"""The printed checklist on paper: the blank checklist says where each answer leads and has
date boxes; page 1 of a person's checklist holds the outcome, the steps and the documents; an
item and its note are apart; the bilingual print offers the host country's language first."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from flask import render_template_string
from flask_babel import force_locale
from pypdf import PdfReader

import portal.checklists.views as views
from portal import create_app
from portal.extensions import db
from portal.rules import ContentError, load_library
from portal.rules.engine import checklist_for
from tests.checklists.helpers import plain
from tests.helpers import BRAZIL_ANSWERS, CONTENT, LIBRARY, answer_all, pdf_pages

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only


def page_texts(data: bytes) -> list[str]:
    return [" ".join(text.split()) for text in pdf_pages(data)]


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text)  # pdf text may break a line anywhere


def keep_html(monkeypatch) -> dict[str, str]:
    seen: dict[str, str] = {}
    real = views.render_template

    def keep(template, **context):
        seen["html"] = real(template, **context)
        return seen["html"]

    monkeypatch.setattr(views, "render_template", keep)
    return seen


def test_blank_checklist_says_where_each_answer_leads(client):
    text = " ".join(page_texts(client.get("/en/br/regularization/blank.pdf").data))
    for line in [
        # Questions are numbered; the countries the rules name, then every other one.
        "If Venezuela, Guyana or Suriname, go to question 2.",
        "Otherwise, the questions end here:",
        # An age decides: both places, never a guess.
        "What comes next depends on your answers: question 3 or question 4.",
        # The lone-child safeguard, and a plain answer.
        "If “Yes”, the questions end here: “A child who is alone has the right to protection",
        "If “No”, go to question 4.",
        "If “No, neither”, what comes next depends on other answers:",
        "If “Yes, and it has not expired” or “Yes, but it has expired”, go to question 7.",
        "If “I prefer not to say”, the questions end here: “We cannot tell without",
        "Then the questions end here:",
    ]:
        assert line in text, line


def test_blank_checklist_leads_in_both_languages(client):
    text = " ".join(page_texts(client.get("/en/br/regularization/blank.pdf?second=es").data))
    assert "If Venezuela, Guyana or Suriname, go to question 2." in text
    assert re.search(r"Surinam\b", text)  # the same line in Spanish beneath it (CLDR's name)


def test_blank_checklist_has_day_month_year_boxes(client, monkeypatch):
    seen = keep_html(monkeypatch)
    text = " ".join(page_texts(client.get("/en/br/regularization/blank.pdf").data))
    birth = text.index("What is the date of birth")
    assert text.index("Day Month Year", birth) < text.index("Is the child in Brazil", birth)
    date_part = seen["html"].split('class="date"')[1].split("</div>\n  </div>")[0]
    assert date_part.count('class="digit"') == 8  # DD MM YYYY


EVERY_TYPE = """\
flow: br/family_reunification
title: Every question type
summary: A flow that exists only in this test.
checks: [Each question type.]
minutes: 2
last_reviewed: 2026-11-01
review: {status: draft}
sources:
  law: {title: A law, kind: law, url: "https://example.org/law", checked_on: 2026-11-01, lang: en, quote: "Article 1."}
facts:
  months_here: {months_since: arrived}
start: relatives
questions:
  relatives:
    type: multi
    text: Who is with you?
    options:
      - {value: spouse, label: My spouse}
      - {value: children, label: My children}
      - {value: parents, label: My parents}
    next:
      - {if: {includes: children}, go: how_many}
      - {go: arrived}
  how_many:
    type: number
    text: How many children?
    next:
      - {if: {gt: 3}, go: big_family}
      - {go: arrived}
  arrived:
    type: month_year
    text: When did you arrive?
    next:
      - {if: {fact: months_here, lt: 24}, go: recent}
      - {go: settled}
outcomes:
  big_family: {kind: maybe, title: Big family, why: Many children., next_steps: [Ask.], offices: [legal_aid], sources: [law]}
  recent: {kind: likely, title: Recent arrival, why: Less than 2 years., sources: [law]}
  settled: {kind: likely, title: Settled, why: Two years or more., sources: [law]}
scenarios:
  - {name: big, answers: {relatives: [children], how_many: 5}, expect: big_family}
  - {name: recent, today: 2026-11-28, answers: {relatives: [spouse], arrived: 2026-06}, expect: recent}
  - {name: settled, today: 2026-11-28, answers: {relatives: [parents], arrived: 2020-01}, expect: settled}
"""


@pytest.fixture
def every_type(tmp_path, database_uri):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "flows" / "br" / "family_reunification.yaml").write_text(EVERY_TYPE)
    app = create_app({"ENV_NAME": "testing", "WTF_CSRF_ENABLED": False,
                      "CONTENT_DIR": str(content), "SQLALCHEMY_DATABASE_URI": database_uri})  # fmt: skip
    with app.app_context():
        db.create_all()
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_blank_checklist_month_year_boxes_and_ticked_boxes(every_type, monkeypatch):
    seen = keep_html(monkeypatch)
    text = " ".join(page_texts(every_type.get("/en/br/family_reunification/blank.pdf").data))
    arrived = text.index("When did you arrive?")
    assert text.index("Month Year", arrived) > arrived
    assert "Day Month Year" not in text
    date_part = seen["html"].split('class="date"')[1].split("</div>\n  </div>")[0]
    assert date_part.count('class="digit"') == 6  # MM YYYY
    # Another ticked box may change where a box leads: said, not guessed.
    assert "If “My children”, go to question 2." in text
    assert (
        "If “My spouse” or “My parents”, what comes next depends on other answers: "
        "question 2 or question 3." in text
    )
    assert "What comes next depends on your answers: the result “Big family” or question 3." in text


def test_an_item_and_its_note_are_apart(client):
    flow = LIBRARY.flow("BR", "regularization")
    answer_all(client, "en", flow, BRAZIL_ANSWERS)
    text = " ".join(page_texts(client.get("/en/br/regularization/checklist.pdf").data))
    assert "just in case. The Federal Police ask for it only" in text
    blank = " ".join(page_texts(client.get("/en/br/regularization/blank.pdf").data))
    assert "just in case. The Federal Police ask for it only" in blank


# The longest outcome: an adult whose ID does not name their parents and who cannot pay.
LONG = {**BRAZIL_ANSWERS, "parents_named": "no"}


def printed_sizes(data: bytes, page: int = 0) -> list[tuple[str, float]]:
    """Each piece of text on a page with its printed size in points."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found.append((" ".join(text.split()), size * abs(tm[3]) * abs(cm[3])))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("lang", ["en", "es", "pt-BR", "fr", "ht", "ar"])
def test_page_one_holds_the_outcome_the_steps_and_the_documents(client, lang):
    locale = lang.replace("-", "_")
    flow = LIBRARY.flow("BR", "regularization")
    answer_all(client, lang, flow, LONG)
    data = client.get(f"/{lang}/br/regularization/checklist.pdf").data
    first = squeeze(page_texts(data)[0])
    outcome = flow.outcomes["likely"]
    items = checklist_for(flow, outcome, LONG, dt.date.today())
    assert len(items) == 7  # every document this outcome may ask an adult for
    wanted = [outcome.title, outcome.next_steps[0], outcome.next_steps[-1], items[-1].text]
    for text in wanted:
        assert squeeze(plain(locale, text))[-40:] in first, text
    assert squeeze(plain(locale, "Documents to take", "messages")) in first
    # Readable: the why, the steps and the documents at 10 pt or more (notes may be smaller).
    body = squeeze(" ".join(plain(locale, t) for t in [outcome.why, *outcome.next_steps,
                                                          *(i.text for i in items)]))  # fmt: skip
    title = squeeze(plain(locale, flow.title))  # the page header repeats it in 9 pt
    sizes = [size for text, size in printed_sizes(data)
             if len(text) > 12 and squeeze(text) in body and squeeze(text) not in title]  # fmt: skip
    assert len(sizes) > 20 and min(sizes) >= 10


@pytest.mark.parametrize(
    ("country", "locale", "expected"),
    [("br", "en", "pt-BR"), ("br", "es", "pt-BR"), ("br", "pt_BR", None),
     ("co", "en", "es"), ("co", "ar", "es"), ("mx", "es", None), ("mx", "ht", "es")],
)  # fmt: skip
def test_bilingual_print_offers_the_host_countrys_language(app, country, locale, expected):
    with app.test_request_context(), force_locale(locale):
        shown = render_template_string("{{ second_language_default(host) }}", host=country)
    assert shown == str(expected)


def test_a_country_needs_a_language_babel_knows(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    countries = root / "countries.yaml"
    text = countries.read_text()
    countries.write_text(text.replace("language: pt-BR", "language: brazilian"))
    with pytest.raises(ContentError) as error:
        load_library(root)
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("BR:"))) + 1
    assert [str(p) for p in error.value.problems if "language" in str(p)] == [
        f"content/countries.yaml:{line}: country 'BR': 'language' must be a language tag such as "
        "es or pt-BR, not 'brazilian'"
    ]
    countries.write_text(text.replace(", language: es}", "}", 1))
    with pytest.raises(ContentError, match="country 'CO': missing field 'language'"):
        load_library(root)


def test_the_result_page_preselects_the_host_countrys_language(client):
    from tests.helpers import BRAZIL, BRAZIL_ANSWERS, answer_all

    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    html = client.get("/es/br/regularization/result").get_data(as_text=True)
    assert re.search(r'<option value="pt-BR"[^>]*selected', html)  # Portuguese in Brazil
    answer_all(client, "pt-BR", BRAZIL, BRAZIL_ANSWERS)
    html = client.get("/pt-BR/br/regularization/result").get_data(as_text=True)
    assert "selected" not in html.split('id="second"')[1].split("</select>")[0]  # already first
