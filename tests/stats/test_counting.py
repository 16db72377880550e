"""Driving flows through the test client adds exactly the expected counts — and nothing
personal reaches the statistics tables."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select

from portal.extensions import db
from portal.models import FlowCount, ProfileCount
from tests.helpers import BRAZIL_ANSWERS
from tests.stats.helpers import PATH, counts, finish


def test_a_full_journey_counts_start_each_answer_and_the_outcome(app, client):
    assert finish(client).status_code == 200
    today = dt.date.today()
    expected = {("BR", "regularization", "started", "", "es", "self"): 1}
    expected |= {("BR", "regularization", "answered", q, "es", "self"): 1 for q in PATH}
    expected[("BR", "regularization", "outcome", "likely", "es", "self")] = 1
    assert counts(app) == expected
    with app.app_context():
        assert {row.day for row in db.session.scalars(select(FlowCount))} == {today}


def test_reloads_and_changed_answers_are_not_counted_twice(app, client):
    finish(client)
    client.get("/es/br/regularization/result")
    client.get("/es/br/regularization/result")
    client.post("/es/br/regularization/q/can_pay", data={"answer": "yes"})  # a change
    client.get("/es/br/regularization/result")
    assert sum(counts(app).values()) == 1 + len(PATH) + 1


def test_each_start_again_is_a_new_run(app, client):
    finish(client)
    finish(client, lang="pt-BR")
    found = counts(app)
    assert found[("BR", "regularization", "started", "", "es", "self")] == 1
    assert found[("BR", "regularization", "started", "", "pt_BR", "self")] == 1
    assert found[("BR", "regularization", "outcome", "likely", "pt_BR", "self")] == 1


def test_drop_off_shows_where_people_stopped(app):
    for stop_after in range(3):
        person = app.test_client()
        person.post("/en/br/regularization/restart")
        for question in PATH[:stop_after]:
            value = BRAZIL_ANSWERS[question]
            data = (
                dict(zip(("year", "month", "day"), value.split("-"), strict=True))
                if question == "birth_date"
                else {"answer": value}
            )
            assert person.post(f"/en/br/regularization/q/{question}", data=data).status_code == 302
    found = counts(app)
    key = ("BR", "regularization")
    assert found[(*key, "started", "", "en", "self")] == 3
    assert found[(*key, "answered", "nationality", "en", "self")] == 2
    assert found[(*key, "answered", "birth_date", "en", "self")] == 1
    assert (*key, "answered", "has_id", "en", "self") not in found


def test_arriving_by_a_link_without_start_now_still_counts_the_start(app, client):
    client.post("/fr/br/regularization/q/nationality", data={"answer": "VE"})
    found = counts(app)
    assert found[("BR", "regularization", "started", "", "fr", "self")] == 1
    assert found[("BR", "regularization", "answered", "nationality", "fr", "self")] == 1


def test_bad_input_is_not_counted_as_an_answer(app, client):
    client.post("/es/br/regularization/restart")
    assert (
        client.post("/es/br/regularization/q/nationality", data={"answer": "XX1"}).status_code
        == 400
    )
    assert counts(app) == {("BR", "regularization", "started", "", "es", "self"): 1}


def test_assisted_runs_count_as_desk(app, client):
    from tests.helpers import create_staff, sign_in

    create_staff(app)
    sign_in(client)
    finish(client)
    assert {key[5] for key in counts(app)} == {"desk"}


def test_opening_a_saved_result_does_not_count_a_new_outcome(app):
    from tests.helpers import saved_code

    code = saved_code(app)  # saved from check-your-answers, before seeing the result
    before = counts(app)
    assert before[("BR", "regularization", "outcome", "likely", "es", "self")] == 1
    other = app.test_client()
    assert other.post("/es/resume", data={"code": code}).status_code == 302
    assert other.get("/es/br/regularization/result").status_code == 200
    assert counts(app) == before


@pytest.mark.parametrize("table", [FlowCount, ProfileCount])
def test_statistics_tables_have_no_room_for_personal_data(app, table):
    """Only these columns exist: a day (or month), codes of country, pathway, event, question
    or outcome kind, language, channel, a municipality or a profile value, and a count."""
    with app.app_context():
        columns = {
            c["name"]: str(c["type"]) for c in inspect(db.engine).get_columns(table.__tablename__)
        }
    allowed = {
        "flow_count": {
            "id",
            "day",
            "country",
            "pathway",
            "event",
            "detail",
            "locale",
            "channel",
            "municipality",
            "count",
        },
        "profile_count": {"id", "month", "country", "pathway", "dimension", "value", "count"},
    }[table.__tablename__]
    assert set(columns) == allowed
    assert not any("TIME" in kind for kind in columns.values())  # DATE only, never a timestamp


def test_nothing_a_person_typed_reaches_the_statistics(app, client):
    finish(client)
    stored = repr(counts(app))
    for answer in ("1990", "expired", "VE", "05-04"):
        assert answer not in stored
