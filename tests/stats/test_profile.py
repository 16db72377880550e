"""The optional "help us improve services" questions: only after an outcome, once per run,
every answer optional, bad input refused in the person's language, and never a 500 — even
when the statistics cannot be written."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.models import ProfileCount
from portal.stats import counters
from tests.helpers import visible_text
from tests.helpers_i18n import LOCALES, tr
from tests.stats.helpers import counts, finish

IMPROVE = "/{lang}/br/regularization/improve"


def profile_rows(app) -> set[tuple[str, str, int]]:
    with app.app_context():
        return {(r.dimension, r.value, r.count) for r in db.session.scalars(select(ProfileCount))}


@pytest.mark.parametrize(("lang", "locale"), LOCALES.items())
def test_the_result_invites_and_the_page_asks_in_the_persons_language(client, lang, locale):
    result = finish(client, lang=lang).get_data(as_text=True)
    assert tr(locale, "Help us improve services") in result
    assert IMPROVE.format(lang=lang) in result
    page = client.get(IMPROVE.format(lang=lang))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for label in ("Your age", "Your gender", "Your nationality", "Skip these questions"):
        assert tr(locale, label) in html


def test_not_before_an_outcome(app, client):
    client.post("/es/br/regularization/restart")
    response = client.post(IMPROVE.format(lang="es"), data={"gender": "woman"})
    assert response.status_code == 302
    assert profile_rows(app) == set()


def test_only_once_per_run_and_the_result_says_thank_you(app, client):
    finish(client)
    client.post(IMPROVE.format(lang="en"), data={"gender": "man"})
    again = client.post(IMPROVE.format(lang="en"), data={"gender": "man"})
    assert again.status_code == 302
    assert profile_rows(app) == {("gender", "man", 1)}
    html = client.get("/en/br/regularization/result").get_data(as_text=True)
    assert "Thank you. Your answers were added to anonymous counts." in html
    assert IMPROVE.format(lang="en") not in html


def test_sending_nothing_counts_nothing(app, client):
    finish(client)
    assert client.post(IMPROVE.format(lang="es"), data={}).status_code == 302
    assert profile_rows(app) == set()


@pytest.mark.parametrize(
    "data",
    [{"age_band": "42"}, {"gender": "<b>x</b>"}, {"nationality": "Narnia"}, {"nationality": "ZZ"}],
)
def test_bad_answers_are_refused_clearly_and_not_counted(app, client, data):
    finish(client, lang="ar")
    response = client.post(IMPROVE.format(lang="ar"), data=data)
    assert response.status_code == 400
    page = visible_text(response.get_data(as_text=True))
    assert tr("ar", "There is a problem") in page
    assert tr("ar", "Select one of the options shown") in page
    assert profile_rows(app) == set()


def test_stateless_and_prefer_not_to_say_are_answers_too(app, client):
    finish(client)
    client.post(
        IMPROVE.format(lang="es"),
        data={"age_band": "prefer_not", "gender": "prefer_not", "nationality": "stateless"},
    )
    assert profile_rows(app) == {
        ("age_band", "prefer_not", 1), ("gender", "prefer_not", 1), ("nationality", "stateless", 1)
    }  # fmt: skip


class UnwritableDatabase:
    """Stands in for the database when the statistics cannot be written (locked, full, gone)."""

    class session:  # named like db.session, which it stands in for
        @staticmethod
        def execute(*args, **kwargs):
            raise OperationalError("INSERT INTO flow_count …", {}, Exception("database is locked"))

        @staticmethod
        def rollback():
            pass

    @property
    def engine(self):
        return db.engine


def test_statistics_that_cannot_be_written_never_break_the_persons_journey(
    client, caplog, monkeypatch
):
    monkeypatch.setattr(counters, "db", UnwritableDatabase())
    with caplog.at_level(logging.WARNING):
        response = finish(client)
        assert response.status_code == 200
        assert client.post(IMPROVE.format(lang="es"), data={"gender": "woman"}).status_code == 302
    warnings = [r.getMessage() for r in caplog.records if r.name == "portal.stats.counters"]
    # The first failure pauses statistics for a while (portal/outage.py): one warning, not nine.
    assert len(warnings) == 1
    assert all("VE" not in w and "1990" not in w and "woman" not in w for w in warnings)


def test_profile_answers_are_not_in_the_flow_counters(app, client):
    finish(client)
    before = counts(app)
    client.post(IMPROVE.format(lang="es"), data={"nationality": "VE", "gender": "woman"})
    assert counts(app) == before
