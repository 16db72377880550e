"""A flow walked through the API, one request per step. The conversation (flow, language,
answers) travels in a sealed token that every response renews; nothing is kept on the server
but the anonymous counts."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, request

from portal import clock
from portal.api.errors import ApiError
from portal.api.inputs import text, token_text, use_locale
from portal.api.views import bp
from portal.checklists.outcome import checklist_pdf as outcome_pdf
from portal.checklists.printing import public_address
from portal.conversation import describe, steps
from portal.conversation.sealed import seal_text, unseal_text
from portal.conversation.state import Conversation
from portal.flows.presenter import OutcomeView
from portal.flows.progress import host_offices
from portal.formats import country_name
from portal.offices.filters import in_city
from portal.offices.where import Place
from portal.rules.offices import office_cities

PURPOSE = b"api conversation"


def sealed(conversation: Conversation) -> str:
    return seal_text(conversation.to_dict(), PURPOSE)


def opened(token: str) -> Conversation:
    """The conversation a token carries, in its language unless the request names another."""
    max_age = current_app.config["API_TOKEN_IDLE_SECONDS"]
    data = unseal_text(token, PURPOSE, max_age)
    conversation = Conversation.from_dict(data) if data is not None else None
    if conversation is None:
        raise ApiError(400, "bad_token", details=["token"])
    asked = g.get("api_locale")
    if asked:
        conversation.locale = asked
    use_locale(conversation.locale)
    return conversation


def checked_city(conversation: Conversation, city: str | None) -> str | None:
    """A city with offices in the conversation's host country, or None; any other is a 422."""
    if city is None:
        return None
    if city not in office_cities(host_offices(conversation.country.upper())):
        raise ApiError(422, "unknown_city", details=["city"])
    return city


def step(conversation: Conversation, city: str | None) -> dict[str, Any]:
    """What the person sees now: the next question, or the outcome with its offices (reaching
    it is counted in the conversation's tally, so seal the conversation after this)."""
    walked = steps.progress(conversation)
    flow = conversation.flow
    if walked.next_question is not None:
        question = flow.questions[walked.next_question]
        number = len(walked.path) + 1
        return {"type": "question", "number": number, "question": describe.question_data(question)}
    view = steps.outcome(conversation)
    assert view is not None  # for mypy: a walk ends in a question or an outcome
    offices = in_city(view.offices, city) if city else view.offices
    return {"type": "outcome", "outcome": describe.outcome_data(view, offices)}


def answered(conversation: Conversation, city: str | None, status: int = 200):
    """The response to a step, with a fresh token: its time renewed, its tally moved on."""
    shown = step(conversation, city)
    token = sealed(conversation)
    if shown["type"] == "outcome":
        where = {"city": city} if city else {}
        shown["pdf_url"] = public_address("api.checklist_pdf", token=token, **where)
    return {"token": token, "step": shown}, status


@bp.post("/conversations")
def start():
    body = g.api_body
    country, pathway = text(body, "country"), text(body, "pathway")
    assert country is not None and pathway is not None  # for mypy: required fields
    conversation = steps.begin(country, pathway, g.api_locale or "en")
    if conversation is None:
        raise ApiError(404, "unknown_flow", details=["country", "pathway"])
    use_locale(conversation.locale)
    return answered(conversation, None, 201)


@bp.post("/conversations/answer")
def answer():
    body = g.api_body
    conversation = opened(token_text(body))
    city = checked_city(conversation, text(body, "city", required=False))
    question_id = text(body, "question")
    assert question_id is not None  # for mypy: a required field
    question = conversation.flow.questions.get(question_id)
    if question is None:
        raise ApiError(422, "not_on_path", details=["question"])
    fields = steps.formdata_for(question, body.get("answer"))
    rejected = steps.answer(conversation, question_id, fields)
    if rejected is not None and rejected.code == "not_on_path":
        raise ApiError(422, "not_on_path", details=["question"])
    if rejected is not None:
        first = rejected.messages[0] if rejected.messages else None
        raise ApiError(422, "invalid_answer", first, rejected.messages)
    return answered(conversation, city)


@bp.post("/conversations/back")
def back():
    body = g.api_body
    conversation = opened(token_text(body))
    city = checked_city(conversation, text(body, "city", required=False))
    steps.back(conversation)
    return answered(conversation, city)


@bp.post("/conversations/current")
def current():
    body = g.api_body
    conversation = opened(token_text(body))
    city = checked_city(conversation, text(body, "city", required=False))
    return answered(conversation, city)


@bp.get("/checklist.pdf")
def checklist_pdf() -> Response:
    """The outcome's printed checklist, as the web prints it. The token in the address is sealed,
    so the address reveals nothing, and it stops working when the conversation expires."""
    token = request.args.get("token") or ""
    conversation = opened(token)
    city = request.args.get("city") or None
    city = checked_city(conversation, city[:200] if city else None)
    view = finished(conversation)
    view.offices = in_city(view.offices, city)
    place = Place("city", city) if city else Place("unknown")
    view.set_place(place, country_name(view.country))
    return outcome_pdf(conversation.flow, conversation.country, view, clock.today())


def finished(conversation: Conversation) -> OutcomeView:
    if steps.progress(conversation).outcome is None:
        raise ApiError(409, "not_finished", details=["token"])
    view = steps.outcome(conversation)  # already counted when the outcome step was answered
    assert view is not None  # for mypy: checked just above
    return view
