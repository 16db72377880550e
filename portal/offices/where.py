"""Where the person is: the city they chose once, remembered in their encrypted session so that
every outcome shows the offices in that city first. Changeable at any time, and "I'd rather not
say" is an answer too. Only one country's city is kept: the one they chose last."""

from __future__ import annotations

from dataclasses import dataclass

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import Form, HiddenField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates it (WTForms 3.3)
from wtforms.validators import AnyOf, InputRequired

from portal.rules.model import Office
from portal.rules.offices import office_cities

SESSION_KEY = "city"
# Answers that are not a city. They cannot clash with a city: content cities never start with _.
ELSEWHERE = "_elsewhere"
DECLINED = "_declined"


@dataclass(frozen=True)
class Place:
    """What the portal knows of where the person is, in one host country."""

    state: str  # city | elsewhere | declined | unknown
    city: str | None = None  # the city, when state is "city"
    by_desk: bool = False  # the desk's own municipality, the person has not said


def remembered(country: str) -> str | None:
    """The answer kept for this host country (a city, ELSEWHERE or DECLINED), or None."""
    kept = session.get(SESSION_KEY)
    if isinstance(kept, list) and len(kept) == 2 and kept[0] == country.upper():
        return str(kept[1])
    return None


def remember(country: str, answer: str) -> None:
    session[SESSION_KEY] = [country.upper(), answer]
    session.modified = True


def place_of(answer: str | None, cities: list[str]) -> Place:
    if answer == ELSEWHERE:
        return Place("elsewhere")
    if answer == DECLINED:
        return Place("declined")
    if answer and answer in cities:
        return Place("city", answer)
    return Place("unknown")  # never asked, or a city the content no longer lists


def current_place(country: str, offices: list[Office], asked: str | None = None) -> Place:
    """`asked`: a valid `?city=` on the page's address wins; then the person's own answer; then,
    at a service desk, the desk's municipality; otherwise unknown."""
    cities = office_cities(offices)
    if asked and asked in cities:
        return Place("city", asked)
    place = place_of(remembered(country), cities)
    if place.state == "unknown" and current_user.is_authenticated and current_user.city:
        desk = place_of(current_user.city, cities)
        if desk.state == "city":
            return Place("city", desk.city, by_desk=True)
    return place


def city_question(
    country: str,
    offices: list[Office],
    formdata=None,
    pathway: str | None = None,
    only_cities: bool = False,
):
    """Which city are you in: the cities with offices, somewhere else, or rather not say. Shown
    with the person's current answer unless `formdata` (a post) is given. `only_cities` checks
    a `?city=` in a page's address, which must name a city."""
    names = office_cities(offices)
    answers = names if only_cities else [*names, ELSEWHERE, DECLINED]

    class CityForm(Form):
        city = SelectField(
            _l("Which city are you in?"),
            choices=[
                *(SelectChoice(c, c) for c in names),
                # TRANSLATORS: an answer to "Which city are you in?": a city not in the list
                SelectChoice(ELSEWHERE, _l("Somewhere else")),
                SelectChoice(DECLINED, _l("I prefer not to say")),
            ],
            validators=[
                InputRequired(message=_l("Choose your city, or “I prefer not to say”")),
                AnyOf(answers, message=_l("Choose a city from the list")),
            ],
            validate_choice=False,
        )
        pathway = HiddenField()

    kept = None if formdata is not None else remembered(country)
    return CityForm(formdata, data={"city": kept, "pathway": pathway or ""})
