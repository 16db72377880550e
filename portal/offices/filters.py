"""Filtering a country's offices by city: the directory's filter and the printed checklist's
`?city=`, both read from the address (a plain GET form: no JavaScript)."""

from __future__ import annotations

from itertools import groupby

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates it (WTForms 3.3)
from wtforms.validators import AnyOf, Optional

from portal.rules.model import Office
from portal.rules.offices import NATIONWIDE, office_cities

OfficeGroups = list[tuple[str, list[Office]]]  # (city, its offices), in the order shown


def in_city(offices: list[Office], city: str | None) -> list[Office]:
    """Offices in the chosen city first, then nationwide ones; everything when no city."""
    if not city:
        return sorted(offices, key=lambda o: (o.city == NATIONWIDE, o.city or "", o.name))
    local = [o for o in offices if o.city == city]
    return local + [o for o in offices if o.city == NATIONWIDE]


class CityForm(Form):
    """A filter by city. Its choices are a country's cities, so city_form declares the field in
    a subclass made for each call."""

    city: SelectField


def city_form(offices: list[Office]) -> CityForm:
    """The directory's filter (and the printed checklist's `?city=`), read from the address."""
    names = office_cities(offices)

    class CountryCityForm(CityForm):
        city = SelectField(
            _l("City"),
            choices=[SelectChoice("", _l("All cities"))] + [SelectChoice(c, c) for c in names],
            validators=[Optional(), AnyOf(names, message=_l("Choose a city from the list"))],
            validate_choice=False,
        )

    return CountryCityForm(request.args)


def city_filter(offices: list[Office]) -> tuple[CityForm, bool, str | None, OfficeGroups]:
    """The city filter from the address, whether it is valid, the chosen city, and the offices
    grouped by city (the chosen city first, then the nationwide ones; or every city)."""
    form = city_form(offices)
    valid = form.validate()
    chosen = form.city.data if valid else None
    shown = in_city(offices, chosen)
    groups = [(city, list(group)) for city, group in groupby(shown, key=lambda o: o.city)]
    return form, valid, chosen, groups
