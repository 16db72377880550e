"""The offices page and the outcome page have their headings in order (no level skipped), and
the printed checklist lists, once the city is known, its nearest offices and the nationwide
lines — not every city's offices."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from portal.rules.offices import NATIONWIDE
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, LIBRARY, answer_all, pdf_pages

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only


def heading_levels(html: str) -> list[int]:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def assert_in_order(levels: list[int]) -> None:
    assert levels and levels[0] == 1, levels
    for before, after in pairwise(levels):
        assert after <= before + 1, f"h{before} is followed by h{after}: {levels}"


@pytest.mark.parametrize("query", ["", "?city={city}"])
@pytest.mark.parametrize(
    ("code", "city"), [("br", "Manaus"), ("co", "Cúcuta"), ("mx", "Tapachula")]
)
def test_offices_page_headings_are_in_order(client, code, city, query):
    response = client.get(f"/es/{code}/offices{query.format(city=city)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_in_order(heading_levels(html))
    assert re.search(r"<h2>[^<]+</h2>\s*<div class=\"office\">", html)  # a city, then its offices


def test_offices_page_with_an_error_keeps_the_summary_first(client):
    html = client.get("/es/br/offices?city=Atlantis").get_data(as_text=True)
    levels = heading_levels(html)
    assert levels[0] == 2 and 'class="error-summary"' in html  # GOV.UK: the summary, then h1
    assert_in_order(levels[1:])


@pytest.mark.parametrize("city", ["São Paulo", None])
def test_outcome_and_city_pages_headings_are_in_order(client, city):
    if city:
        client.post("/es/br/city", data={"city": city})
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    assert_in_order(heading_levels(client.get("/es/br/regularization/result").get_data(True)))
    assert_in_order(heading_levels(client.get("/es/br/city").get_data(as_text=True)))


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text)


def pdf_text(data: bytes) -> str:
    return squeeze(" ".join(pdf_pages(data)))


def test_the_pdf_with_a_city_prints_its_nearest_offices_and_the_national_lines_only(client):
    client.post("/en/br/city", data={"city": "Boa Vista"})
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    text = pdf_text(client.get("/en/br/regularization/checklist.pdf").data)
    services = set(BRAZIL.outcomes["likely"].services)
    matching = [o for o in LIBRARY.offices.values()
                if o.country == "BR" and services & set(o.services)]  # fmt: skip
    for office in matching:
        expected = office.city in ("Boa Vista", NATIONWIDE)
        assert (squeeze(office.name) in text) is expected, office.id
    assert squeeze("Offices in Boa Vista first.") in text


def test_the_pdf_without_a_city_prints_every_matching_office(client):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    text = pdf_text(client.get("/en/br/regularization/checklist.pdf").data)
    services = set(BRAZIL.outcomes["likely"].services)
    for office in LIBRARY.offices.values():
        if office.country == "BR" and services & set(office.services):
            assert squeeze(office.name) in text, office.id
