"""Where the person is: asked once (country page, or the outcome's "Where to go" while unknown),
kept in the encrypted session, changeable, "I prefer not to say" allowed; the outcome then
shows the offices in that city first, two or three, and every office one link away."""

from __future__ import annotations

import re
from html import unescape

from portal.flows.presenter import where_note
from portal.offices.where import DECLINED, ELSEWHERE, SESSION_KEY
from portal.rules.offices import NATIONWIDE, Nearby
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, LIBRARY, answer_all, visible_text

RESULT = "/en/br/regularization/result"
BR = [o for o in LIBRARY.offices.values() if o.country == "BR"]


def shown_offices(html: str) -> list[tuple[str, str]]:
    """(name, city line) of each office card on a page."""
    cards = re.findall(r'<div class="office">\s*<h3>(.*?)</h3>\s*<p>(.*?)</p>', html, re.S)
    return [(unescape(name), unescape(city)) for name, city in cards]


def where_section(html: str) -> str:
    return html.split('id="where-to-go"', 1)[1].split("</details>", 1)[0]


def choose(client, city: str, pathway: str = ""):
    return client.post("/en/br/city", data={"city": city, "pathway": pathway})


def test_the_country_page_asks_the_city_with_i_prefer_not_to_say(client):
    html = client.get("/en/br/").get_data(as_text=True)
    assert '<form method="post" action="/en/br/city" class="filter city-question">' in html
    form = html.split('class="filter city-question"', 1)[1].split("</form>", 1)[0]
    for city in ("São Paulo", "Boa Vista", "Manaus"):
        assert f'<option value="{city}">' in form
    assert f'value="{DECLINED}">I prefer not to say<' in form
    assert f'value="{ELSEWHERE}">Somewhere else<' in form


def test_the_answer_is_kept_in_the_session_and_shown_instead_of_the_question(client):
    response = choose(client, "São Paulo")
    assert response.status_code == 302 and response.headers["Location"] == "/en/br/"
    with client.session_transaction() as session:
        assert session[SESSION_KEY] == ["BR", "São Paulo"]
    html = client.get("/en/br/").get_data(as_text=True)
    assert "city-question" not in html
    assert "Your city: São Paulo." in unescape(html) and 'href="/en/br/city"' in html


def test_an_outcome_shows_two_or_three_offices_of_the_city_and_a_link_to_all(client):
    choose(client, "São Paulo")
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = client.get(RESULT).get_data(as_text=True)
    offices = shown_offices(html)
    assert 2 <= len(offices) <= 3
    assert all(city == "São Paulo" for _, city in offices)
    assert "Offices in São Paulo first." in unescape(html)
    assert 'href="/en/br/offices">All offices in Brazil</a>' in html
    assert 'href="/en/br/city?pathway=regularization">Change your city</a>' in html
    assert "city-question" not in html  # asked once: not again
    assert "city=" not in html.split('id="where-to-go"')[0]  # the city is not put in links


def test_the_outcome_never_shows_an_office_without_a_service_it_needs(client):
    choose(client, "São Paulo")
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = client.get(RESULT).get_data(as_text=True)
    services = set(BRAZIL.outcomes["likely"].services)
    by_name = {o.name: o for o in BR}
    for name, _city in shown_offices(html):
        assert services & set(by_name[name].services), name


def test_changing_the_city_from_the_outcome_comes_back_to_its_offices(client):
    choose(client, "São Paulo")
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    page = client.get("/en/br/city?pathway=regularization").get_data(as_text=True)
    assert 'value="São Paulo" checked' in page  # the current answer, to change
    assert 'name="pathway" value="regularization"' in page
    response = choose(client, "Boa Vista", "regularization")
    assert response.headers["Location"] == f"{RESULT}#where-to-go"
    cities = [city for _, city in shown_offices(client.get(RESULT).get_data(as_text=True))]
    assert cities[0] == "Boa Vista" and "São Paulo" not in cities


def test_unknown_city_asks_in_where_to_go_and_shows_only_nationwide_offices(client):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = client.get(RESULT).get_data(as_text=True)
    where = where_section(html)
    assert "city-question" in where and 'name="pathway" value="regularization"' in where
    offices = shown_offices(where)
    assert offices and len(offices) <= 3
    assert all(city == "Nationwide, by phone or online" for _, city in offices)
    assert "These help anywhere in Brazil, by phone or online." in unescape(where)


def test_i_prefer_not_to_say_is_an_answer_not_asked_again(client):
    assert choose(client, DECLINED).status_code == 302
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = unescape(client.get(RESULT).get_data(as_text=True))
    assert "city-question" not in html
    assert "You chose not to say your city. These help anywhere in Brazil" in html
    assert all(city == "Nationwide, by phone or online" for _, city in shown_offices(html))


def test_somewhere_else_says_none_is_in_their_city(client):
    choose(client, ELSEWHERE)
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = unescape(client.get(RESULT).get_data(as_text=True))
    assert "None of the offices we list is in your city." in html


def test_a_city_not_in_the_list_is_refused_and_nothing_is_kept(client):
    response = choose(client, "Atlantis")
    assert response.status_code == 400
    text = visible_text(response.get_data(as_text=True))
    assert "There is a problem" in text and "Choose a city from the list" in text
    assert choose(client, "").status_code == 400
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_another_countrys_city_is_not_used_here(client):
    client.post("/en/mx/city", data={"city": "Tapachula"})
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = client.get(RESULT).get_data(as_text=True)
    assert "city-question" in html  # Brazil's city is still unknown


def test_only_a_real_flow_is_a_way_back(client):
    assert choose(client, "Manaus", "../../evil").headers["Location"] == "/en/br/"
    assert choose(client, "Manaus", "https://evil.example").headers["Location"] == "/en/br/"


def test_a_city_in_the_address_still_works_and_a_wrong_one_is_a_clear_400(client):
    answer_all(client, "en", BRAZIL, BRAZIL_ANSWERS)
    html = client.get(f"{RESULT}?city=Boa+Vista").get_data(as_text=True)
    assert shown_offices(html)[0][1] == "Boa Vista"
    assert 'checklist.pdf?city=Boa+Vista"' in html  # the PDF follows the same address
    response = client.get(f"{RESULT}?city=Atlantis")
    assert response.status_code == 400
    assert "Choose a city from the list" in response.get_data(as_text=True)


def test_the_note_above_the_offices(app):
    local = next(o for o in BR if o.city == "Manaus")
    remote = next(o for o in BR if o.city == NATIONWIDE)
    with app.test_request_context("/en/"):
        assert where_note("city", Nearby("Manaus", (local,), 1, 2), "Brazil") == (
            "Offices in Manaus first."
        )
        assert where_note("city", Nearby("Tijuana", (remote,), 0, 2), "Brazil") == (
            "None of the offices for this is in Tijuana. "
            "These help anywhere in Brazil, by phone or online."
        )
        assert where_note("city", Nearby("Tijuana", (), 0, 0), "Brazil") == (
            "None of the offices for this is in Tijuana."
        )
        assert where_note("unknown", Nearby(None, (), 0, 0), "Brazil") == ""
