"""Which city are you in? (offices.city), fuzzed: never a 5xx, a refusal says what went wrong in
the person's language, and a refused answer changes nothing — not the city kept before, not
the answers in progress. Its address takes any query string."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portal.offices.where import DECLINED, ELSEWHERE, SESSION_KEY
from tests.fuzz.conftest import FuzzApp, finished
from tests.fuzz.inputs import FUZZ, assert_clear_answer, bodies, check, languages, post, queries
from tests.fuzz.routes import fuzzes

VALID = ["Tapachula", "Ciudad de México", ELSEWHERE, DECLINED, "regularization", "nationwide"]
MX_CITIES = {"Tapachula", "Ciudad de México", "Guadalajara", "Monterrey", "Tijuana"}


@fuzzes("offices.city")
@FUZZ
@given(data=st.data())
def test_which_city(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = finished(fuzz_app, lang)
    client = fuzz_app.client(cookie)
    before = fuzz_app.session_of(client)
    body = data.draw(bodies(["city", "pathway"], VALID, token=token))
    response = post(client, f"/{lang}/mx/city", body)
    refused = check(fuzz_app, response, lang, body, (302,), "There is a problem")
    after = fuzz_app.session_of(client)
    assert after.get("answers") == before.get("answers")
    if refused:
        assert after.get(SESSION_KEY) == before.get(SESSION_KEY)
    elif SESSION_KEY in after:
        country, city = after[SESSION_KEY]
        assert country == "MX" and city in MX_CITIES | {ELSEWHERE, DECLINED}


@FUZZ
@given(lang=languages, query=queries(["pathway", "city"], ["regularization", "Tapachula"]))
def test_the_city_page_ignores_odd_query_strings(fuzz_app: FuzzApp, lang: str, query: str):
    cookie, _ = finished(fuzz_app, lang)
    response = fuzz_app.client(cookie).get(f"/{lang}/mx/city", query_string=query)
    assert response.status_code == 200
    assert_clear_answer(response, lang)
