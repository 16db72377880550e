"""The municipal service desk: staff sign in, open a person's saved result by code (every
access audited), and run flows with the person (assisted mode). Admins manage accounts and read
the audit log (admin.py, audit.py: their routes join this blueprint)."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from portal.content import library
from portal.desk.access import end_session, ended_message, role_required, staff_session_limits
from portal.desk.accounts import check_sign_in, end_sessions, record_action
from portal.desk.person import (
    NOTICE_KEY,
    clear_person,
    desk_channel,
    session_ends_at,
    staff_signed_in,
)
from portal.extensions import db, login_manager
from portal.i18n import url_lang
from portal.ratelimit import spend_on_code, spend_on_sign_in
from portal.saved import store
from portal.saved.codes import normalise
from portal.saved.forms import CodeForm, restore

bp = Blueprint("desk", __name__, url_prefix="/<lang>/desk", template_folder="templates")
bp.add_app_template_global(staff_signed_in, "staff_signed_in")
bp.add_app_template_global(session_ends_at, "desk_session_ends_at")
bp.before_app_request(staff_session_limits)
login_manager.login_view = "desk.sign_in"
login_manager.login_message = None  # the sign-in page explains itself; no flash messages


NOT_FOUND = _l("We could not find answers with that code. Check it, or it may have expired.")
WRONG = _l(
    "The email or password is not right, or the account is locked. Try again later or ask an admin."
)
# One-time messages on the desk home after the person's part of the session was cleared.
NOTICES = {
    "next": _l(
        "Ready for the next person. The previous person's answers, and anything opened by code, "
        "were cleared. You are still signed in."
    ),
    "exit": _l("Quick exit: the person's answers were cleared. You are still signed in."),
}


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[InputRequired(message=_l("Enter your email")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password")), Length(max=200)],
    )


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if request.method == "POST":
        spend_on_sign_in(form.email.data or "")
    if request.method == "POST" and form.validate():
        staff = check_sign_in(form.email.data or "", form.password.data or "")
        if staff is not None:
            session.clear()  # a new session on sign-in: nothing from before carries over
            login_user(staff)
            session["staff_seen"] = session["staff_since"] = int(time.time())
            session["channel"] = desk_channel(staff.role)
            session["staff_lang"] = url_lang()
            return redirect(url_for("desk.home"))
        form.password.errors = [*form.password.errors, str(WRONG)]
    status = 400 if request.method == "POST" else 200
    ended = ended_message()
    return render_template("desk/sign_in.html", form=form, ended=ended), status


@bp.post("/sign-out")
@login_required
def sign_out():
    end_sessions(current_user)  # on every device: a kept copy of this cookie stops working too
    db.session.commit()
    end_session(None)
    return redirect(url_for("main.home", lang=url_lang()))


@bp.get("/")
@role_required("desk", "editor", "admin")
def home():
    notice = NOTICES.get(session.pop(NOTICE_KEY, ""))
    countries = list(library().countries)
    return render_template("desk/home.html", form=CodeForm(), countries=countries, notice=notice)


@bp.post("/next-person")
@role_required("desk", "editor", "admin")
def next_person():
    clear_person("next")
    return redirect(url_for("desk.home"), 303)


@bp.post("/assist/<country>")
@role_required("desk", "editor", "admin")
def assist(country: str):
    """Start answering with a person: always from a clean slate."""
    if country.upper() not in library().countries or country != country.lower():
        abort(404)
    clear_person()
    return redirect(url_for("main.country", country=country), 303)


@bp.post("/open")
@role_required("desk", "editor", "admin")
def open_saved():
    spend_on_code()
    form = CodeForm()
    code = normalise(form.code.data or "") if form.validate() else None
    opened = store.open_saved(store.secret_keys(), code) if code else None
    if opened is None:
        if form.code.data:  # a code was tried: audited, without the code
            record_action("code_refused", actor=current_user)
            db.session.commit()
        form.code.errors = [*form.code.errors, str(NOT_FOUND)]
        countries = list(library().countries)
        return render_template("desk/home.html", form=form, countries=countries), 400
    record, data = opened
    clear_person()  # the person whose code this is starts clean: nothing of the one before
    record_action("open", actor=current_user, saved_result_id=record.id)
    db.session.commit()
    # In the person's own language (the one they saved in), whatever the clerk's interface is:
    # the result, and the checklist printed from it, are for the person first.
    return restore(record, data, url_lang(record.locale)) or abort(404)
