"""The audit log page for admins: every action named in the page's language, filters by person
and dates (a GET form), a CSV of the filtered lines, and repeated openings of one saved record by
one person flagged. It shows who, when, which account and which record: never answers, codes or
passwords, which are not recorded."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import aliased
from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates it (WTForms 3.3)
from wtforms.validators import ValidationError
from wtforms.widgets import DateInput

from portal.desk.access import role_required
from portal.desk.views import bp
from portal.extensions import db
from portal.models import AuditEntry, Staff

# A line of the log: the entry, and the emails of who did it and of the account it was done to
# (None where there is no such account: both are outer joins).
AuditRow = Row[AuditEntry, str | None, str | None]
# How many times one person opened one saved record, by (staff id, saved record id): columns
# that may be empty, so None in the types.
Openings = dict[tuple[int | None, int | None], int]

# Stable codes (stored, and kept in the CSV) and how the page names them.
ACTIONS = {
    # TRANSLATORS: audit log action: staff opened a person's saved answers by code.
    "open": _l("Opened saved answers"),
    # TRANSLATORS: audit log action: staff deleted a person's saved answers at the desk.
    "delete": _l("Deleted saved answers"),
    # TRANSLATORS: audit log action: a code typed at the desk matched no saved answers.
    "code_refused": _l("Code not found"),
    "sign_in": _l("Signed in"),
    # TRANSLATORS: audit log action: a wrong email or password, or a locked or disabled account.
    "sign_in_failed": _l("Failed sign-in"),
    "user_created": _l("Account created"),
    "user_disabled": _l("Account disabled"),
    "user_enabled": _l("Account enabled"),
    # TRANSLATORS: audit log action: an admin set a new one-time password for an account.
    "user_reset": _l("Password reset"),
}
PAGE_ROWS = 500
CSV_ROWS = 100_000
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ENTER_DATE = _l("Enter a date like 2026-12-31")


def action_label(action: str) -> str:
    return str(ACTIONS[action]) if action in ACTIONS else action


def a_date(form, field) -> None:
    if not field.data:
        field.data = ""
        return
    try:
        if not DATE.fullmatch(field.data):
            raise ValueError(field.data)
        dt.date.fromisoformat(field.data)
    except ValueError:
        raise ValidationError(str(ENTER_DATE)) from None


def offered(form, field) -> None:
    field.data = field.data or ""  # left out: everyone
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(str(_l("Select one of the options shown")))


class AuditFilterForm(Form):
    """GET form (no CSRF: it changes nothing). Dates are whole UTC days, both included."""

    staff = SelectField(_l("Person"), validators=[offered], validate_choice=False)
    since = StringField(_l("From (date)"), validators=[a_date], widget=DateInput())
    until = StringField(_l("Until (date)"), validators=[a_date], widget=DateInput())

    def validate_until(self, field) -> None:
        both = (self.since.data or "", field.data or "")
        if all(DATE.fullmatch(value) for value in both) and both[1] < both[0]:
            raise ValidationError(str(_l("The end date must not be before the start date")))

    def first_error_id(self) -> str:
        return next(iter(self.errors), "staff")

    def query(self) -> dict[str, str]:
        """The filters as URL parameters, for the CSV link and its filename."""
        return {field.name: field.data for field in self if field.data}


def filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    emails = db.session.execute(select(Staff.id, Staff.email).order_by(Staff.email)).all()
    form.staff.choices = [SelectChoice("", _l("Everyone"))] + [
        SelectChoice(str(staff_id), email) for staff_id, email in emails
    ]
    return form


def filtered(form: AuditFilterForm, limit: int) -> Sequence[AuditRow]:
    actor, target = aliased(Staff), aliased(Staff)
    query = (
        select(AuditEntry, actor.email, target.email)
        .outerjoin(actor, actor.id == AuditEntry.staff_id)
        .outerjoin(target, target.id == AuditEntry.target_staff_id)
    )
    if form.staff.data:
        staff_id = int(form.staff.data)
        query = query.where(
            or_(AuditEntry.staff_id == staff_id, AuditEntry.target_staff_id == staff_id)
        )
    if form.since.data:
        since = dt.datetime.fromisoformat(form.since.data).replace(tzinfo=dt.UTC)
        query = query.where(AuditEntry.at >= since)
    if form.until.data:
        until = dt.datetime.fromisoformat(form.until.data).replace(tzinfo=dt.UTC)
        query = query.where(AuditEntry.at < until + dt.timedelta(days=1))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return db.session.execute(query).all()


def openings(rows: Sequence[AuditRow]) -> Openings:
    """How many times each person opened each saved record shown, when more than once (over the
    whole log, not only the lines shown)."""
    records = {entry.saved_result_id for entry, _, _ in rows if entry.action == "open"}
    if not records:
        return {}
    counted = db.session.execute(
        select(AuditEntry.staff_id, AuditEntry.saved_result_id, func.count())
        .where(AuditEntry.action == "open", AuditEntry.saved_result_id.in_(records))
        .group_by(AuditEntry.staff_id, AuditEntry.saved_result_id)
        .having(func.count() > 1)
    ).all()
    return {(staff_id, record): count for staff_id, record, count in counted}


def times_opened(entry: AuditEntry, repeated: Openings) -> int:
    if entry.action != "open":
        return 0
    return repeated.get((entry.staff_id, entry.saved_result_id), 1)


@bp.get("/audit")
@role_required("admin")
def audit():
    form = filter_form()
    if not form.validate():
        return render_template("desk/audit.html", form=form, rows=[], repeated={}), 400
    rows = filtered(form, PAGE_ROWS)
    return render_template(
        "desk/audit.html", form=form, rows=rows, repeated=openings(rows), query=form.query(),
        action_label=action_label, times_opened=times_opened, page_rows=PAGE_ROWS,
    )  # fmt: skip


@bp.get("/audit.csv")
@role_required("admin")
def audit_csv():
    form = filter_form()
    if not form.validate():
        return render_template("desk/audit.html", form=form, rows=[], repeated={}), 400
    rows = filtered(form, CSV_ROWS)
    repeated = openings(rows)
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(out)
    writer.writerow(
        ["at_utc", "action", "action_label", "staff", "account", "saved_record", "times_opened"]
    )
    for entry, actor, target in rows:
        count = times_opened(entry, repeated)
        writer.writerow([
            entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.action, action_label(entry.action),
            safe_csv(actor or ""), safe_csv(target or ""), entry.saved_result_id or "",
            count or "",
        ])  # fmt: skip
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{csv_name(form)}"'},
    )


def csv_name(form: AuditFilterForm) -> str:
    parts = ["camino-audit", form.since.data or "start", "to", form.until.data or "now"]
    if form.staff.data:
        parts += ["staff", form.staff.data]
    return "-".join(parts) + ".csv"


def safe_csv(text: str) -> str:
    """A value that a spreadsheet would run as a formula is written as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
