"""The municipal service desk: staff sign in, open a person's saved result by code (every
access audited), and run flows with the person (assisted mode). Admins read the audit log."""

from __future__ import annotations

import time
from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from portal.content import library
from portal.desk.accounts import check_sign_in, end_sessions, now
from portal.extensions import db, login_manager
from portal.i18n import url_lang
from portal.models import AuditEntry, Staff
from portal.ratelimit import spend_on_code, spend_on_sign_in
from portal.saved import store
from portal.saved.codes import normalise
from portal.saved.views import CodeForm, restore, secret_keys

bp = Blueprint("desk", __name__, url_prefix="/<lang>/desk", template_folder="templates")
login_manager.login_view = "desk.sign_in"
login_manager.login_message = None  # the sign-in page explains itself; no flash messages


NOT_FOUND = _l("We could not find answers with that code. Check it, or it may have expired.")
WRONG = _l(
    "The email or password is not right, or the account is locked. Try again later or ask an admin."
)
# Why the last staff session ended, shown once on the sign-in page.
ENDED = {
    "idle": _l("You were signed out after %(minutes)s minutes without activity."),
    "max": _l("You were signed out after %(hours)s hours, the longest a desk session lasts."),
}


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[InputRequired(message=_l("Enter your email")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password")), Length(max=200)],
    )


def role_required(*roles: str):
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _end_session(reason: str | None) -> None:
    logout_user()
    session.clear()
    if reason:
        session["staff_ended"] = reason


@bp.before_app_request
def staff_session_limits() -> None:
    """Staff sessions end after STAFF_IDLE_MINUTES without a request and STAFF_MAX_HOURS after
    sign-in, and at once when the account's sessions were ended elsewhere (load_staff)."""
    if "staff_seen" not in session:
        return  # the cheap test first: almost every request is from a person, not staff
    if not current_user.is_authenticated:
        _end_session(None)  # nothing of a stale staff session, assisted mode included, lingers
        return
    config, at = current_app.config, time.time()
    if at - session["staff_seen"] > config["STAFF_IDLE_MINUTES"] * 60:
        _end_session("idle")
    elif at - session.get("staff_since", 0) > config["STAFF_MAX_HOURS"] * 3600:
        _end_session("max")
    else:
        session["staff_seen"] = int(at)


def _ended_message() -> str | None:
    reason = session.pop("staff_ended", None)
    if reason not in ENDED:
        return None
    config = current_app.config
    values = {"minutes": config["STAFF_IDLE_MINUTES"], "hours": config["STAFF_MAX_HOURS"]}
    return str(ENDED[reason]) % values


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
            session["channel"] = "desk"
            return redirect(url_for("desk.home"))
        form.password.errors.append(str(WRONG))
    status = 400 if request.method == "POST" else 200
    ended = _ended_message()
    return render_template("desk/sign_in.html", form=form, ended=ended), status


@bp.post("/sign-out")
@login_required
def sign_out():
    end_sessions(current_user)  # on every device: a kept copy of this cookie stops working too
    db.session.commit()
    _end_session(None)
    return redirect(url_for("main.home", lang=url_lang()))


@bp.get("/")
@role_required("desk", "editor", "admin")
def home():
    lib = library()
    return render_template("desk/home.html", form=CodeForm(), countries=list(lib.countries))


@bp.post("/open")
@role_required("desk", "editor", "admin")
def open_saved():
    spend_on_code()
    form = CodeForm()
    code = normalise(form.code.data or "") if form.validate() else None
    opened = store.open_saved(secret_keys(), code) if code else None
    if opened is None:
        form.code.errors.append(str(NOT_FOUND))
        countries = list(library().countries)
        return render_template("desk/home.html", form=form, countries=countries), 400
    record, data = opened
    entry = AuditEntry(at=now(), staff_id=current_user.id, action="open", saved_result_id=record.id)
    db.session.add(entry)
    db.session.commit()
    return restore(data) or abort(404)


@bp.get("/audit")
@role_required("admin")
def audit():
    rows = db.session.execute(
        select(AuditEntry, Staff.email).join(Staff, Staff.id == AuditEntry.staff_id)
        .order_by(AuditEntry.at.desc()).limit(500)
    ).all()  # fmt: skip
    return render_template("desk/audit.html", rows=rows)
