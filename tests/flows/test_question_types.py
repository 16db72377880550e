"""The generic blueprint handles every question type from content alone: a flow written only in
YAML, using each type, works end to end through the web client."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from portal.rules.review import sign_off
from tests.helpers import CONTENT, running_app

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

FLOW = Path(__file__).with_name("every_question_type.yaml").read_text()


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
