"""Finding the right pathway: country pages with icons, help-me-choose, offices by city."""

from __future__ import annotations

import re

import pytest

from tests.helpers import LIBRARY
from tests.helpers_i18n import LOCALES, tr

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

COUNTRIES = [code.lower() for code in LIBRARY.countries]


@pytest.mark.parametrize("lang", LOCALES)
def test_home_lists_every_country(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    for code in COUNTRIES:
        assert f'href="/{lang}/{code}/"' in html


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("code", COUNTRIES)
def test_country_page_offers_every_pathway_with_an_icon(client, lang, code):
    """Each pathway with its icon: a link where the country has its flow, else "not yet
    available" (a country may start with one flow)."""
    html = client.get(f"/{lang}/{code}/").get_data(as_text=True)
    for pathway in LIBRARY.pathways.values():
        assert tr(LOCALES[lang], pathway.title, "content") in html
        linked = f'href="/{lang}/{code}/{pathway.id}/"' in html
        assert linked is (LIBRARY.flow(code.upper(), pathway.id) is not None), pathway.id
    missing = [p for p in LIBRARY.pathways.values()
               if p.kind == "pathway" and not LIBRARY.flow(code.upper(), p.id)]  # fmt: skip
    assert html.count(tr(LOCALES[lang], "Not yet available for this country.")) == len(missing)
    assert html.count('<svg class="icon"') == len(LIBRARY.pathways)
    assert f'href="/{lang}/{code}/offices"' in html


def test_unknown_or_upper_case_country_is_a_404(client):
    assert client.get("/en/zz/").status_code == 404
    assert client.get("/en/BR/").status_code == 404
    assert client.get("/en/zz/offices").status_code == 404


WITH_CITIES = [c for c in COUNTRIES if any(o.country == c.upper() and o.city != "nationwide"
                                           for o in LIBRARY.offices.values())]  # fmt: skip


@pytest.mark.parametrize("code", WITH_CITIES)
def test_offices_filter_by_city(client, code):
    offices = [o for o in LIBRARY.offices.values() if o.country == code.upper()]
    cities = sorted({o.city for o in offices if o.city != "nationwide"})
    html = client.get(f"/en/{code}/offices?city={cities[0]}").get_data(as_text=True)
    shown = set(re.findall(r"<h3>(.*?)</h3>", html))
    for office in offices:
        expected = office.city in (cities[0], "nationwide")
        assert (tr("en", office.name) in shown) is expected, office.id


def test_unknown_city_is_a_clear_400(client):
    response = client.get("/es/br/offices?city=Atlantis")
    assert response.status_code == 400
    assert tr("es", "Choose a city from the list") in response.get_data(as_text=True)


def test_every_office_names_its_source_and_has_an_address_or_a_finder():
    for office in LIBRARY.offices.values():
        assert office.source
        assert office.address or office.locator_url, office.id


@pytest.mark.parametrize("code", COUNTRIES)
def test_help_me_choose_suggests_pathways_from_the_answers(client, code):
    base = f"/en/{code}/help_me_choose"
    client.post(f"{base}/restart")
    client.post(f"{base}/q/needs", data={"answer": ["papers", "go_home"]})
    client.post(f"{base}/q/fear_return", data={"answer": "no"})
    html = client.get(f"{base}/result").get_data(as_text=True)
    suggested = html.split("<h1>")[1].split("</ul>")[0]
    for pathway in ("regularization", "voluntary_return"):  # linked where the country has them
        has_flow = LIBRARY.flow(code.upper(), pathway) is not None
        assert (f'href="/en/{code}/{pathway}/"' in suggested) is has_flow
        assert tr("en", LIBRARY.pathways[pathway].title, "content") in suggested
    assert f'href="/en/{code}/family_reunification/"' not in suggested


def test_help_me_choose_never_suggests_return_to_someone_afraid(client):
    base = "/en/co/help_me_choose"
    client.post(f"{base}/restart")
    client.post(f"{base}/q/needs", data={"answer": ["go_home"]})
    response = client.post(f"{base}/q/fear_return", data={"answer": "yes"})
    assert response.headers["Location"].endswith("/check")
    html = client.get(f"{base}/result").get_data(as_text=True)
    assert "Protection first" in html
    assert 'href="/en/co/voluntary_return/"' not in html


def test_every_not_this_way_outcome_links_to_related_pathways():
    for flow in LIBRARY.flows.values():
        for outcome in flow.outcomes.values():
            if outcome.kind in ("not_this_way", "indeterminate", "urgent_protection"):
                assert outcome.related, f"{flow.id}: {outcome.id}"


def test_offices_with_an_address_link_to_a_map(client):
    html = client.get("/en/br/offices").get_data(as_text=True)
    addressed = [o for o in LIBRARY.offices.values() if o.country == "BR" and o.address]
    assert addressed
    assert html.count("https://www.openstreetmap.org/") >= len(addressed)
