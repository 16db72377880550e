"""Staff accounts in the browser, for admins: the list (role, city, last sign-in, state), create,
disable, enable and reset. A new or reset account gets a one-time password made with `secrets`,
shown once in the answer to the post that made it: never stored in plain text, put in a cookie
or logged. Every change is audited, and disabling or resetting ends the account's sessions."""

from __future__ import annotations

import re

from flask import abort, redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates it (WTForms 3.3)
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from portal.desk.access import role_required
from portal.desk.accounts import (
    ROLES,
    end_sessions,
    find,
    is_locked,
    new_account,
    one_time_password,
    record_action,
    set_password,
)
from portal.desk.views import bp
from portal.extensions import db
from portal.models import Staff

ROLE_LABELS = {
    # TRANSLATORS: a staff role: serves people at a municipal service desk.
    "desk": _l("Desk clerk"),
    # TRANSLATORS: a staff role: checks the guides and reads the statistics.
    "editor": _l("Editor"),
    # TRANSLATORS: a staff role: manages staff accounts and reads the audit log.
    "admin": _l("Admin"),
}
STATES = {
    # TRANSLATORS: the state of a staff account: it can sign in.
    "active": _l("Active"),
    "disabled": _l("Disabled"),
    # TRANSLATORS: account state: too many wrong passwords, it cannot sign in for a while.
    "locked": _l("Locked"),
}
NOTICES = {
    "disabled": _l("The account %(email)s was disabled and signed out everywhere."),
    "enabled": _l("The account %(email)s was enabled. It signs in with its current password."),
}
NOTICE_KEY = "users_notice"
SELF_DISABLE = _l("You cannot disable your own account. Ask another admin.")
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def stripped(value):
    return value.strip() if isinstance(value, str) else value


class CreateForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[stripped],
        validators=[
            InputRequired(message=_l("Enter the person's email")),
            Length(max=254, message=_l("Use at most 254 characters")),
            Regexp(EMAIL_SHAPE, message=_l("Enter an email address like name@example.org")),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()],
        validators=[InputRequired(message=_l("Choose a role"))],
        validate_choice=False,
    )
    city = StringField(
        _l("City (optional)"),
        description=_l("Offices in this city are shown first at the desk, e.g. Boa Vista."),
        filters=[stripped],
        validators=[Optional(), Length(max=120, message=_l("Use at most 120 characters"))],
    )

    def validate_role(self, field) -> None:
        if field.data not in ROLES:
            raise ValidationError(str(_l("Choose a role from the list")))

    def validate_email(self, field) -> None:
        if field.data and find(field.data) is not None:
            raise ValidationError(str(_l("There is already an account with this email")))


def state(staff: Staff) -> str:
    if not staff.active:
        return "disabled"
    return "locked" if is_locked(staff) else "active"


def users_page(form: CreateForm, problem: str | None = None, status: int = 200):
    staff = db.session.scalars(select(Staff).order_by(Staff.email)).all()
    notice = session.pop(NOTICE_KEY, None)
    message = None
    if notice and notice[0] in NOTICES:
        shown = db.session.get(Staff, notice[1])
        message = str(NOTICES[notice[0]]) % {"email": shown.email if shown else ""}
    return render_template(
        "desk/users.html", form=form, staff=staff, state=state, states=STATES,
        roles=ROLE_LABELS, problem=problem, notice=message,
    ), status  # fmt: skip


def account_or_404(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        abort(404)
    return staff


def done(notice: str, staff: Staff):
    session[NOTICE_KEY] = (notice, staff.id)
    return redirect(url_for("desk.users"), 303)


@bp.get("/users")
@role_required("admin")
def users():
    return users_page(CreateForm(formdata=None))


@bp.post("/users")
@role_required("admin")
def create_user():
    form = CreateForm()
    if not form.validate() or form.email.data is None:  # InputRequired: never None when valid
        return users_page(form, status=400)
    password = one_time_password()
    staff = new_account(form.email.data, form.role.data, form.city.data, password)
    db.session.flush()  # its id, for the audit log
    record_action("user_created", actor=current_user, target=staff)
    db.session.commit()
    return render_template("desk/users_password.html", staff=staff, password=password, new=True)


@bp.post("/users/<int:staff_id>/disable")
@role_required("admin")
def disable_user(staff_id: int):
    staff = account_or_404(staff_id)
    if staff.id == current_user.id:
        return users_page(CreateForm(formdata=None), problem=str(SELF_DISABLE), status=400)
    staff.active = False
    end_sessions(staff)
    record_action("user_disabled", actor=current_user, target=staff)
    db.session.commit()
    return done("disabled", staff)


@bp.post("/users/<int:staff_id>/enable")
@role_required("admin")
def enable_user(staff_id: int):
    staff = account_or_404(staff_id)
    staff.active = True
    record_action("user_enabled", actor=current_user, target=staff)
    db.session.commit()
    return done("enabled", staff)


@bp.post("/users/<int:staff_id>/reset")
@role_required("admin")
def reset_user(staff_id: int):
    staff = account_or_404(staff_id)
    password = one_time_password()
    set_password(staff, password)  # also enables, unlocks and ends the account's sessions
    record_action("user_reset", actor=current_user, target=staff)
    db.session.commit()
    return render_template("desk/users_password.html", staff=staff, password=password, new=False)
