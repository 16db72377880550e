"""A clerk's day at a desktop service desk (issue 16), in a real browser at 1280x800, in Spanish
and Portuguese: two people in a row with nothing carried over, the printed two-language
checklist, the referral slip, and the session that warns before it ends and says why after."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.person import answer_by_clicking, go, journeys, sign_in
from tests.helpers import pdf_text
from tests.helpers_i18n import LOCALES, tr

DESKTOP = {"width": 1280, "height": 800}
FLOW = "br/regularization"
NEXT = ".assisted button[type=submit]"
IDLE = (
    "You were signed out after %(minutes)s minutes without activity; the person's answers "
    "were cleared."
)
READY = (
    "Ready for the next person. The previous person's answers, and anything opened by code, "
    "were cleared. You are still signed in."
)
CONTINUE = 'main form[method="post"] button[type="submit"]'


def likely_journey(live):
    library = live.app.extensions["content"]
    return next(j for j in journeys(library) if j.flow.id == FLOW and j.outcome_kind == "likely")


def downloaded_pdf_text(download) -> str:
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    return pdf_text(data)


def serve_one_person(page, lang: str, chosen) -> None:
    """From the desk home: start an assisted flow for Brazil and answer with the person."""
    go(page, 'main form[action$="/desk/assist/br"] button')
    go(page, f'main a[href="/{lang}/{FLOW}/"]')
    go(page, "button.start")
    while re.search(r"/q/\w+$", urlparse(page.url).path):
        question_id = urlparse(page.url).path.rsplit("/", 1)[1]
        question = chosen.flow.questions[question_id]
        answer_by_clicking(page, question, chosen.scenario.answers[question_id])
    go(page, f'main a[href="/{lang}/{FLOW}/result"]')


@pytest.mark.parametrize("lang", ["es", "pt-BR"])
def test_two_people_in_a_row_print_and_nothing_carries_over(new_context, live, lang):
    locale, chosen = LOCALES[lang], likely_journey(live)
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, lang, "desk", live)
    serve_one_person(page, lang, chosen)
    banner = page.locator(".assisted").inner_text()
    assert tr(locale, "Next person") in banner
    assert re.search(r"\d{1,2}[:.h]\d{2}", banner), banner  # says when the session will end

    # The desk prints in two languages: the person's first, the desk's (Portuguese) second.
    page.click("main details.reference summary >> nth=0")
    second = page.locator("#second")
    if lang == "es":
        assert second.input_value() == "pt-BR"
    with page.expect_download(timeout=60_000) as download:
        page.click('main form[action$="/checklist.pdf"] button')
    text = downloaded_pdf_text(download)
    assert tr(locale, "Documents to take") in text
    if lang == "es":
        assert text.index(tr("es", "Documents to take")) < text.index(
            tr("pt_BR", "Documents to take")
        )

    # The referral slip for one of the outcome's offices.
    page.click("main details.reference:has(#referral-office) summary")
    with page.expect_download(timeout=60_000) as download:
        page.click('main form[action*="/desk/referral/"] button')
    slip = downloaded_pdf_text(download)
    title = " ".join(tr(locale, chosen.flow.outcomes["likely"].title, "content").split())
    assert tr(locale, "Referral") in slip and title in slip

    # Next person: the desk home says so, and the flow starts clean for the second person.
    go(page, NEXT)
    assert urlparse(page.url).path == f"/{lang}/desk/"
    ready = tr(locale, READY)
    assert ready != READY or locale == "en"
    assert ready in page.locator("main").inner_text()
    page.goto(f"/{lang}/{FLOW}/")
    assert page.locator("button.start").count() == 1  # no "Continue where you stopped"
    assert page.locator(f'main a[href="/{lang}/{FLOW}/check"]').count() == 0
    page.goto(f"/{lang}/{FLOW}/result")
    assert "/q/" in urlparse(page.url).path  # nothing answered: back to the first question
    page.goto(f"/{lang}/desk/")
    serve_one_person(page, lang, chosen)  # the second person, still signed in
    assert page.locator(".kind-likely").is_visible()


@pytest.mark.parametrize("lang", ["es", "pt-BR"])
def test_an_idle_desk_session_ends_with_a_reason_not_a_bare_question(new_context, live, lang):
    chosen = likely_journey(live)
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, lang, "desk", live)
    serve_one_person(page, lang, chosen)
    config = live.app.config
    idle = config["STAFF_IDLE_MINUTES"]
    config["STAFF_IDLE_MINUTES"] = 1 / 60  # one second, for this test only
    try:
        time.sleep(1.5)
        page.goto(f"/{lang}/{FLOW}/result")
    finally:
        config["STAFF_IDLE_MINUTES"] = idle
    assert urlparse(page.url).path == f"/{lang}/desk/sign-in"
    message = page.locator("main").inner_text()
    said = tr(LOCALES[lang], IDLE) % {"minutes": 1 / 60}
    assert said.split(";")[-1].strip() in message  # "…the person's answers were cleared."
    assert page.locator(".assisted").count() == 0
    page.goto(f"/{lang}/{FLOW}/result")
    assert "/q/" in urlparse(page.url).path  # the answers are gone with the session
