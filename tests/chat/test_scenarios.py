"""Every flow's scenarios through the text channel in Spanish and Portuguese: menus picked by
number, answers typed as on a phone, the same outcome as the web's (tests/flows/
test_journeys.py), and every message within one WhatsApp message's length."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from portal.chat import render
from portal.content import library
from portal.conversation import steps
from portal.flows.presenter import KIND_LABELS, outcome_view
from portal.i18n import LOCALES
from portal.rules.lifecycle import shown
from tests.chat.conftest import (
    Person,
    chat_context,
    headline,
    host_countries,
    menu_numbers,
    typed,
)
from tests.helpers import LIBRARY
from tests.helpers_i18n import tr

CHAT_LOCALES = ("es", "pt_BR")
CASES = [(flow, locale) for flow in LIBRARY.flows.values() for locale in CHAT_LOCALES]
IDS = [f"{flow.id}-{locale}" for flow, locale in CASES]


def walk_scenario(app, flow, country: str, locale: str, scenario) -> Person:
    today = scenario.today or dt.date.today()
    app.config["TODAY"] = today
    person = Person()
    person.says("hola")
    for number in menu_numbers(locale, country, flow.pathway):
        person.says(number)
    for _ in range(len(flow.questions) + 1):
        conversation = person.conversation
        assert conversation is not None, person.replies[-1]
        if person.state["stage"] == "outcome":
            return person
        asked = steps.progress(conversation).next_question
        question = flow.questions[asked]
        text = typed(question, scenario.answers[asked], locale)
        before = dict(conversation.answers)
        person.says(text)
        after = person.conversation
        assert after is not None and after.answers != before, (scenario.name, asked, text,
                                                               person.replies[-1])  # fmt: skip
    raise AssertionError(f"{scenario.name}: no outcome")


@pytest.mark.content_only
@pytest.mark.parametrize(("flow", "locale"), CASES, ids=IDS)
def test_every_scenario_reaches_the_webs_outcome(memory_app, flow, locale):
    app = memory_app
    kinds = set()
    with chat_context(app):
        for country in host_countries(flow):
            for scenario in flow.scenarios:
                person = walk_scenario(app, flow, country, locale, scenario)
                today = app.config["TODAY"]
                view = shown(flow, flow.outcomes[scenario.expect], today)
                reply = person.replies[-1]
                assert headline(flow, scenario.expect, today, locale) in reply, scenario.name
                with force_locale(locale):
                    assert str(KIND_LABELS[view.kind]) in reply
                assert len(reply) <= render.LIMIT
                assert all(len(text) <= render.LIMIT for text in person.replies)
                kinds.add(view.kind)
    guarded = {s.outcome for s in flow.safeguards.values()}
    if any(s.expect in guarded for s in flow.scenarios):
        assert kinds & {"urgent_protection", "indeterminate", "not_this_way", "maybe"}


def test_a_fear_of_return_reaches_protection_first(app):
    flow = LIBRARY.flow("BR", "voluntary_return")
    guard = flow.safeguards.get("fear_of_return")
    assert guard is not None
    scenario = next(s for s in flow.scenarios if s.expect == guard.outcome)
    with chat_context(app):
        person = walk_scenario(app, flow, "br", "es", scenario)
    assert flow.outcomes[guard.outcome].kind == "urgent_protection"
    assert tr("es", "Protection first") in person.replies[-1]


@pytest.mark.content_only
@pytest.mark.parametrize("locale", list(LOCALES.values()))
def test_every_question_and_outcome_fits_one_message(memory_app, locale):
    app = memory_app
    today = dt.date.today()
    with chat_context(app), force_locale(locale):
        for flow in LIBRARY.flows.values():
            country = host_countries(flow)[0].upper()
            for question in flow.questions.values():
                text = render.question_text(question, locale)
                assert len(text) <= render.LIMIT, (flow.id, question.id, len(text))
            for outcome in flow.outcomes.values():
                view = outcome_view(library(), flow, country, outcome, None, None, locale, today)
                related = [str(r["title"]) for r in view.related]
                text = render.outcome_text(view, related)
                assert len(text) <= render.LIMIT, (flow.id, outcome.id, len(text))
