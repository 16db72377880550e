"""Saved answers opened after their guide changed say so at the top of the result, and show
what the same answers led to then when that differs from today."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from portal.saved import store
from tests.helpers import BRAZIL_ANSWERS, CONTENT, LIBRARY, running_app, save_by_code, visible_text
from tests.helpers_i18n import LOCALES, tr

FLOW = "content/flows/br/regularization.yaml"
CHANGE = """
changes:
  - on: {day}
    what: The fee for the residence permit went up.
    why: The Federal Police published new fees.
    source: pi19
"""


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def app_on_content(database_uri, content):
    return running_app(database_uri, TESTING=True, WTF_CSRF_ENABLED=False,
                       CONTENT_DIR=str(content))  # fmt: skip


def open_code(client, code, lang="en") -> str:
    response = client.post(f"/{lang}/resume", data={"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)
    return visible_text(client.get(response.headers["Location"]).get_data(as_text=True))


def test_a_change_after_saving_is_said_with_its_date_and_what_changed(database_uri, content):
    with app_on_content(database_uri, content) as app:
        before = app.test_client()
        code = save_by_code(before, "en")
        assert "after you saved" not in open_code(before, code)

    today = dt.date.today()
    flow = content / "flows" / "br" / "regularization.yaml"
    flow.write_text(flow.read_text() + CHANGE.format(day=today.isoformat()), encoding="utf-8")
    with app_on_content(database_uri, content) as app:
        after = app.test_client()
        page = open_code(after, code)
        changes = visible_text(after.get("/en/br/changes").get_data(as_text=True))
    day = f"{today:%B} {today.day}, {today.year}"
    assert f"The rules changed on {day}, after you saved these answers on {day}." in page
    assert "The fee for the residence permit went up." in page
    assert "the same answers led to" not in page  # the same outcome as then
    assert "The fee for the residence permit went up." in changes
    assert "Why: The Federal Police published new fees." in changes


def test_the_outcome_then_is_shown_when_it_differs_and_only_for_the_same_answers(app, client):
    flow = LIBRARY.flow("BR", "regularization")
    data = {"country": "br", "pathway": "regularization", "answers": BRAZIL_ANSWERS,
            "version": "sha256:an-earlier-version", "outcome": "no_document"}  # fmt: skip
    with app.app_context():
        code, _expires = store.save(app.config["SECRET_KEY"], flow.id, "en", data, 30)
    page = open_code(client, code)
    assert "This guide was updated after you saved these answers on" in page
    then = flow.outcomes["no_document"].title
    assert f"When you saved, the same answers led to: “{then}”." in page

    client.post("/en/br/regularization/q/can_pay", data={"answer": "yes"})
    page = visible_text(client.get("/en/br/regularization/result").get_data(as_text=True))
    assert "This guide was updated after you saved" in page
    assert "the same answers led to" not in page

    gone = {**data, "outcome": "an_outcome_since_removed"}
    with app.app_context():
        code, _expires = store.save(app.config["SECRET_KEY"], flow.id, "en", gone, 30)
    page = open_code(app.test_client(), code)
    assert "the same answers led to an answer this guide no longer gives" in page


def test_answers_saved_under_todays_guide_show_no_notice(app, client):
    page = open_code(client, save_by_code(client, "en"))
    assert "after you saved" not in page and "This guide was updated" not in page


@pytest.mark.parametrize("lang", list(LOCALES))
def test_the_changes_page_in_every_locale(client, lang):
    response = client.get(f"/{lang}/br/changes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    locale = LOCALES[lang]
    change = LIBRARY.flow("BR", "humanitarian_visa").changes[0]
    assert tr(locale, change.what, "content") in html
    assert tr(locale, "What changed") in html
    assert client.get(f"/{lang}/zz/changes").status_code == 404
    assert client.get(f"/{lang}/BR/changes").status_code == 404
