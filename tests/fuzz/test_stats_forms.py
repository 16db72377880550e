"""The statistics forms, fuzzed: the optional profile after an outcome, and the dashboard's
filters and CSV export for staff. Never a 5xx; a refusal in the reader's language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import FuzzApp, desk, finished
from tests.fuzz.inputs import (
    FUZZ,
    assert_clear_answer,
    bodies,
    expected_refusal,
    languages,
    post,
    queries,
)
from tests.fuzz.routes import fuzzes

PROFILE = ["under_18", "25_34", "woman", "another", "VE", "stateless", "prefer_not"]
FILTERS = ["start", "until", "country", "pathway", "language", "channel"]


@fuzzes("stats.improve")
@FUZZ
@given(data=st.data())
def test_optional_profile(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = finished(fuzz_app, lang)
    client = fuzz_app.client(cookie)
    before = fuzz_app.answers_of(client, "mx/regularization")
    body = data.draw(bodies(["age_band", "gender", "nationality"], PROFILE, token))
    response = post(client, f"/{lang}/mx/regularization/improve", body)
    expected = expected_refusal(body, fuzz_app.csrf)
    if expected:
        assert response.status_code == expected[0]
        assert_clear_answer(response, lang, expect=expected[1])
    elif body.kind == "form":
        assert response.status_code in (302, 400)
        assert_clear_answer(response, lang, expect=("There is a problem",))
    else:
        assert_clear_answer(response, lang)
    assert fuzz_app.answers_of(client, "mx/regularization") == before


@fuzzes("stats.dashboard", "stats.export")
@FUZZ
@given(
    lang=languages,
    table=st.sampled_from(["", "summary", "funnel-mx-regularization", "x"]),
    query=queries(FILTERS, ["2026-01", "2026-11", "MX", "regularization", "es", "desk"]),
)
def test_dashboard_filters_and_export(fuzz_app: FuzzApp, lang: str, table: str, query: str):
    cookie, _ = desk(fuzz_app)  # an admin
    client = fuzz_app.client(cookie)
    url = f"/{lang}/stats/{table}.csv" if table else f"/{lang}/stats/"
    response = client.get(url, query_string=query)
    assert response.status_code in (200, 400, 404)
    if table and response.status_code == 200:
        assert response.mimetype == "text/csv"
    elif not table:
        assert_clear_answer(response, lang, expect=("There is a problem",))
    else:
        assert_clear_answer(response, lang)
    assert fuzz_app.session_of(client).get("_user_id")  # still signed in
