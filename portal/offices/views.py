"""Offices and free help in a country, filtered by city. A plain GET form: no JavaScript."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectChoice, SelectField
from wtforms.validators import AnyOf, Optional

from portal.content import library
from portal.rules.model import Office

bp = Blueprint("offices", __name__, url_prefix="/<lang>/<country>", template_folder="templates")

NATIONWIDE = "nationwide"


def cities(offices: list[Office]) -> list[str]:
    return sorted({o.city for o in offices if o.city and o.city != NATIONWIDE})


def in_city(offices: list[Office], city: str | None) -> list[Office]:
    """Offices in the chosen city first, then nationwide ones; everything when no city."""
    if not city:
        return sorted(offices, key=lambda o: (o.city == NATIONWIDE, o.city or "", o.name))
    local = [o for o in offices if o.city == city]
    return local + [o for o in offices if o.city == NATIONWIDE]


def city_first(offices: list[Office], city: str | None) -> list[Office]:
    """Every office, those in the given city first (a desk's own municipality)."""
    return sorted(offices, key=lambda o: (o.city != city, o.city == NATIONWIDE, o.city or ""))


def city_form(offices: list[Office]):
    names = cities(offices)

    class CityForm(Form):
        city = SelectField(
            _l("City"),
            choices=[SelectChoice("", _l("All cities"))] + [SelectChoice(c, c) for c in names],
            validators=[Optional(), AnyOf(names, message=_l("Choose a city from the list"))],
            validate_choice=False,
        )

    return CityForm(request.args)


@bp.get("/offices")
def directory(country: str):
    lib = library()
    code = country.upper()
    if code not in lib.countries or country != country.lower():
        abort(404)
    offices = [o for o in lib.offices.values() if o.country == code]
    form = city_form(offices)
    valid = form.validate()
    chosen = form.city.data if valid else None
    return (
        render_template(
            "offices/directory.html", code=code, form=form, offices=in_city(offices, chosen)
        ),
        200 if valid else 400,
    )
