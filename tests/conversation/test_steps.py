"""The conversation core (portal/conversation): the web's forms check each answer, back forgets
the last one, the outcome is the engine's, and statistics count a run once, under the
request's channel, from the conversation's own tally."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from flask import g
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.conversation import describe, steps
from portal.conversation.state import Conversation
from portal.extensions import db
from portal.models import FlowCount, SavedResult
from portal.saved.store import open_saved
from tests.helpers import LIBRARY


def scenario_named(flow_id: str, expect: str):
    flow = LIBRARY.flows[flow_id]
    return flow, next(s for s in flow.scenarios if s.expect == expect)


@pytest.fixture
def request_in(app):
    def enter(locale: str = "es", channel: str = "api"):
        context = app.test_request_context("/")
        context.push()
        g.locale, g.channel = locale, channel
        describe.text_only()
        return context

    contexts = []
    yield lambda *args: contexts.append(enter(*args))
    for context in reversed(contexts):
        context.pop()


def walk_through(conversation: Conversation, answers: dict) -> None:
    for _ in range(len(conversation.flow.questions) + 1):
        question_id = steps.progress(conversation).next_question
        if question_id is None:
            return
        question = conversation.flow.questions[question_id]
        assert (
            steps.answer(
                conversation, question_id, steps.formdata_for(question, answers[question_id])
            )
            is None
        )
    raise AssertionError("the flow did not end")


def finished(app, request_in) -> tuple[Conversation, str]:
    """br/regularization's first scenario answered over the chat channel in Spanish, and the
    outcome it expects."""
    scenario = LIBRARY.flows["br/regularization"].scenarios[0]
    app.config["TODAY"] = scenario.today or dt.date.today()
    request_in("es", "chat")
    conversation = steps.begin("br", "regularization", "es")
    assert conversation is not None
    walk_through(conversation, scenario.answers)
    return conversation, scenario.expect


def test_a_scenario_reaches_its_outcome_and_counts_once_under_the_channel(app, request_in):
    conversation, expect = finished(app, request_in)
    assert steps.outcome(conversation).outcome.id == expect
    steps.outcome(conversation)  # seen again: not a second outcome
    rows = db.session.scalars(select(FlowCount)).all()
    assert {r.channel for r in rows} == {"chat"}
    counts = {(r.event, r.detail): r.count for r in rows}
    assert counts[("started", "")] == 1
    assert sum(c for (event, _), c in counts.items() if event == "outcome") == 1
    assert not any(event == "last" and c for (event, _), c in counts.items())


def test_a_wrong_answer_gets_the_forms_message_in_the_persons_language(app, request_in):
    request_in("es")
    conversation = steps.begin("br", "regularization", "es")
    first = conversation.flow.questions[conversation.flow.start]
    assert first.type == "country"
    rejected = steps.answer(conversation, first.id, MultiDict({"answer": "not-a-country"}))
    assert rejected is not None and rejected.code == "invalid_answer"
    assert rejected.messages == ("Elija un país de la lista",)
    assert conversation.answers == {}


def test_only_questions_on_the_path_are_answered(app, request_in):
    request_in("es")
    conversation = steps.begin("br", "regularization", "es")
    later = conversation.flow.order[-1]
    assert steps.answer(conversation, later, MultiDict({"answer": "yes"})).code == "not_on_path"
    assert steps.answer(conversation, "no-such-question", MultiDict()).code == "not_on_path"


def test_back_forgets_the_last_answer_so_its_question_comes_again(app, request_in):
    flow, scenario = scenario_named(
        "br/regularization", LIBRARY.flows["br/regularization"].scenarios[0].expect
    )
    request_in("pt_BR")
    conversation = steps.begin("br", flow.pathway, "pt_BR")
    walk_through(conversation, scenario.answers)
    last = steps.progress(conversation).path[-1]
    steps.back(conversation)
    assert steps.progress(conversation).next_question == last
    assert last not in conversation.answers


@pytest.mark.parametrize(
    ("question_type", "value", "fields"),
    [
        ("date", "2015-03-27", {"year": ["2015"], "month": ["03"], "day": ["27"]}),
        ("month_year", "2015-03", {"year": ["2015"], "month": ["03"]}),
        ("date", "27/03/2015", {"year": ["27/03/2015"]}),
        ("multi", ["a", "b"], {"answer": ["a", "b"]}),
        ("choice", {"x": 1}, {"answer": ["\x00"]}),
        ("number", None, {"answer": [""]}),
        ("number", 3, {"answer": ["3"]}),
    ],
)
def test_stored_values_become_the_fields_a_page_posts(question_type, value, fields):
    any_question = next(iter(LIBRARY.flows["br/regularization"].questions.values()))
    question = dataclasses.replace(any_question, type=question_type)
    assert steps.formdata_for(question, value).to_dict(flat=False) == fields


def test_a_saved_conversation_opens_by_its_code_with_its_answers(app, request_in):
    conversation, _expect = finished(app, request_in)
    code, _expires = steps.save(conversation, "chat")
    record = db.session.scalar(select(SavedResult))
    assert record.channel == "chat" and record.flow_id == "br/regularization"
    opened = open_saved([app.config["SECRET_KEY"]], code)
    assert opened is not None and opened[1]["answers"] == conversation.answers


def test_an_unfinished_conversation_is_not_saved(app, request_in):
    request_in("es")
    conversation = steps.begin("br", "regularization", "es")
    with pytest.raises(ValueError, match="finished"):
        steps.save(conversation, "chat")


def test_no_flow_no_conversation(app, request_in):
    request_in("es")
    assert steps.begin("zz", "regularization", "es") is None
    assert steps.begin("br", "no-such-pathway", "es") is None
