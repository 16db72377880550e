"""One step of a conversation: start a flow, take an answer through the same form the web page
uses (so the same checks and the same messages in the person's language), go back, reach the
outcome, save it under a code. Statistics count each step once, under the request's channel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from werkzeug.datastructures import MultiDict

from portal import clock
from portal.content import library
from portal.conversation.state import Conversation
from portal.flows.forms import form_class
from portal.flows.presenter import OutcomeView, outcome_view
from portal.rules.engine import Walk, answers_on_path, walk
from portal.rules.model import Question
from portal.saved import store
from portal.saved.changed import saved_data
from portal.stats import counters


@dataclass(frozen=True)
class Rejected:
    """Why an answer was not taken: `code` for machines, `messages` for the person."""

    code: str  # not_on_path | invalid_answer
    messages: tuple[str, ...]


def begin(country: str, pathway: str, locale: str) -> Conversation | None:
    """A new run through the flow for this host country, or None if there is no such flow."""
    flow = library().flow(country.lower(), pathway)
    if flow is None:
        return None
    conversation = Conversation(country.lower(), flow.pathway, locale)
    counters.flow_started(country, flow.pathway, flow.id, locale, store=conversation.tally)
    return conversation


def progress(conversation: Conversation) -> Walk:
    return walk(conversation.flow, conversation.answers, clock.today())


def formdata_for(question: Question, value: Any) -> MultiDict:
    """The form fields the web page would post for an answer given as its stored value: an
    option id, a list of them, an ISO country code, a whole number, "2015-03-27" or "2015-03".
    Values of the wrong shape become fields the form refuses, with its own message."""
    if question.type == "multi":
        values = value if isinstance(value, list) else [value]
        return MultiDict([("answer", str(v)) for v in values if isinstance(v, str | int)])
    if question.type in ("date", "month_year"):
        parts = str(value).split("-") if isinstance(value, str) else []
        wanted = 3 if question.type == "date" else 2
        if len(parts) != wanted:
            return MultiDict({"year": str(value) if value not in (None, "") else ""})
        fields = dict(zip(("year", "month", "day"), parts, strict=False))
        return MultiDict(fields)
    if value is None or isinstance(value, bool | dict | list):
        return MultiDict({"answer": ""} if value is None else {"answer": "\x00"})
    return MultiDict({"answer": str(value)})


def answer(conversation: Conversation, question_id: str, fields: MultiDict) -> Rejected | None:
    """Check and keep an answer to a question on the person's path (the next one, or an
    earlier one to change it: later answers are kept, as on the web). None when taken."""
    flow = conversation.flow
    question = flow.questions.get(question_id)
    if question is None or not progress(conversation).on_path(question_id):
        return Rejected("not_on_path", ())
    form = form_class(question, conversation.locale)(formdata=fields, meta={"csrf": False})
    if not form.validate():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return Rejected("invalid_answer", tuple(dict.fromkeys(messages)))
    if question_id not in conversation.answers:
        counters.question_answered(
            conversation.country, flow.pathway, flow.id, question_id, conversation.locale,
            store=conversation.tally,
        )  # fmt: skip
    conversation.answers = {**conversation.answers, question_id: form.answer_value()}
    return None


def back(conversation: Conversation) -> None:
    """Forget the last answer on the path, so its question is asked again."""
    path = progress(conversation).path
    if path:
        conversation.answers = {k: v for k, v in conversation.answers.items() if k != path[-1]}


def outcome(conversation: Conversation) -> OutcomeView | None:
    """The outcome as the result page shows it (None until every question on the path is
    answered), counted once per run."""
    flow = conversation.flow
    result = progress(conversation)
    if result.outcome is None:
        return None
    today = clock.today()
    view = outcome_view(
        library(), flow, conversation.country.upper(), result.outcome,
        answers_on_path(result, conversation.answers), result, conversation.locale, today,
    )  # fmt: skip
    counters.outcome_reached(
        conversation.country, flow.pathway, flow.id, view.kind, conversation.locale,
        store=conversation.tally,
    )  # fmt: skip
    return view


def save(conversation: Conversation, channel: str) -> tuple[str, dt.datetime]:
    """Keep the answers under a new code (the web's save-and-resume): the person opens the
    full result and its checklist with it, on the web or at a desk."""
    view = outcome(conversation)
    if view is None:
        raise ValueError("only a finished conversation is saved")
    flow = conversation.flow
    data = {
        "country": conversation.country, "pathway": flow.pathway,
        "answers": conversation.answers, **saved_data(flow, view.outcome.id),
    }  # fmt: skip
    config = current_app.config
    return store.save(
        config["SECRET_KEY"], flow.id, conversation.locale, data, config["SAVED_DAYS"],
        channel=channel,
    )  # fmt: skip
