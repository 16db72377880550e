"""The outcome page acts from the first screen (DESIGN.md, quality budgets): on a 360x640 phone,
for every outcome of every flow in Spanish, the first step and the PDF button end within the
first 2 screens, and once the person's city is known the whole page fits in 8. Measured in a
real browser; the longest page is reported in the test output (and every page in
test-artifacts/outcome-budget-<country>.txt), with screenshots of the new page in es, ar and ht."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pytest

from portal import PROJECT_ROOT
from portal.rules.engine import walk
from tests.browser.conftest import PHONE
from tests.browser.person import Journey, csrf_token, give_answers, journeys
from tests.helpers import LIBRARY

SCREEN = PHONE["height"]
FIRST_SCREENS = 2  # the first step and the PDF button end within these
WHOLE_SCREENS = 8  # the whole page, once the city is known
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SCREENSHOTS = {  # the example; Arabic has only the humanitarian visa translated
    "es": "br/regularization",
    "ar": "br/humanitarian_visa",
    "ht": "br/regularization",
}

MEASURE = """() => {
  const bottom = el => el ? (el.getBoundingClientRect().bottom + scrollY) : null;
  return {
    height: document.documentElement.scrollHeight,
    step: bottom(document.querySelector('main ol.steps > li')),
    pdf: bottom(document.querySelector('main a[download][href*="/checklist.pdf"]')),
    kind: document.querySelector('main p.kind').className.split('kind-').pop(),
  };
}"""


@dataclass(frozen=True)
class Measured:
    flow: str
    outcome: str
    kind: str
    height: float
    step: float | None  # where the first step ends, None when the outcome has no steps
    pdf: float | None  # where the PDF button ends, None when the page has none

    def screens(self, value: float | None) -> str:
        return "-" if value is None else f"{value / SCREEN:.1f}"

    def line(self) -> str:
        return (
            f"{self.flow + ' ' + self.outcome:<52} {self.screens(self.height):>6} "
            f"{self.screens(self.step):>6} {self.screens(self.pdf):>6}"
        )


def one_per_outcome() -> list[tuple[Journey, str]]:
    """One content scenario for each outcome it reaches today, with the outcome's id."""
    real = set(LIBRARY.flows)  # not the browser tests' own flow
    found: dict[tuple[str, str], Journey] = {}
    for journey in journeys(LIBRARY):
        if journey.flow.id not in real:
            continue
        outcome = walk(journey.flow, journey.scenario.answers, dt.date.today()).outcome
        found.setdefault((journey.flow.id, outcome.id), journey)
    return [(journey, outcome) for (_flow, outcome), journey in sorted(found.items())]


def busiest_city(live, country: str) -> str:
    """The city with the most offices: the longest "where to go" a known city can give."""
    library = live.app.extensions["content"]
    cities = Counter(
        o.city for o in library.offices.values() if o.country == country and o.city != "nationwide"
    )
    return cities.most_common(1)[0][0]


def choose_city(context, lang: str, country: str, city: str) -> None:
    token = csrf_token(context, f"/{lang}/{country}/")
    response = context.request.post(
        f"/{lang}/{country}/city", form={"csrf_token": token, "city": city}
    )
    assert response.ok


OUTCOMES = one_per_outcome()
HOSTS = sorted({journey.flow_path.split("/")[0] for journey, _outcome in OUTCOMES})


@pytest.mark.parametrize("country", HOSTS)  # one test per host country: the workers share them
def test_every_outcome_in_spanish_acts_from_the_first_screens(
    new_context, live, record_property, country
):
    context = new_context()
    page = context.new_page()
    choose_city(context, "es", country, busiest_city(live, country.upper()))
    measured: list[Measured] = []
    for journey, outcome in OUTCOMES:
        if not journey.flow_path.startswith(f"{country}/"):
            continue
        give_answers(context, "es", journey)
        page.goto(f"/es/{journey.flow_path}/result")
        measured.append(Measured(journey.flow_path, outcome, **page.evaluate(MEASURE)))

    measured.sort(key=lambda m: m.height, reverse=True)
    table = "\n".join(
        [f"{'outcome (es, 360x640, city known)':<52} {'screens':>6} {'step':>6} {'PDF':>6}"]
        + [m.line() for m in measured]
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"outcome-budget-{country}.txt").write_text(table + "\n", encoding="utf-8")
    longest = measured[0]
    report = (
        f"outcome pages in {country}: {len(measured)}; longest {longest.flow} {longest.outcome}: "
        f"{longest.screens(longest.height)} screens (budget {WHOLE_SCREENS}); first step ends by "
        f"{max((m.step or 0) for m in measured) / SCREEN:.1f}, PDF button by "
        f"{max((m.pdf or 0) for m in measured) / SCREEN:.1f} screens (budget {FIRST_SCREENS})"
    )
    record_property("report", report)  # printed at the end of the run by tests/conftest.py

    problems = [
        f"{m.flow} {m.outcome}: {what} ends at {value / SCREEN:.2f} screens (budget {budget})"
        for m in measured
        for what, value, budget in (
            ("the page", m.height, WHOLE_SCREENS),
            ("the first step", m.step, FIRST_SCREENS),
            ("the PDF button", m.pdf, FIRST_SCREENS),
        )
        if value is not None and value > budget * SCREEN
    ]
    missing = [
        f"{m.flow} {m.outcome}: no PDF button"
        for m in measured
        if m.kind != "suggestions" and m.pdf is None
    ]
    assert not problems + missing, report + "\n" + "\n".join(problems + missing)


def test_screenshots_of_the_outcome_page_in_es_ar_and_ht(new_context, live):
    library = LIBRARY
    ARTIFACTS.mkdir(exist_ok=True)
    for lang, flow_id in SCREENSHOTS.items():
        ways = [j for j in journeys(library) if j.flow.id == flow_id]
        journey = next((j for j in ways if j.outcome_kind == "likely"), ways[0])
        context = new_context()
        choose_city(context, lang, "br", busiest_city(live, "BR"))
        give_answers(context, lang, journey)
        page = context.new_page()
        page.goto(f"/{lang}/{journey.flow_path}/result")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("main ol.steps > li").first.is_visible()
        path = ARTIFACTS / f"outcome-{lang}-360.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
