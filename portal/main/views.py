"""Home page, language entry, quick exit and health check."""

from __future__ import annotations

from contextlib import suppress

from flask import Blueprint, abort, current_app, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal import outage
from portal.content import library
from portal.desk.person import clear_person, staff_signed_in
from portal.extensions import db
from portal.flows.runs import retire_run
from portal.i18n import best_locale, language_note, url_lang

bp = Blueprint("main", __name__, template_folder="templates")


@bp.get("/")
def root():
    return redirect(url_for("main.home", lang=url_lang(best_locale())))


@bp.get("/<lang>/")
def home():
    return render_template("main/home.html", countries=list(library().countries))


@bp.get("/<lang>/<country>/")
def country(country: str):
    """The pathways of one host country, in plain words with a picture each."""
    lib = library()
    code = country.upper()
    if code not in lib.countries or country != country.lower():
        abort(404)
    flows = {flow.pathway: flow for flow in lib.flows_in(code)}
    pathways = [p for p in lib.pathways.values() if p.kind == "pathway"]
    triage = [p for p in lib.pathways.values() if p.kind == "triage" and lib.flow(code, p.id)]
    # Said before the person opens a guide: the language it is in, when not the page's.
    notes = {p.id: language_note(lib.flow(code, p.id)) for p in [*pathways, *triage]}
    return render_template(
        "main/country.html", code=code, flows=flows, pathways=pathways, triage=triage, notes=notes
    )


@bp.get("/<lang>/<country>/changes")
def changes(country: str):
    """What changed recently in the country's guides (the help-me-choose questions included),
    newest first."""
    lib = library()
    code = country.upper()
    if code not in lib.countries or country != country.lower():
        abort(404)
    flows = [*lib.flows_in(code), *(f for f in lib.flows.values() if f.country == "ALL")]
    entries = sorted(
        ((flow, change) for flow in flows for change in flow.changes),
        key=lambda entry: entry[1].on,
        reverse=True,
    )
    return render_template("main/changes.html", code=code, entries=entries)


@bp.get("/<lang>/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/exit")
def quick_exit():
    """Quick exit: forget every answer on this device and leave for a neutral site. At a service
    desk it ends the person's part only: the clerk stays signed in, on the desk's own page."""
    if staff_signed_in() and current_user.is_authenticated:
        clear_person("exit")
        return redirect(url_for("desk.home", lang=session.get("staff_lang") or url_lang()), 303)
    retire_run()
    session.clear()
    response = redirect(current_app.config["QUICK_EXIT_URL"])
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.get("/healthz")
def health():
    """For the load balancer: 200 when this server can reach the database, else 503. The
    reason goes to the log, never into the response."""
    try:
        db.session.execute(db.text("SELECT 1"))
    except SQLAlchemyError as exc:
        with suppress(SQLAlchemyError):  # the connection died mid-request; the pool replaces it
            db.session.rollback()
        current_app.logger.error("health check: database unreachable (%s)", type(exc).__name__)
        return {"status": "unavailable"}, 503
    outage.database_answered()
    return {"status": "ok", "flows": len(library().flows)}
