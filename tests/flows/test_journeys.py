"""A person's path through every flow, in every language: start, one question per page,
check your answers, outcome and PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.rules.lifecycle import shown
from tests.helpers import BRAZIL_ANSWERS, LIBRARY, answer_all, flow_url, running_app
from tests.helpers_i18n import LOCALES, complete_in, tr


def host_paths(flow) -> list[str]:
    """country/pathway URL parts: a flow under flows/all/ is tested in every country."""
    countries = LIBRARY.countries if flow.country == "ALL" else [flow.country]
    return [f"{code.lower()}/{flow.pathway}" for code in countries]


def locales_for(flow, index: int, scenario) -> list[str]:
    """The first scenario of a flow in every locale; every scenario that ends in a safeguard
    (protection, a lone child, declining) in each locale the flow must be fully translated in
    (and English), where the test below finds any string left untranslated on its page; every
    other scenario in one locale, taken in turn. So every scenario runs, every locale sees
    every flow, and no safeguard page misses a translation a release needs."""
    if index == 0:
        return list(LOCALES)
    if scenario.expect in {s.outcome for s in flow.safeguards.values()}:
        return [lang for lang, locale in LOCALES.items() if complete_in(flow, locale)]
    return [list(LOCALES)[index % len(LOCALES)]]


CASES = [
    (lang, flow, path, scenario)
    for flow in LIBRARY.flows.values()
    for path in host_paths(flow)
    for index, scenario in enumerate(flow.scenarios)
    for lang in locales_for(flow, index, scenario)
]


@pytest.fixture(scope="module")
def journey_app(make_database_uri):
    """One app for all of a worker's journeys, each with a client of its own (no cookies): they
    read content and add anonymous counts, nothing else, and making an app with its tables for
    each of them was 80 ms of the 190 a journey took. Sharing it also proves that the cached
    pages follow the test clock from one journey to the next, as they must follow the real one."""
    with running_app(make_database_uri(), TESTING=True, WTF_CSRF_ENABLED=False) as app:
        yield app


@pytest.mark.content_only
@pytest.mark.parametrize(
    ("lang", "flow", "path", "scenario"),
    CASES,
    ids=[f"{lang}-{path}-{s.name}" for lang, f, path, s in CASES],
)
def test_complete_flow(journey_app, lang, flow, path, scenario):
    locale = LOCALES[lang]
    today = scenario.today or dt.date.today()
    journey_app.config["TODAY"] = today  # the test clock: the scenario's own day
    client = journey_app.test_client()
    start = client.get(flow_url(lang, path))
    assert start.status_code == 200
    assert tr(locale, flow.title, "content") in start.get_data(as_text=True)

    end = answer_all(client, lang, flow, scenario.answers, path.split("/")[0])
    assert end.endswith(flow_url(lang, path, "check"))

    check = client.get(end).get_data(as_text=True)
    assert check.count(f'href="/{lang}/{path}/q/') >= 1
    assert tr(locale, "Check your answers") in check

    result = client.get(flow_url(lang, path, "result"))
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    outcome = flow.outcomes[scenario.expect]
    view = shown(flow, outcome, today)
    assert tr(locale, view.title, "content") in html
    assert tr(locale, view.why, "content") in html
    for source_id in outcome.sources:
        assert tr(locale, flow.sources[source_id].title, "content") in html
    assert tr(locale, "Quick exit") in html
    if complete_in(flow, locale):
        assert 'class="pending"' not in html, "a string shows untranslated"
    if view.kind == "closed":
        assert tr(locale, "This programme has closed") in html
        assert 'class="checklist"' not in html
    if outcome.valid_until and outcome.valid_until < today:
        assert tr(locale, "This rule has expired.") in html
    else:
        assert tr(locale, "This rule has expired.") not in html


def test_question_page_has_back_link_error_free_form_and_no_answers_in_url(client):
    flow = LIBRARY.flow("BR", "regularization")
    client.post(flow_url("en", flow.id, "restart"))
    response = client.post(flow_url("en", flow.id, "q/nationality"), data={"answer": "VE"})
    assert "VE" not in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="back" href="/en/br/regularization/q/nationality"' in page
    assert '<label for="day">Day</label>' in page


def test_change_link_keeps_later_answers(client):
    flow = LIBRARY.flow("BR", "regularization")
    answers = BRAZIL_ANSWERS
    answer_all(client, "en", flow, answers)
    # Change has_id from the check page: the next stop is check-your-answers again,
    # because every later answer is still there.
    page = client.get(flow_url("en", flow.id, "q/has_id")).get_data(as_text=True)
    assert 'value="expired" checked' in page
    response = client.post(flow_url("en", flow.id, "q/has_id"), data={"answer": "valid"})
    assert response.headers["Location"].endswith("/check")
    check = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Yes, and it has not expired" in check


def test_a_changed_answer_that_opens_a_new_branch_asks_the_new_question(client):
    flow = LIBRARY.flow("BR", "regularization")
    answer_all(
        client,
        "en",
        flow,
        {
            "nationality": "VE",
            "birth_date": "2012-05-04",
            "child_alone": "no",
            "has_id": "valid",
            "parents_named": "yes",
            "can_pay": "yes",
        },
    )
    response = client.post(
        flow_url("en", flow.id, "q/birth_date"), data={"day": "4", "month": "5", "year": "1990"}
    )
    assert response.headers["Location"].endswith("/q/criminal_record")


def test_a_question_not_yet_on_the_path_redirects_to_where_the_person_is(client):
    response = client.get("/en/br/regularization/q/can_pay")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/q/nationality")


def test_result_before_finishing_redirects_to_the_next_question(client):
    response = client.get("/es/co/regularization/result")
    assert response.headers["Location"].endswith("/es/co/regularization/q/nationality")


def test_a_closed_programme_is_shown_closed_with_its_date(client):
    flow = LIBRARY.flow("CO", "regularization")
    answers = {"nationality": "VE", "has_ppt": "no", "birth_date": "1988-03-03", "entry": "before"}
    answer_all(client, "en", flow, {**answers, "guardian": "yes", "fear_return": "no"})
    html = client.get(flow_url("en", flow.id, "result")).get_data(as_text=True)
    assert "This programme has closed" in html and "April 30, 2026" in html
    assert "Likely eligible" not in html and "You may be eligible" not in html
    assert 'class="checklist"' not in html


def test_unverified_source_and_draft_status_are_visible(client):
    flow = LIBRARY.flow("CO", "regularization")
    answer_all(
        client,
        "es",
        flow,
        {
            "nationality": "VE",
            "has_ppt": "no",
            "birth_date": "2015-06-01",
            "child_alone": "no",
            "child_situation": "school",
        },
    )
    html = client.get(flow_url("es", flow.id, "result")).get_data(as_text=True)
    assert tr("es", "(not confirmed by an official source)") in html
    assert tr("es", "Draft information.") in html
