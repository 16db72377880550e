"""Anonymous statistics: the optional profile questions at the end of a flow, and the dashboard
(with CSV export) for editors and admins."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale

from portal import clock
from portal.content import flow_or_404, library
from portal.desk.access import role_required
from portal.formats import country_name
from portal.i18n import LOCALES
from portal.offices.where import DECLINED, ELSEWHERE
from portal.rules.offices import office_cities
from portal.stats import queries
from portal.stats.counters import STAFF_TEST, STARTED, UNKNOWN, RunTally, count_profile
from portal.stats.export import csv_name, csv_text
from portal.stats.forms import FilterForm, ProfileForm, month_label
from portal.stats.planning import (
    language_outcome_table,
    municipality_label,
    municipality_table,
    stop_tables,
)
from portal.stats.queries import Filters
from portal.stats.tables import (
    CHANNELS,
    cell_text,
    funnel_tables,
    language_name,
    month_range,
    pathway_title,
    profile_tables,
)
from portal.stats.tables import build_tables as flow_tables

bp = Blueprint("stats", __name__, template_folder="templates")
DEFAULT_MONTHS = 12


@bp.context_processor
def table_helpers() -> dict:
    return {"cell_text": cell_text, "format_decimal": format_decimal}


@bp.route("/<lang>/<country>/<pathway>/improve", methods=["GET", "POST"])
def improve(country: str, pathway: str):
    """Three optional questions after the outcome; each answer only adds one to a counter."""
    flow = flow_or_404(country, pathway)
    tally = RunTally(flow.id)
    result_url = url_for("flows.result", country=country, pathway=flow.pathway)
    if not tally.reached("outcome") or tally.reached("profiled"):
        return redirect(result_url)
    form = ProfileForm(str(get_locale()))
    if request.method == "POST" and form.validate():
        for dimension, value in form.answers().items():
            count_profile(country, flow.pathway, dimension, value)
        tally.mark("profiled")
        return redirect(result_url + "#improve")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "stats/improve.html", form=form, flow=flow, result_url=result_url, in_flow=True
    ), status


def filter_form() -> tuple[FilterForm, Filters | None]:
    lib = library()
    current = clock.today().replace(day=1)
    months = month_range(min(queries.first_month() or current, current), current)
    form = FilterForm(request.args)
    form.set_choices(
        months,
        country=[(code, country_name(code)) for code in lib.countries],
        pathway=[(pid, pathway_title(lib, pid)) for pid in lib.pathways],
        language=[(code, language_name(code)) for code in LOCALES.values()],
        channel=[(value, str(label)) for value, label in CHANNELS.items()],
        municipality=municipality_choices(),
    )
    if not request.args.get("start"):
        form.start.data = month_label(months[max(0, len(months) - DEFAULT_MONTHS)])
    if not request.args.get("until"):
        form.until.data = month_label(months[-1])
    if not form.validate():
        return form, None
    return form, Filters(
        first=dt.date.fromisoformat(form.start.data + "-01"),
        last=dt.date.fromisoformat(form.until.data + "-01"),
        country=form.country.data or None,
        pathway=form.pathway.data or None,
        locale=form.language.data or None,
        channel=form.channel.data or None,
        municipality=form.municipality.data or None,
    )


def municipality_choices() -> list[tuple[str, str]]:
    """The cities offices are listed in, any other municipality already counted (a desk's
    city), then "somewhere else", "not said" and "not asked"."""
    cities = set(office_cities(list(library().offices.values()))) | queries.municipalities()
    specials = (ELSEWHERE, DECLINED, UNKNOWN)
    named = sorted(city for city in cities if city not in specials)
    return [(value, municipality_label(value)) for value in [*named, *specials]]


def all_tables(filters: Filters) -> dict[str, list]:
    lib = library()
    return {
        "flows": flow_tables(filters, lib),
        "planning": [municipality_table(filters, lib), language_outcome_table(filters)],
        "funnels": funnel_tables(filters, lib),
        "stops": stop_tables(filters, lib),
        "profile": profile_tables(filters),
    }


def staff_test_runs(filters: Filters) -> int | None:
    """Runs editors started while trying flows, left out of every table; None when a channel
    is chosen."""
    if filters.channel:
        return None
    return queries.total(dataclasses.replace(filters, channel=STAFF_TEST), STARTED)


@bp.get("/<lang>/stats/")
@role_required("editor", "admin")
def dashboard():
    form, filters = filter_form()
    if filters is None:
        return render_template("stats/dashboard.html", form=form, groups=None), 400
    groups = all_tables(filters)
    return render_template(
        "stats/dashboard.html", form=form, filters=filters, groups=groups,
        stops={table.id.removeprefix("stops-"): table for table in groups["stops"]},
        staff_runs=staff_test_runs(filters),
        query={field.name: field.data for field in form if field.data},  # validated values only
    )  # fmt: skip


@bp.get("/<lang>/stats/<table_id>.csv")
@role_required("editor", "admin")
def export(table_id: str):
    _, filters = filter_form()
    if filters is None:
        abort(400)
    tables = [table for group in all_tables(filters).values() for table in group]
    table = next((t for t in tables if t.id == table_id), None)
    if table is None:
        abort(404)
    return Response(
        csv_text(table, filters),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{csv_name(table.id, filters)}"'},
    )
