"""A person's journeys in a real browser on a 360x640 phone: the whole way from the home page to
the PDF checklist (with and without JavaScript), quick exit, and changing language mid-flow."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.live_server import NEUTRAL_TITLE
from tests.browser.person import (
    answer_by_clicking,
    answer_shown,
    assert_fits_the_screen,
    give_answers,
    go,
    journeys,
)
from tests.helpers import pdf_pages

FLOW = "br/regularization"


def journey(live, flow_id: str = FLOW):
    """A content scenario of the flow that ends in a "likely" outcome."""
    library = live.app.extensions["content"]
    return next(j for j in journeys(library) if j.flow.id == flow_id and j.outcome_kind == "likely")


def path_of(page) -> str:
    return urlparse(page.url).path


def question_on_screen(page) -> str | None:
    match = re.search(r"/q/(\w+)$", path_of(page))
    return match.group(1) if match else None


@pytest.mark.parametrize(
    ("lang", "javascript"),
    [("es", True), ("es", False), ("ar", True), ("fa-AF", True), ("ps", True)],
    ids=["es-with-js", "es-without-js", "ar", "fa-AF", "ps"],
)
def test_from_the_home_page_to_the_pdf_checklist(new_context, live, lang, javascript):
    """Left to right and in the three right-to-left languages, which Brazil's regularization
    flow is translated into."""
    chosen = journey(live)
    page = new_context(java_script_enabled=javascript, locale="en-GB").new_page()
    page.goto("/")
    assert path_of(page) == "/en/"  # the browser's language picks the first page's
    page.click(".langs summary")  # the language list opens from the header
    go(page, f'.langs a[hreflang="{lang}"]')
    assert path_of(page) == f"/{lang}/" and page.locator("html").get_attribute("lang") == lang
    go(page, f'main a[href="/{lang}/br/"]')
    go(page, f'main a[href="/{lang}/br/regularization/"]')
    assert_fits_the_screen(page)
    go(page, "button.start")

    answered = []
    while (question_id := question_on_screen(page)) is not None:
        assert question_id not in answered, f"asked {question_id} twice"
        assert_fits_the_screen(page)
        answer_by_clicking(
            page, chosen.flow.questions[question_id], chosen.scenario.answers[question_id]
        )
        answered.append(question_id)
    assert tuple(answered) == chosen.path
    assert path_of(page) == f"/{lang}/br/regularization/check"
    assert page.locator(".summary-row").count() == len(chosen.path)
    assert_fits_the_screen(page)

    go(page, f'main a[href="/{lang}/br/regularization/result"]')
    assert page.locator(".kind-likely").is_visible()
    assert_fits_the_screen(page)
    # The first PDF starts the portal's render worker process: slow on a busy machine.
    with page.expect_download(timeout=60_000) as download:
        page.click(f'a[download][href^="/{lang}/br/regularization/checklist.pdf"]')
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    link = f"/{lang}/br/regularization/result"  # the printed link may wrap at its hyphen
    assert len(pages) >= 1 and link in "".join(text.split()), text[:300]
    if lang == "es":
        assert "Documentos" in text, text[:300]


def test_quick_exit_leaves_for_the_neutral_site_and_forgets_the_answers(new_context, live):
    chosen = journey(live)
    context = new_context()
    page = context.new_page()
    page.goto(f"/es/{FLOW}/")
    go(page, "button.start")
    for _ in range(2):
        question = chosen.flow.questions[question_on_screen(page)]
        answer_by_clicking(page, question, chosen.scenario.answers[question.id])
    third = path_of(page)
    assert question_on_screen(page) == chosen.path[2]

    def session_cookies():
        return [c for c in context.cookies(live.url) if c["name"] == "camino"]

    assert session_cookies()  # the answers so far, encrypted
    go(page, "a.quick-exit")
    assert page.url == live.neutral_url and page.title() == NEUTRAL_TITLE
    assert session_cookies() == []

    page.go_back()  # the browser's back button: the page is fetched again (no-store), unanswered
    assert question_on_screen(page) == chosen.path[0] and path_of(page) != third
    assert answer_shown(page, chosen.flow.questions[chosen.path[0]]) in (None, [])
    page.goto(f"/es/{FLOW}/")
    assert page.locator("button.start").is_visible()  # not "continue where you stopped"
    page.goto(f"/es/{FLOW}/check")
    assert question_on_screen(page) == chosen.path[0]


def test_changing_language_mid_flow_keeps_the_place_and_the_answers(new_context, live):
    chosen = journey(live)
    first, second, third = chosen.path[:3]
    page = new_context().new_page()
    give_answers(page.context, "es", chosen, stop_at=third)
    page.goto(f"/es/{FLOW}/q/{third}")
    spanish = page.locator("h1").inner_text()

    page.click(".langs summary")  # the language list opens from the header
    go(page, '.langs a[hreflang="fr"]')
    assert path_of(page) == f"/fr/{FLOW}/q/{third}"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() != spanish

    questions = chosen.flow.questions
    for earlier in (second, first):
        go(page, "a.back")
        assert path_of(page) == f"/fr/{FLOW}/q/{earlier}"
        assert answer_shown(page, questions[earlier]) == chosen.scenario.answers[earlier]

    go(page, 'form[method="post"] button[type="submit"]')  # keep the answer, go on in French
    assert question_on_screen(page) == third  # the first unanswered one: the second answer is kept
    while (question_id := question_on_screen(page)) is not None:
        answer_by_clicking(page, questions[question_id], chosen.scenario.answers[question_id])
    assert path_of(page) == f"/fr/{FLOW}/check"
    assert page.locator(".summary-row").count() == len(chosen.path)
