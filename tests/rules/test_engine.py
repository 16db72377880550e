import datetime as dt

import pytest

from portal.rules.engine import checklist_for, walk
from tests.helpers import library

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def brazil():
    return library(TODAY).flow("BR", "regularization")


def test_walk_stops_at_the_first_unanswered_question(brazil):
    result = walk(brazil, {"nationality": "VE"}, TODAY)
    assert result.path == ("nationality",)
    assert result.next_question == "birth_date"
    assert result.outcome is None


def test_changing_an_early_answer_keeps_later_answers(brazil):
    answers = {
        "nationality": "VE",
        "birth_date": "1990-01-01",
        "has_id": "valid",
        "parents_named": "yes",
        "criminal_record": "no",
        "can_pay": "yes",
    }
    assert walk(brazil, answers, TODAY).outcome.id == "likely"
    changed = {**answers, "nationality": "HT"}
    assert walk(brazil, changed, TODAY).outcome.id == "not_neighbour"
    # Changing back finds every later answer again: nothing has to be re-entered.
    assert walk(brazil, {**changed, "nationality": "VE"}, TODAY).outcome.id == "likely"


def test_answers_off_the_path_are_not_used(brazil):
    answers = {"nationality": "HT", "birth_date": "1990-01-01", "has_id": "none"}
    result = walk(brazil, answers, TODAY)
    assert result.path == ("nationality",)
    assert result.outcome.id == "not_neighbour"


def test_previous_gives_the_back_link_target(brazil):
    result = walk(brazil, {"nationality": "VE", "birth_date": "2020-01-01"}, TODAY)
    assert result.previous("has_id") == "birth_date"
    assert result.previous("nationality") is None


def test_the_birth_certificate_rule_follows_the_age_on_entry_not_today(brazil):
    answers = {
        "nationality": "VE", "birth_date": "2014-01-01", "child_alone": "no", "has_id": "none",
        "age_on_entry": "under9", "parent_present": "yes", "can_pay": "no",
    }  # fmt: skip
    result = walk(brazil, answers, TODAY)  # 12 years old today, 6 on entering Brazil
    items = [i.text for i in checklist_for(brazil, result.outcome, answers, TODAY)]
    assert "The child's original birth certificate." in items
    assert not any("criminal" in i.lower() for i in items)  # not asked of under-18s
    # The same child who entered at 9 or older needs an ID: advice instead.
    older = {**answers, "age_on_entry": "nine_plus"}
    assert walk(brazil, older, TODAY).outcome.id == "no_document"
