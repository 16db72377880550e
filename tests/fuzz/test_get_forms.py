"""Forms sent by GET (the city filters, the print options, quick exit), odd query strings on
every other page and any Host header, fuzzed: never a 5xx, a refusal in the person's language,
answers kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import FuzzApp, finished
from tests.fuzz.inputs import (
    FUZZ,
    assert_clear_answer,
    languages,
    queries,
)
from tests.fuzz.routes import fuzzes

# CSRF protects posts only: these GET forms behave the same either way, so one app is enough.
pytestmark = pytest.mark.parametrize("fuzz_app", [False], indirect=True, ids=["csrf-off"])

CITIES = ["Tapachula", "Ciudad de México", "ciudad de méxico", "nationwide"]
RESULT = "/{lang}/mx/regularization/result"


@fuzzes("offices.directory")
@FUZZ
@given(lang=languages, query=queries(["city"], CITIES))
def test_offices_city_filter(fuzz_app: FuzzApp, lang: str, query: str):
    response = fuzz_app.client().get(f"/{lang}/mx/offices", query_string=query)
    assert response.status_code in (200, 400)
    assert_clear_answer(response, lang, expect=("There is a problem",))


@fuzzes("flows.result")
@FUZZ
@given(lang=languages, query=queries(["city"], CITIES))
def test_result_city_filter(fuzz_app: FuzzApp, lang: str, query: str):
    cookie, _ = finished(fuzz_app, lang)
    client = fuzz_app.client(cookie)
    before = fuzz_app.answers_of(client, "mx/regularization")
    response = client.get(RESULT.format(lang=lang), query_string=query)
    assert response.status_code in (200, 400)
    assert_clear_answer(response, lang, expect=("Choose a city from the list",))
    assert fuzz_app.answers_of(client, "mx/regularization") == before


@fuzzes("checklists.checklist_pdf")
@FUZZ
@given(query=queries(["city", "second"], ["Tapachula", "fr"]))
def test_checklist_print_options(fuzz_app: FuzzApp, query: str):
    lang = "ar"  # one language, right to left: every accepted combination is a PDF to render
    cookie, _ = finished(fuzz_app, lang)
    client = fuzz_app.client(cookie)
    response = client.get(f"/{lang}/mx/regularization/checklist.pdf", query_string=query)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.mimetype == "application/pdf"
    assert_clear_answer(response, lang)


@fuzzes("main.quick_exit")
@FUZZ
@given(query=queries(["next", "url"], ["https://evil.example/"]))
def test_quick_exit_ignores_its_query_string(fuzz_app: FuzzApp, query: str):
    cookie, _ = finished(fuzz_app, "es")
    client = fuzz_app.client(cookie)
    response = client.get("/exit", query_string=query)
    assert response.status_code == 302
    assert response.headers["Location"] == fuzz_app.app.config["QUICK_EXIT_URL"]
    assert fuzz_app.session_of(client) == {}  # everything forgotten, whatever was asked
    # Quick exit retired the run on the server: every copy of that cookie now opens nothing.
    fuzz_app.people.pop(("finished", "es", "mx/regularization"), None)


PAGES = ["/{lang}/", "/{lang}/mx/", "/{lang}/privacy", "/{lang}/mx/regularization/",
         "/{lang}/mx/regularization/q/{start}", "/{lang}/mx/regularization/check",
         "/{lang}/resume", "/{lang}/desk/sign-in", "/{lang}/desk/", "/", "/healthz"]  # fmt: skip


@FUZZ
@given(
    lang=languages,
    page=st.sampled_from(PAGES),
    query=queries(["city", "second", "lang", "next", "answer", "code"], ["fr", "Tapachula"]),
)
def test_other_pages_ignore_odd_query_strings(fuzz_app: FuzzApp, lang, page: str, query: str):
    cookie, _ = finished(fuzz_app, lang)
    client = fuzz_app.client(cookie)
    before = fuzz_app.answers_of(client, "mx/regularization")
    start = fuzz_app.app.extensions["content"].flows["mx/regularization"].start
    response = client.get(page.format(lang=lang, start=start), query_string=query)
    assert response.status_code in (200, 302)
    assert fuzz_app.answers_of(client, "mx/regularization") == before


# Shaped like hosts (empty and long labels, dots, ports out of range) or any Latin-1 text, which
# is what a WSGI server hands on from the header.
hosts = st.one_of(
    st.from_regex(r"[a-zA-Z0-9.\-]{0,70}(:[0-9]{0,6})?", fullmatch=True),
    st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=80),
    st.sampled_from(["a..b", ".", "a" * 64 + ".org", "[::1]:80", "[::1", "localhost:0"]),
)
HOST_URLS = ["/healthz", "/es/", "/ar/br/regularization/", "/static/style.css", "/fr/nowhere", "/"]


@FUZZ
@given(host=hosts, url=st.sampled_from(HOST_URLS))
def test_any_host_header_gets_a_page_or_a_400_with_the_security_headers(
    fuzz_app: FuzzApp, host: str, url: str
):
    """Werkzeug cannot route a malformed host: it once left Flask unable to build even the
    error page, so the server sent a bare 500 without security headers."""
    response = fuzz_app.client().get(url, headers={"Host": host})
    response.close()
    assert response.status_code in (200, 301, 302, 308, 400, 404), response.status
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
