"""Haitian Creole pages name countries in Creole wherever content/names/ht.yaml records a name,
and mark the French fallback names as French; weekday names per locale (portal/formats.py)."""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale
from flask_babel import force_locale

from portal.formats import day_names, format_day, territories
from tests.helpers import LIBRARY

HT = LIBRARY.names["ht"]
FRENCH = Locale.parse("fr").territories
# The recorded countries whose French name differs from the Creole one: "Mali" is both.
DIFFERENT = {
    code: (found.name, FRENCH[code])
    for code, found in HT.countries.items()
    if found.name != FRENCH[code]
}


def words(html: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", html) is not None


# The host countries' French names: what an ht page showed before ("Brésil" next to "Brezil").
HOSTS_IN_FRENCH = ("Brésil", "Colombie", "Mexique")


def french_hosts_shown(html: str) -> list[str]:
    return [french for french in HOSTS_IN_FRENCH if words(html, french)]


def test_the_hosts_and_the_largest_groups_have_creole_names_unlike_the_french():
    assert DIFFERENT["BR"] == ("Brezil", "Brésil")
    assert DIFFERENT["CO"] == ("Kolonbi", "Colombie")
    assert DIFFERENT["MX"] == ("Meksik", "Mexique")
    assert DIFFERENT["VE"] == ("Venezwela", "Venezuela")


def test_the_country_pages_say_the_country_in_creole(client):
    for code in ("br", "co", "mx"):
        html = client.get(f"/ht/{code}/").get_data(as_text=True)
        assert words(html, HT.countries[code.upper()].name), code
        assert [french for _, french in DIFFERENT.values() if words(html, french)] == [], code


def test_the_office_directories_say_the_country_in_creole(client):
    for code in ("br", "co", "mx"):
        response = client.get(f"/ht/{code}/offices")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert words(html, HT.countries[code.upper()].name), code
        # Spanish and Portuguese source titles quoted on these pages may say "Venezuela".
        assert french_hosts_shown(html) == [], code


def test_the_nationality_question_offers_every_recorded_creole_name(client):
    html = client.get("/ht/br/regularization/q/nationality").get_data(as_text=True)
    found = re.findall(r'<option ((?:lang="fr" )?)value="([A-Z]{2})"', html)
    options = {code: marked for marked, code in found}
    for code, name in HT.country_names().items():
        assert f'<option value="{code}">{name}</option>' in html, code
    assert [french for _, french in DIFFERENT.values() if f">{french}</option>" in html] == []
    assert '<option lang="fr" value="JM">Jamaïque</option>' in html
    assert all(options[code] == "" for code in HT.countries)
    french = [code for code, marked in options.items() if marked]
    assert set(french) == set(options) - set(HT.countries)  # every other name is marked French


def test_other_languages_mark_no_country_name(client):
    html = client.get("/es/br/regularization/q/nationality").get_data(as_text=True)
    assert ">Brasil<" in html and "<option lang=" not in html


def test_day_names_start_on_monday(app):
    assert day_names("es") == {
        0: "lunes", 1: "martes", 2: "miércoles", 3: "jueves", 4: "viernes", 5: "sábado",
        6: "domingo",
    }  # fmt: skip
    assert day_names("ar")[0] == "الاثنين" and day_names("ar")[6] == "الأحد"
    with app.app_context():
        assert day_names("ht") == {
            0: "lendi", 1: "madi", 2: "mèkredi", 3: "jedi", 4: "vandredi", 5: "samdi",
            6: "dimanch",
        }  # fmt: skip


def test_creole_dates_and_country_names_come_from_the_recorded_names(app):
    with app.test_request_context("/ht/br/"):
        with force_locale("ht"):
            assert format_day(dt.date(2026, 7, 14)) == "14 jiyè 2026"
        names = territories("ht")
        assert names["BR"] == "Brezil" and names["JM"] == "Jamaïque"
        assert territories("es")["BR"] == "Brasil"


def test_check_your_answers_marks_a_french_name_and_not_a_creole_one(client):
    from tests.helpers import answer_all

    flow = LIBRARY.flow("BR", "regularization")
    for code, marked in [("JM", '<span lang="fr">Jamaïque</span>'), ("VE", "Venezwela")]:
        answers = {**next(s for s in flow.scenarios if s.expect == "likely").answers}
        answer_all(client, "ht", flow, {**answers, "nationality": code})
        html = client.get("/ht/br/regularization/check").get_data(as_text=True)
        assert marked in html, code
    assert '<span lang="fr">Venezwela' not in html
