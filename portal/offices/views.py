"""Offices and free help in a country, filtered by city (a plain GET form: no JavaScript), and
the one question of where the person is, remembered for every outcome in that country."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, abort, redirect, render_template, request, url_for

from portal import clock
from portal.checklists.document import current_language
from portal.checklists.printing import pdf_response, public_address
from portal.content import library
from portal.offices.filters import city_filter
from portal.offices.hours import opening_hours
from portal.offices.services import service_names
from portal.offices.where import city_question, place_of, remember, remembered
from portal.rules.model import Office
from portal.rules.offices import office_cities as cities

bp = Blueprint("offices", __name__, url_prefix="/<lang>/<country>", template_folder="templates")
bp.add_app_template_global(opening_hours, "opening_hours")


def country_offices(country: str) -> tuple[str, list[Office]]:
    """The host country's code and its offices; 404 for an unknown or upper-case country."""
    lib = library()
    code = country.upper()
    if code not in lib.countries or country != country.lower():
        abort(404)
    return code, [o for o in lib.offices.values() if o.country == code]


@bp.get("/offices")
def directory(country: str):
    code, offices = country_offices(country)
    form, valid, chosen, groups = city_filter(offices)
    html = render_template(
        "offices/directory.html", code=code, form=form, groups=groups, chosen=chosen
    )
    return html, 200 if valid else 400


@bp.get("/offices.pdf")
def offices_pdf(country: str):
    """The directory on paper, in the country's paper size. A city that is not in the list gets
    the directory page with its error (400), to choose again."""
    code, offices = country_offices(country)
    _form, valid, chosen, groups = city_filter(offices)
    if not valid:
        return directory(country)
    html = render_template(
        "offices/print.html", code=code, groups=groups, chosen=chosen,
        paper=library().countries[code].paper, first_lang=current_language(),
        today=clock.today(), services=service_names,
        link=public_address("offices.directory", country=country),
    )  # fmt: skip
    name = f"offices-{country}-{slug(chosen)}.pdf" if chosen else f"offices-{country}.pdf"
    return pdf_response(html, name, "office list")


def slug(city: str) -> str:
    """A city's name for a file name: ASCII letters and digits, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).lower().split())


def _after(country: str, pathway: str | None) -> str:
    """Back to the outcome the person came from (its offices), or to the country's page."""
    if pathway and library().flow(country, pathway) is not None:
        return url_for("flows.result", country=country, pathway=pathway, _anchor="where-to-go")
    return url_for("main.country", country=country)


@bp.route("/city", methods=["GET", "POST"])
def city(country: str):
    """Which city are you in? Asked on the country page and in an outcome's "Where to go";
    this page is where it is changed, and where a refused answer is shown."""
    code, offices = country_offices(country)
    if request.method == "POST":
        form = city_question(code, offices, request.form)
        if form.validate():
            remember(code, form.city.data)
            return redirect(_after(country, form.pathway.data))
        status = 400
    else:
        form = city_question(code, offices, pathway=request.args.get("pathway"))
        status = 200
    pathway = form.pathway.data if library().flow(country, form.pathway.data or "") else ""
    back_url = _after(country, pathway)
    html = render_template(
        "offices/city.html",
        code=code,
        form=form,
        pathway=pathway,
        back_url=back_url,
        in_flow=True,  # Quick exit: where a person is can put them at risk
    )
    return html, status


@bp.app_template_global("where_am_i")
def where_am_i(country: str) -> dict:
    """For offices/city_question.html on any page: the question and the person's answer."""
    code, offices = country_offices(country.lower())
    return {
        "country": country.lower(),
        "form": city_question(code, offices),
        "place": place_of(remembered(code), cities(offices)),
    }
