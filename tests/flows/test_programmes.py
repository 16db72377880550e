"""A closed programme never reads as open, on the page or in the PDF, in any language; a test
clock moves a programme past its closing and check-by dates and the pages change with it."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from portal.rules.engine import walk
from portal.rules.lifecycle import shown
from tests.helpers import CONTENT, LIBRARY, answer_all, app_on, pdf_text, visible_text
from tests.helpers_i18n import LOCALES, catalog, complete_in, tr
from tests.rules.helpers import PROGRAMME_FLOW

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

TODAY = dt.date.today()
OPEN_BADGES = ("Likely eligible", "You may be eligible — get advice")


def closed_cases():
    """Every scenario of the shipped content whose outcome shows as closed today."""
    cases = []
    for flow in LIBRARY.flows.values():
        for scenario in flow.scenarios:
            outcome = walk(flow, scenario.answers, TODAY).outcome
            if outcome and shown(flow, outcome, TODAY).closed:
                cases.append((flow, scenario))
    return cases


CLOSED = closed_cases()


def test_the_shipped_content_has_closed_programmes_to_check():
    assert CLOSED, "no scenario reaches a closed programme: the tests below would check nothing"


def closed_result(client, lang: str, flow, scenario) -> str:
    """The URL of the scenario's result, its answers given in `lang` on the test day."""
    client.application.config["TODAY"] = TODAY
    answer_all(client, lang, flow, scenario.answers)
    return f"/{lang}/{flow.country.lower()}/{flow.pathway}/result"


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize(("flow", "scenario"), CLOSED, ids=[f"{f.id}-{s.name}" for f, s in CLOSED])
def test_a_closed_programme_shows_closed_on_the_page(client, lang, flow, scenario):
    locale = LOCALES[lang]
    page = client.get(closed_result(client, lang, flow, scenario)).get_data(as_text=True)
    assert tr(locale, "This programme has closed") in page
    for badge in OPEN_BADGES:
        assert f">{tr(locale, badge)}</p>" not in page
    assert 'class="checklist"' not in page  # no tick boxes: nothing to bring for a closed route
    if complete_in(flow, locale):
        assert 'class="pending"' not in page, "a string of this page shows untranslated"


# The PDF is drawn by the same template whatever the language, and each render takes a second:
# every closed scenario is printed once and every language at least once, taken in turn (the
# page above is checked for every pair).
PRINTED = [
    (CLOSED[i % len(CLOSED)], list(LOCALES)[i % len(LOCALES)])
    for i in range(max(len(CLOSED), len(LOCALES)))
]


@pytest.mark.parametrize(
    ("case", "lang"), PRINTED, ids=[f"{f.id}-{s.name}-{lang}" for (f, s), lang in PRINTED]
)
def test_a_closed_programme_shows_closed_in_the_pdf(client, case, lang):
    flow, scenario = case
    locale = LOCALES[lang]
    result = closed_result(client, lang, flow, scenario)
    pdf = pdf_text(client.get(result.replace("/result", "/checklist.pdf")).data)
    messages = catalog(locale, "messages")
    closed = messages.get("This programme has closed", "This programme has closed")
    assert " ".join(closed.split()) in pdf
    for badge in OPEN_BADGES:
        assert messages.get(badge, badge).upper() not in pdf.upper()
    assert messages.get("Documents to take", "Documents to take") not in pdf


@pytest.fixture(scope="module")
def clock_content(tmp_path_factory):
    """One copy for the module: every app made on it shares the library loaded once."""
    content = tmp_path_factory.mktemp("clock") / "content"
    shutil.copytree(CONTENT, content)
    (content / "flows" / "br" / "regularization.yaml").write_text(PROGRAMME_FLOW)
    return content


@pytest.fixture
def clock_client(clock_content, database_uri):
    for app in app_on(
        database_uri, TESTING=True, WTF_CSRF_ENABLED=False, CONTENT_DIR=str(clock_content)
    ):
        yield app.test_client()


BASE = "/en/br/regularization"


def result_on(client, day: dt.date) -> tuple[str, str]:
    client.application.config["TODAY"] = day
    client.post(f"{BASE}/restart")
    client.post(f"{BASE}/q/apply", data={"answer": "yes"})
    page = visible_text(client.get(f"{BASE}/result").get_data(as_text=True))
    return page, pdf_text(client.get(f"{BASE}/checklist.pdf").data)


def test_the_test_clock_moves_a_programme_past_check_by_and_closes(clock_client):
    page, pdf = result_on(clock_client, dt.date(2026, 12, 2))
    assert "Likely eligible" in page and "Documents to take" in page
    assert "LIKELY ELIGIBLE" in pdf.upper() and "could not confirm this is still open" not in pdf
    assert "How sure this is: based on the legal text or an official government page." in page

    page, pdf = result_on(clock_client, dt.date(2027, 2, 2))
    notice = "We could not confirm this is still open on February 2, 2027."
    assert notice in page and notice in pdf
    assert "https://example.org/check" in page and "https://example.org/check" in pdf
    assert "Likely eligible" not in page and "You may be eligible" in page
    assert page.index(notice) < page.index("Register online.")  # before any step

    page, pdf = result_on(clock_client, dt.date(2027, 5, 1))
    assert "This programme has closed" in page and "The window closed" in page
    assert "stopped taking applications on April 30, 2027" in page
    assert "Register online." not in page and "Documents to take" not in page
    assert "What it asked, for reference" in page  # kept, collapsed, for reference only
    assert "THIS PROGRAMME HAS CLOSED" in pdf.upper() and "Documents to take" not in pdf
    assert "Likely eligible" not in page and "LIKELY ELIGIBLE" not in pdf.upper()


def test_an_answer_resting_on_press_alone_says_so(clock_client):
    clock_client.post(f"{BASE}/restart")
    clock_client.post(f"{BASE}/q/apply", data={"answer": "no"})
    page = visible_text(clock_client.get(f"{BASE}/result").get_data(as_text=True))
    assert "Based on news reports; the official text was not found." in page
    assert "before you pay or travel" in page
    assert "How sure this is: based on news reports only." in page
    assert "It opened." in page  # the quote
    pdf = pdf_text(clock_client.get(f"{BASE}/checklist.pdf").data)
    assert "Based on news reports; the official text was not found." in pdf


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (dt.date(2026, 12, 2), "open, according to the sources we checked."),
        (dt.date(2027, 2, 2), "we could not confirm it is still open."),
        (dt.date(2027, 5, 1), "closed; the last day to apply was April 30, 2027."),
    ],
)
def test_the_start_page_says_each_programmes_state_that_day(clock_client, day, state):
    clock_client.application.config["TODAY"] = day
    page = visible_text(clock_client.get(f"{BASE}/").get_data(as_text=True))
    assert (
        f"The registration window : {state}" in page or f"The registration window: {state}" in page
    )


def test_the_blank_checklist_leaves_out_a_closed_programme(clock_client):
    clock_client.application.config["TODAY"] = dt.date(2026, 12, 2)
    assert "Your passport." in pdf_text(clock_client.get(f"{BASE}/blank.pdf").data)
    clock_client.application.config["TODAY"] = dt.date(2027, 5, 1)
    assert "Your passport." not in pdf_text(clock_client.get(f"{BASE}/blank.pdf").data)
