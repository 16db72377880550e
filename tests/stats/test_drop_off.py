"""True drop-off with counters only: each run holds one "last" count at the question it last
answered, moved on by its own encrypted session, taken away when it reaches an outcome, never
below zero."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import FlowCount
from portal.stats import counters
from tests.helpers import BRAZIL_ANSWERS
from tests.helpers_i18n import tr
from tests.stats.helpers import PATH, add, counts, finish, table


def answer(client, question: str, lang: str = "en") -> None:
    value = BRAZIL_ANSWERS[question]
    data = (
        dict(zip(("year", "month", "day"), value.split("-"), strict=True))
        if question == "birth_date"
        else {"answer": value}
    )
    assert client.post(f"/{lang}/br/regularization/q/{question}", data=data).status_code == 302


def last(app) -> dict[tuple[str, str], int]:
    return {(key[3], key[4]): n for key, n in counts(app, "last").items()}


def test_last_counts_runs_by_their_last_answer_until_an_outcome(app):
    for stop_after in (1, 2, 2, 0):
        person = app.test_client()
        person.post("/en/br/regularization/restart")
        for question in PATH[:stop_after]:
            answer(person, question)
    finish(app.test_client(), lang="en")  # reached an outcome: not a drop-off
    assert last(app) == {("nationality", "en"): 1, ("birth_date", "en"): 2}
    # the funnel's answered counts still mix the finished run in; "last" does not
    assert counts(app)[("BR", "regularization", "answered", "nationality", "en", "self")] == 4


def test_reaching_the_outcome_later_takes_the_run_away(app, client):
    client.post("/en/br/regularization/restart")
    answer(client, "nationality")
    assert last(app) == {("nationality", "en"): 1}
    finish(client, lang="en")  # the same person, a new run to the end
    assert last(app) == {("nationality", "en"): 1}  # the first run was left
    client.post("/en/br/regularization/restart")
    for question in PATH:
        answer(client, question)
    client.get("/en/br/regularization/result")
    assert last(app) == {("nationality", "en"): 1}


def test_changing_language_mid_run_moves_the_count_it_raised(app, client):
    client.post("/es/br/regularization/restart")
    answer(client, "nationality", "es")
    answer(client, "birth_date", "pt-BR")
    assert last(app) == {("birth_date", "pt_BR"): 1}


def test_reloads_changes_and_answers_after_the_outcome_move_nothing(app, client):
    finish(client, lang="en")
    client.get("/en/br/regularization/result")
    client.post("/en/br/regularization/q/can_pay", data={"answer": "yes"})
    assert last(app) == {}


def test_a_saved_result_is_an_outcome(app):
    from tests.helpers import saved_code

    saved_code(app)  # saved from check-your-answers, before seeing the result
    assert last(app) == {}


def test_never_below_zero_and_one_statement_each(app):
    key = {"day": dt.date(2026, 11, 3), "country": "BR", "pathway": "regularization",
           "event": "last", "detail": "has_id", "locale": "es", "channel": "self",
           "municipality": "_unknown"}  # fmt: skip
    with app.test_request_context():
        assert counters._write(FlowCount, counters._upsert_one(FlowCount, key))
        for _ in range(3):  # one count, three takes: a copied cookie, a retry, a race
            assert counters._write(FlowCount, counters._take_one(key))
        assert db.session.scalar(select(FlowCount.count)) == 0
        assert "count > " in str(counters._take_one(key).compile())


def test_a_failed_move_leaves_the_session_pointing_at_the_count_that_stayed(app, monkeypatch):
    client = app.test_client()
    client.post("/en/br/regularization/restart")
    answer(client, "nationality")
    monkeypatch.setattr(counters.outage, "optional_work_allowed", lambda: False)
    answer(client, "birth_date")
    monkeypatch.undo()
    assert last(app) == {("nationality", "en"): 1}
    answer(client, "has_id")  # the database is back: the count moves from where it was
    assert last(app) == {("has_id", "en"): 1}


@pytest.mark.parametrize(("lang", "locale"), [("es", "es"), ("pt-BR", "pt_BR")])
def test_dashboard_shows_where_runs_stopped_and_says_runs_in_progress_count(
    app,
    editor,
    lang,
    locale,
):
    add(app, "started", count=40)
    add(app, "last", "nationality", count=12)
    add(app, "last", "birth_date", count=7)
    add(app, "last", "has_id", count=2)
    add(app, "last", "can_pay", count=0)
    rows = table(editor, "stops-br-regularization")
    assert rows[0] == ["Last question answered", "Runs without an outcome"]
    values = [value for _, value in rows[1:]]
    assert values == ["12", "hidden", "fewer than 5", "21"]  # 2 is small; 7 goes with it
    html = " ".join(editor.get(f"/{lang}/stats/").get_data(as_text=True).split())
    assert tr(locale, "Runs without an outcome") in html
    intro = tr(locale, "“Runs without an outcome” counts, for each question, the runs whose last "
               "answer was that question and that have not reached an outcome. Runs still in "
               "progress are included: someone answering today is counted at their latest "
               "question until they reach an outcome.")  # fmt: skip
    assert intro in html
