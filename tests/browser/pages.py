"""Every page type a person or a staff member can see, as data: test_accessibility.py checks each
one in every locale. A new page type is one more line in PAGE_TYPES."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from playwright.sync_api import Page, Response

from portal.saved import store
from tests.browser.live_server import LiveServer
from tests.browser.person import (
    CONTINUE,
    give_answers,
    go,
    journey_to_outcome,
    journey_to_question,
    sign_in,
)

QUESTION_TYPES = ("choice", "yes_no", "multi", "date", "month_year", "number", "country")
OUTCOME_KINDS = (
    "likely", "maybe", "not_this_way", "urgent_protection", "indeterminate", "suggestions",
)  # fmt: skip


@dataclass(frozen=True)
class PageType:
    """How to reach one kind of page: sign in as `staff`, give the answers of a content scenario
    that reaches a `question` type or an `outcome` kind, open `url`, then do `then`.
    In `url`, {lang} is the locale's URL prefix, {flow} the scenario's flow (br/regularization)
    and {question} the question of that type."""

    name: str
    url: str
    staff: str | None = None  # desk, editor or admin
    question: str | None = None
    outcome: str | None = None
    then: Callable[[Page], object] | None = None
    status: int = 200  # of the page finally shown
    saved_earlier: bool = False  # open, by code, the scenario's answers saved under older content


def press_continue(page: Page) -> None:
    go(page, CONTINUE)


def enter_impossible_date(page: Page) -> None:
    page.fill("#day", "31")
    page.fill("#month", "2")
    page.fill("#year", "2020")
    go(page, CONTINUE)


def save_answers(page: Page) -> None:
    go(page, 'form[action$="/save"] button')


def save_then_delete(page: Page) -> None:
    save_answers(page)
    go(page, 'form[action$="/saved/delete"] button')


def open_optional_profile(page: Page) -> None:
    go(page, 'main a[href$="/improve"]')


def choose_a_city(page: Page) -> None:
    """Answer "Which city are you in?" under the outcome's "Where to go"."""
    page.select_option("#city", index=1)
    go(page, "form.city-question button")


def submit_after_cookies_expired(page: Page) -> None:
    page.context.clear_cookies()
    go(page, 'form[action$="/restart"] button')


PAGE_TYPES = [
    PageType("home", "/{lang}/"),
    PageType("country", "/{lang}/br/"),
    PageType("flow start", "/{lang}/br/regularization/"),
    *(PageType(f"question {t}", "/{lang}/{flow}/q/{question}", question=t) for t in QUESTION_TYPES),
    PageType("question error", "/{lang}/{flow}/q/{question}", question="choice",
             then=press_continue, status=400),
    PageType("date error", "/{lang}/{flow}/q/{question}", question="date",
             then=enter_impossible_date, status=400),
    PageType("check your answers", "/{lang}/{flow}/check", outcome="likely"),
    *(PageType(f"result {kind}", "/{lang}/{flow}/result", outcome=kind) for kind in OUTCOME_KINDS),
    PageType("result with a city", "/{lang}/{flow}/result", outcome="likely", then=choose_a_city),
    PageType("saved code", "/{lang}/{flow}/result", outcome="likely", then=save_answers),
    PageType("saved deleted", "/{lang}/{flow}/check", outcome="likely", then=save_then_delete),
    PageType("open saved", "/{lang}/resume"),
    PageType("result saved before a change", "/{lang}/resume", outcome="likely",
             saved_earlier=True),
    PageType("open saved error", "/{lang}/resume", then=press_continue, status=400),
    PageType("offices", "/{lang}/br/offices"),
    PageType("what changed", "/{lang}/br/changes"),
    PageType("which city", "/{lang}/br/city"),
    PageType("which city error", "/{lang}/br/city", then=press_continue, status=400),
    PageType("privacy", "/{lang}/privacy"),
    PageType("desk sign-in", "/{lang}/desk/sign-in"),
    PageType("desk home", "/{lang}/desk/", staff="desk"),
    PageType("audit log", "/{lang}/desk/audit", staff="admin"),
    PageType("staff accounts", "/{lang}/desk/users", staff="admin"),
    PageType("result at a desk", "/{lang}/{flow}/result", staff="desk", outcome="likely"),
    PageType("statistics", "/{lang}/stats/", staff="editor"),
    PageType("optional profile", "/{lang}/{flow}/result", outcome="likely",
             then=open_optional_profile),
    PageType("404", "/{lang}/nowhere/", status=404),
    PageType("400", "/{lang}/br/regularization/", then=submit_after_cookies_expired, status=400),
]  # fmt: skip


def open_page(page: Page, live: LiveServer, lang: str, page_type: PageType) -> None:
    """Bring the page to the state the page type describes; assert it arrived with its status."""
    statuses: list[int] = []

    def record(response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            statuses.append(response.status)

    page.on("response", record)
    try:
        _open(page, live, lang, page_type)
    finally:
        page.remove_listener("response", record)
    assert statuses[-1] == page_type.status, f"{page_type.name}: {statuses}"


def _open(page: Page, live: LiveServer, lang: str, page_type: PageType) -> None:
    if page_type.staff:
        sign_in(page, lang, page_type.staff, live)
    library = live.app.extensions["content"]
    values = {"lang": lang}
    if page_type.question:
        journey, question = journey_to_question(library, page_type.question)
        give_answers(page.context, lang, journey, stop_at=question)
        values.update(flow=journey.flow_path, question=question)
    elif page_type.outcome:
        journey = journey_to_outcome(library, page_type.outcome)
        give_answers(page.context, lang, journey)
        values["flow"] = journey.flow_path
    url = page_type.url.format(**values)
    page.goto(url)
    assert urlparse(page.url).path == url, f"{url} sent the browser to {page.url}"
    if page_type.saved_earlier:
        page.fill("#code", saved_under_older_content(live, journey))
        go(page, CONTINUE)
    if page_type.then:
        page_type.then(page)


def saved_under_older_content(live: LiveServer, journey) -> str:
    """A code for the journey's answers as if saved before its flow last changed, when the same
    answers led elsewhere: the result says the rules changed and what they led to then."""
    flow = journey.flow
    then = next(oid for oid in flow.outcomes if oid != journey.scenario.expect)
    data = {"country": journey.flow_path.split("/")[0], "pathway": flow.pathway,
            "answers": journey.scenario.answers, "version": "sha256:older", "outcome": then}  # fmt: skip
    with live.app.app_context():
        code, _expires = store.save(live.app.config["SECRET_KEY"], flow.id, "en", data, 30)
    return code
