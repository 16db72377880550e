"""Staff accounts: argon2 password hashes, lock-out after repeated failures, sessions that end
everywhere at once, the audit log's writes, and the `flask users create/disable/reset` commands."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import cache

import click
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.extensions import db, login_manager
from portal.models import AuditEntry, Staff

ROLES = ("desk", "editor", "admin")
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a screen and typed
users_cli = AppGroup("users", help="Manage staff accounts.")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(when: dt.datetime | None) -> dt.datetime | None:
    return when.replace(tzinfo=dt.UTC) if when is not None and when.tzinfo is None else when


@login_manager.user_loader
def load_staff(token: str) -> Staff | None:
    """The account a session token (Staff.get_id) names, if the token is still current."""
    staff_id, _, generation = token.partition(":")
    if not (staff_id.isdigit() and generation.isdigit()):
        return None
    staff = db.session.get(Staff, int(staff_id))
    if staff is None or not staff.active or staff.session_generation != int(generation):
        return None
    return staff


def end_sessions(staff: Staff) -> None:
    """Every session of this account, on every device, stops working (commit to apply)."""
    staff.session_generation = Staff.session_generation + 1


def record_action(
    action: str,
    actor: Staff | None = None,
    target: Staff | None = None,
    saved_result_id: int | None = None,
) -> None:
    """Add one line to the audit log (commit to apply): who did it (`actor`, none for a failed
    sign-in), the account it was done to (`target`) and the saved record. Never a password,
    a code or an answer."""
    db.session.add(
        AuditEntry(
            at=now(),
            staff_id=actor.id if actor is not None else None,
            target_staff_id=target.id if target is not None else None,
            action=action,
            saved_result_id=saved_result_id,
        )
    )


@cache
def _hasher_for(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def hasher() -> PasswordHasher:
    """The hasher for PASSWORD_HASH_PROFILE (checked at start-up, portal/config.py)."""
    return _hasher_for(current_app.config["PASSWORD_HASH_PROFILE"])


@cache
def _dummy_hash(profile: str) -> str:
    """A hash of a random password, made with the hasher's own parameters, for refusals to
    verify against: then they cost what a wrong password does."""
    return _hasher_for(profile).hash(secrets.token_urlsafe(32))


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find(email: str) -> Staff | None:
    return db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.strip().lower()))


def check_sign_in(email: str, password: str) -> Staff | None:
    """The staff member if the password is right and the account usable; counts failures and
    locks the account after SIGN_IN_LOCK_AFTER of them in a row. Every attempt is audited
    ("sign_in", or "sign_in_failed" naming the account when the email has one) and committed.

    Every path verifies exactly one hash and writes one audit line in one commit, so how long a
    refusal takes does not tell whether the email has an account or the account is disabled or
    locked."""
    staff = find(email)
    signed_in = _verify_account(staff, password)
    if signed_in is not None:
        signed_in.last_sign_in_at = now()
        record_action("sign_in", actor=signed_in)
    else:
        record_action("sign_in_failed", target=staff)
    db.session.commit()
    return signed_in


def _verify_account(staff: Staff | None, password: str) -> Staff | None:
    if staff is None:
        _verifies(_dummy_hash(current_app.config["PASSWORD_HASH_PROFILE"]), password)
        return None
    if not staff.active or is_locked(staff):
        _verifies(staff.password_hash, password)  # refused even when right
        return None
    if not _verifies(staff.password_hash, password):
        staff.failed_sign_ins += 1
        if staff.failed_sign_ins >= current_app.config["SIGN_IN_LOCK_AFTER"]:
            minutes = current_app.config["SIGN_IN_LOCK_MINUTES"]
            staff.locked_until = now() + dt.timedelta(minutes=minutes)
            staff.failed_sign_ins = 0
        return None
    staff.failed_sign_ins = 0
    staff.locked_until = None
    if hasher().check_needs_rehash(staff.password_hash):
        staff.password_hash = hasher().hash(password)
    return staff


def is_locked(staff: Staff) -> bool:
    return (_aware(staff.locked_until) or now()) > now()


def new_account(email: str, role: str, city: str | None, password: str) -> Staff:
    """A new active account (added to the session; commit to apply)."""
    staff = Staff(
        email=email.strip().lower(),
        password_hash=hasher().hash(password),
        role=role,
        city=city or None,
        active=True,
        failed_sign_ins=0,
        created_at=now(),
    )
    db.session.add(staff)
    return staff


def set_password(staff: Staff, password: str) -> None:
    """A new password; re-enables the account, lifts any lock and ends its sessions."""
    staff.password_hash = hasher().hash(password)
    staff.active, staff.failed_sign_ins, staff.locked_until = True, 0, None
    end_sessions(staff)


def one_time_password() -> str:
    """A random password to be typed once from the screen: four groups of four characters from
    an alphabet without look-alikes (about 79 bits)."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def _password(value: str | None) -> str:
    password = value or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 12:
        raise click.BadParameter("use at least 12 characters")
    return password


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="desk", show_default=True)
@click.option("--city", help="The municipality whose offices this person sees first.")
@click.option("--password", help="Prompted for when left out (recommended).")
def create(email: str, role: str, city: str | None, password: str | None) -> None:
    """Create a staff account."""
    if find(email):
        raise click.ClickException(f"{email} already exists")
    staff = new_account(email, role, city, _password(password))
    db.session.flush()  # its id, for the audit log
    record_action("user_created", target=staff)  # no actor: the command line
    db.session.commit()
    click.echo(f"Created {role} account {staff.email}.")


@users_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account at once (its sessions stop working)."""
    staff = find(email)
    if staff is None:
        raise click.ClickException(f"no account {email}")
    staff.active = False
    end_sessions(staff)
    record_action("user_disabled", target=staff)
    db.session.commit()
    click.echo(f"Disabled {staff.email}.")


@users_cli.command("reset")
@click.argument("email")
@click.option("--password", help="Prompted for when left out (recommended).")
def reset(email: str, password: str | None) -> None:
    """Set a new password, re-enable the account, lift any lock and end its sessions."""
    staff = find(email)
    if staff is None:
        raise click.ClickException(f"no account {email}")
    set_password(staff, _password(password))
    record_action("user_reset", target=staff)
    db.session.commit()
    click.echo(f"Reset {staff.email}.")
