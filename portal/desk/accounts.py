"""Staff accounts: argon2 password hashes, lock-out after repeated failures, sessions that end
everywhere at once, and the `flask users create/disable/reset` commands."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import cache

import click
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.extensions import db, login_manager
from portal.models import Staff

ROLES = ("desk", "editor", "admin")
hasher = PasswordHasher()
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


@cache
def _dummy_hash() -> str:
    """A hash of a random password, made with the hasher's own parameters, for refusals to
    verify against: then they cost what a wrong password does."""
    return hasher.hash(secrets.token_urlsafe(32))


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find(email: str) -> Staff | None:
    return db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.strip().lower()))


def check_sign_in(email: str, password: str) -> Staff | None:
    """The staff member if the password is right and the account usable; counts failures and
    locks the account after SIGN_IN_LOCK_AFTER of them in a row.

    Every path verifies exactly one hash, so how long a refusal takes does not tell whether
    the email has an account or the account is disabled or locked."""
    staff = find(email)
    if staff is None:
        _verifies(_dummy_hash(), password)
        return None
    if not staff.active or (_aware(staff.locked_until) or now()) > now():
        _verifies(staff.password_hash, password)  # refused even when right
        return None
    if not _verifies(staff.password_hash, password):
        staff.failed_sign_ins += 1
        if staff.failed_sign_ins >= current_app.config["SIGN_IN_LOCK_AFTER"]:
            minutes = current_app.config["SIGN_IN_LOCK_MINUTES"]
            staff.locked_until = now() + dt.timedelta(minutes=minutes)
            staff.failed_sign_ins = 0
        db.session.commit()
        return None
    staff.failed_sign_ins = 0
    staff.locked_until = None
    if hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = hasher.hash(password)
    db.session.commit()
    return staff


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
    staff = Staff(
        email=email.strip().lower(),
        password_hash=hasher.hash(_password(password)),
        role=role,
        city=city,
        active=True,
        failed_sign_ins=0,
        created_at=now(),
    )
    db.session.add(staff)
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
    staff.password_hash = hasher.hash(_password(password))
    staff.active, staff.failed_sign_ins, staff.locked_until = True, 0, None
    end_sessions(staff)
    db.session.commit()
    click.echo(f"Reset {staff.email}.")
