"""The generic blueprint handles every question type from content alone: a flow written only in
YAML, using each type, works end to end through the web client."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from portal.rules.review import sign_off
from tests.helpers import CONTENT, running_app

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

FLOW = """\
flow: br/family_reunification
title: Every question type
summary: A flow that exists only in this test.
checks: [Each question type.]
minutes: 2
last_reviewed: 2026-11-01
review: {status: draft}  # signed off by the fixture
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
    min: 1
    max: 20
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
  recent: {kind: likely, title: Recent arrival, why: Less than 2 years., sources: [law],
           checklist: [{item: Children's papers, if: {answer: relatives, includes: children}}]}
  settled: {kind: likely, title: Settled, why: Two years or more., sources: [law]}
scenarios:
  - {name: big, answers: {relatives: [children], how_many: 5}, expect: big_family}
  - {name: recent, today: 2026-11-28, answers: {relatives: [spouse, children], how_many: 2, arrived: 2025-06}, expect: recent,
     checklist_includes: ["Children's papers"]}
  - {name: settled, today: 2026-11-28, answers: {relatives: [parents], arrived: 2020-01}, expect: settled}
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """One copy for the module: every app made on it shares the library loaded once."""
    content = tmp_path_factory.mktemp("types") / "content"
    shutil.copytree(CONTENT, content)
    flow = content / "flows" / "br" / "family_reunification.yaml"
    flow.write_text(FLOW)
    day = dt.date(2026, 11, 1)
    flow.write_text(sign_off(flow, "A. Lawyer", "Test Legal Clinic", day, "everything")[1])
    return content


@pytest.fixture
def client(content, database_uri):
    with running_app(database_uri, WTF_CSRF_ENABLED=False, CONTENT_DIR=str(content)) as app:
        yield app.test_client()


BASE = "/en/br/family_reunification"


def test_multi_number_and_month_year_questions(client):
    client.post(f"{BASE}/restart")
    response = client.post(f"{BASE}/q/relatives", data={"answer": ["spouse", "children"]})
    assert response.headers["Location"].endswith("/q/how_many")
    assert (
        client.post(f"{BASE}/q/how_many", data={"answer": "2"})
        .headers["Location"]
        .endswith("/q/arrived")
    )
    response = client.post(f"{BASE}/q/arrived", data={"month": "6", "year": "2026"})
    assert response.headers["Location"].endswith("/check")
    check = client.get(f"{BASE}/check").get_data(as_text=True)
    assert "My spouse, My children" in check and "June 2026" in check
    result = client.get(f"{BASE}/result").get_data(as_text=True)
    assert "Recent arrival" in result and "Children&#39;s papers" in result
    assert "Draft information." not in result  # this flow was signed off by a reviewer


@pytest.mark.parametrize(
    ("question", "data", "message"),
    [
        ("relatives", {}, "Select every answer that fits your situation"),
        ("relatives", {"answer": ["spouse", "cousins"]}, "Select one of the options shown"),
    ],
)
def test_multi_errors(client, question, data, message):
    client.post(f"{BASE}/restart")
    response = client.post(f"{BASE}/q/{question}", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a number"),
        ("two", "Enter a whole number, like 3"),
        ("-1", "Enter a whole number, like 3"),
        ("0", "Enter a number from 1 to 20"),
        ("99", "Enter a number from 1 to 20"),
        ("9" * 30, "Enter a whole number, like 3"),
    ],
)
def test_number_errors(client, value, message):
    client.post(f"{BASE}/restart")
    client.post(f"{BASE}/q/relatives", data={"answer": ["children"]})
    response = client.post(f"{BASE}/q/how_many", data={"answer": value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_month_year_errors(client):
    client.post(f"{BASE}/restart")
    client.post(f"{BASE}/q/relatives", data={"answer": ["parents"]})
    response = client.post(f"{BASE}/q/arrived", data={"month": "13", "year": "2020"})
    assert response.status_code == 400
    assert "Enter a real date" in response.get_data(as_text=True)
    response = client.post(f"{BASE}/q/arrived", data={"month": "", "year": ""})
    assert "Enter the month and year" in response.get_data(as_text=True)
