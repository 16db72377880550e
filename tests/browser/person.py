"""What a person does in the browser, and short cuts for getting a context into a state: answers
from a content scenario (posted with the context's own cookies and CSRF token), a staff sign-in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from playwright.sync_api import BrowserContext, Page

from portal.i18n import LOCALES
from portal.rules.engine import walk
from portal.rules.model import Flow, Question, Scenario
from tests.browser.live_server import STAFF_PASSWORD, LiveServer

LANGS = tuple(LOCALES)  # es, pt-BR, en, fr, ht, ar
# The one flow translated into every locale, Arabic included: preferred wherever it will do.
PREFERRED_FLOW = "br/humanitarian_visa"
CONTINUE = 'main form[method="post"] button[type="submit"]'


@dataclass(frozen=True)
class Journey:
    """A content scenario's answers, up to a question (or all of them)."""

    flow: Flow
    scenario: Scenario
    path: tuple[str, ...]  # the questions this scenario answers, in the order they are asked
    outcome_kind: str  # where the answers lead today (the portal walks with today's date)

    @property
    def flow_path(self) -> str:  # "br/regularization"; flows for every country are shown in BR
        country = "br" if self.flow.country == "ALL" else self.flow.country.lower()
        return f"{country}/{self.flow.pathway}"

    def first_of_type(self, question_type: str) -> str | None:
        return next((q for q in self.path if self.flow.questions[q].type == question_type), None)


def journeys(library) -> list[Journey]:
    flows = sorted(library.flows.values(), key=lambda f: (f.id != PREFERRED_FLOW, f.id))
    found = []
    for flow in flows:
        for scenario in flow.scenarios:
            progress = walk(flow, scenario.answers, dt.date.today())
            if progress.outcome is not None:
                found.append(Journey(flow, scenario, progress.path, progress.outcome.kind))
    return found


def journey_to_question(library, question_type: str) -> tuple[Journey, str]:
    for journey in journeys(library):
        question = journey.first_of_type(question_type)
        if question:
            return journey, question
    raise LookupError(f"no content scenario asks a {question_type} question")


def journey_to_outcome(library, kind: str) -> Journey:
    for journey in journeys(library):
        if journey.outcome_kind == kind:
            return journey
    raise LookupError(f"no content scenario reaches a {kind} outcome")


def form_pairs(question: Question, value) -> list[tuple[str, str]]:
    """What the browser's form posts for this answer."""
    if question.type in ("date", "month_year"):
        parts = str(value).split("-")
        names = ("year", "month", "day")[: len(parts)]
        return list(zip(names, parts, strict=True))
    if question.type == "multi":
        return [("answer", str(v)) for v in value]
    return [("answer", str(value))]


def csrf_token(context: BrowserContext, url: str) -> str:
    html = context.request.get(url).text()
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def give_answers(context: BrowserContext, lang: str, journey: Journey, stop_at: str | None = None):
    """Answer the scenario's questions in order with this context's cookies, as the forms would,
    until the flow asks `stop_at` (or has no more questions)."""
    base = f"/{lang}/{journey.flow_path}"
    token = csrf_token(context, f"{base}/")
    # Each answer's redirect is read, not followed: the next question's page is not needed.
    response = context.request.post(f"{base}/restart", form={"csrf_token": token}, max_redirects=0)
    for _ in range(len(journey.flow.questions) + 1):
        assert response.status == 302, f"{response.url}: {response.status}"
        location = response.headers["location"]
        match = re.search(r"/q/(\w+)$", urlparse(location).path)
        if not match or match.group(1) == stop_at:
            return
        question = journey.flow.questions[match.group(1)]
        pairs = [
            ("csrf_token", token),
            *form_pairs(question, journey.scenario.answers[question.id]),
        ]
        response = context.request.post(
            location,
            data=urlencode(pairs),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            max_redirects=0,
        )
    raise AssertionError("the flow did not finish")


def go(page: Page, selector: str) -> None:
    """Click a link or button that opens another page, and wait until that page has loaded (a
    click alone may return before the new page is there to read)."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page: Page, lang: str, role: str, live: LiveServer) -> None:
    page.goto(f"/{lang}/desk/sign-in")
    page.fill("#email", live.staff_email(role))
    page.fill("#password", STAFF_PASSWORD)
    go(page, CONTINUE)
    assert urlparse(page.url).path == f"/{lang}/desk/", "sign-in failed"


def answer_by_clicking(page: Page, question: Question, value) -> None:
    """Answer the question on screen the way a person does, then press Continue."""
    if question.type in ("choice", "yes_no", "multi"):
        for one in value if question.type == "multi" else [value]:
            option_id = page.locator(f'input[name="answer"][value="{one}"]').get_attribute("id")
            page.click(f'label[for="{option_id}"]')
    elif question.type == "country":
        page.select_option("#answer", str(value))
    elif question.type == "number":
        page.fill("#answer", str(value))
    else:  # date, month_year
        for name, part in form_pairs(question, value):
            page.fill(f"#{name}", part)
    go(page, CONTINUE)


def answer_shown(page: Page, question: Question):
    """The answer the question page shows already filled in, in the form content stores it."""
    if question.type in ("choice", "yes_no", "multi"):
        checked = page.locator('input[name="answer"]:checked')
        values = [checked.nth(i).get_attribute("value") for i in range(checked.count())]
        return values if question.type == "multi" else (values[0] if values else None)
    if question.type in ("country", "number"):
        value = page.input_value("#answer")
        return (int(value) if question.type == "number" else value) if value else None
    parts = [page.input_value(f"#{name}") for name, _ in form_pairs(question, "1-1-1")]
    if not all(parts):
        return None
    return "-".join([parts[0], *(part.zfill(2) for part in parts[1:])])


def assert_fits_the_screen(page: Page) -> None:
    """No sideways scrolling (WCAG 1.4.10 reflow) at the phone's width."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
