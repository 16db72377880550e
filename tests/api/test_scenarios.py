"""Every flow's scenarios through the API, in Spanish and Brazilian Portuguese: the same outcome
as the web (safeguards too), shown with the same kind and headline."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from portal.i18n import URL_FOR_LOCALE
from portal.rules.lifecycle import shown
from tests.helpers import LIBRARY
from tests.helpers_i18n import tr

LOCALES = ["es", "pt_BR"]
CASES = [(flow, locale) for flow in LIBRARY.flows.values() for locale in LOCALES]


def host(flow) -> str:
    """A flow under flows/all/ serves every country: it runs in Brazil."""
    return "br" if flow.country == "ALL" else flow.country.lower()


def headline(locale: str, text: str) -> str:
    return " ".join(html.unescape(tr(locale, text, "content")).split())


def walk(api, flow, locale: str, answers: dict) -> dict:
    """Answer each question the API asks with the scenario's answer; the outcome step."""
    response = api.start(host(flow), flow.pathway, URL_FOR_LOCALE[locale])
    assert response.status_code == 201, response.json
    for _ in range(len(flow.questions) + 1):
        token, step = response.json["token"], response.json["step"]
        if step["type"] == "outcome":
            return step
        question = step["question"]["id"]
        response = api.answer(token, question, answers[question])
        assert response.status_code == 200, response.json
    raise AssertionError(f"{flow.id}: no outcome")


@pytest.mark.content_only
@pytest.mark.parametrize(("flow", "locale"), CASES, ids=[f"{f.id}-{lo}" for f, lo in CASES])
def test_every_scenario_ends_where_the_web_ends(content_api, flow, locale):
    for scenario in flow.scenarios:
        today = scenario.today or dt.date.today()
        content_api.app.config["TODAY"] = today
        outcome = walk(content_api, flow, locale, scenario.answers)["outcome"]
        expected = shown(flow, flow.outcomes[scenario.expect], today)
        assert outcome["id"] == scenario.expect, scenario.name
        assert outcome["kind"] == expected.kind, scenario.name
        assert outcome["headline"] == headline(locale, expected.title), scenario.name


@pytest.mark.content_only
def test_a_safeguard_outcome_was_reached(content_api):
    """The safeguards' scenarios end in protection first, as on the web."""
    flow = LIBRARY.flow("BR", "voluntary_return")
    guarded = [s for s in flow.scenarios if flow.outcomes[s.expect].kind == "urgent_protection"]
    assert guarded
    for scenario in guarded:
        content_api.app.config["TODAY"] = scenario.today or dt.date.today()
        outcome = walk(content_api, flow, "es", scenario.answers)["outcome"]
        assert outcome["kind"] == "urgent_protection"
