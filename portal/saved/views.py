"""Save answers under a short code, open them on any device, delete them at once.

The code is shown once, in the page body: never in a URL, a log or a cookie."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
    session,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal.content import flow_or_404
from portal.desk.person import staff_signed_in
from portal.extensions import db
from portal.flows.answers import flow_answers
from portal.flows.progress import current_outcome, flow_urls
from portal.flows.runs import RUN_KEY, retire_run
from portal.formats import format_day
from portal.models import AuditEntry
from portal.ratelimit import spend_on_code
from portal.saved import store
from portal.saved.changed import SAVED_THEN_KEY, saved_data
from portal.saved.codes import normalise
from portal.saved.forms import CodeForm, restore
from portal.saved.opened import OPENED_KEY, opened_record
from portal.stats.counters import outcome_reached

log = logging.getLogger(__name__)
bp = Blueprint("saved", __name__, template_folder="templates")


bp.add_app_template_global(opened_record, "opened_record")


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.post("/<lang>/<country>/<pathway>/save")
def save(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    view = current_outcome(flow)
    if view is None:
        abort(400)
    # saved from check-your-answers: count the outcome now, as opening it later will not
    outcome_reached(country, flow.pathway, flow.id, view.kind, str(get_locale()))
    data = {
        "country": country, "pathway": flow.pathway, "answers": flow_answers(flow.id),
        **saved_data(flow, view.outcome.id),
    }  # fmt: skip
    try:
        code, expires = store.save(
            _secret(), flow.id, str(get_locale()), data, current_app.config["SAVED_DAYS"],
            channel=session.get("channel", "self"),  # "desk" in assisted mode
        )  # fmt: skip
    except SQLAlchemyError as exc:
        db.session.rollback()  # the insert is one statement: nothing half-written remains
        log.error("save: the database failed (%s); nothing was saved", type(exc).__name__)
        html = render_template(
            "saved/not_saved.html", flow=flow, urls=flow_urls(flow), in_flow=True
        )
        return html, 503, {"Retry-After": "60"}
    return render_template(
        "saved/saved.html", code=code, expires=format_day(expires.date()), flow=flow,
        urls=flow_urls(flow), in_flow=True, form=CodeForm(data={"code": code}),
    )  # fmt: skip


@bp.route("/<lang>/resume", methods=["GET", "POST"])
def resume():
    form = CodeForm()
    if request.method == "POST":
        spend_on_code()
    if request.method == "POST" and form.validate():
        code = normalise(form.code.data or "")
        opened = store.open_saved(store.secret_keys(), code) if code else None
        if opened is not None:
            response = restore(*opened)
            if response is not None:
                return response
        form.code.errors = [
            *form.code.errors,
            str(_l("We could not find answers with that code. Check it, or it may have expired.")),
        ]
    status = 400 if request.method == "POST" else 200
    return render_template("saved/resume.html", form=form), status


@bp.post("/<lang>/saved/delete")
def delete():
    spend_on_code()
    form = CodeForm()
    code = normalise(form.code.data or "") if form.validate() else None
    deleted = bool(code and store.delete_saved(store.secret_keys(), code))
    if deleted:
        _forget_answers()
    return render_template("saved/deleted.html", deleted=deleted), 200 if deleted else 400


@bp.post("/<lang>/<country>/<pathway>/delete-opened")
def delete_opened(country: str, pathway: str):
    """ "Delete these answers now" on a result opened by code: the record this session opened,
    and the answers on this device. Works at a desk too (audited there)."""
    flow = flow_or_404(country, pathway)
    record_id = opened_record(flow.id)
    if record_id is None:
        abort(400)
    deleted = store.delete_by_id(record_id)
    if deleted and staff_signed_in():
        db.session.add(AuditEntry(at=store.now(), staff_id=current_user.id, action="delete",
                                  saved_result_id=record_id))  # fmt: skip
        db.session.commit()
    _forget_answers()
    return render_template("saved/deleted.html", deleted=deleted), 200 if deleted else 400


def _forget_answers() -> None:
    retire_run()
    for key in ("answers", RUN_KEY, OPENED_KEY, SAVED_THEN_KEY):
        session.pop(key, None)


@bp.post("/<lang>/saved/slip.pdf")
def slip():
    """ "Print a slip with this code (PDF)" on the page shown right after saving: the code comes
    posted, as a hidden field (never in an address, a log or a cookie), and spends the same
    budget as opening or deleting by code. A code that opens nothing gets a 400 page."""
    from portal.checklists.slip import code_slip
    from portal.errors import render_error

    spend_on_code()
    form = CodeForm()
    code = normalise(form.code.data or "") if form.validate() else None
    opened = store.open_saved(store.secret_keys(), code) if code else None
    if code is None or opened is None:
        return render_error(400, _l("There is a problem"), _l(
            "We could not find answers with that code. Check it, or it may have expired."
        ))  # fmt: skip
    record, data = opened
    return code_slip(code, record.expires_at.date(), data.get("country"))
