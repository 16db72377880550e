"""Every sign-in refusal costs the same as a wrong password, so timing does not tell which
emails have accounts, or which accounts are locked or disabled."""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from portal.config import Defaults
from portal.desk.accounts import check_sign_in
from portal.extensions import db
from portal.models import Staff
from tests.helpers import STAFF_PASSWORD, create_staff

WRONG = "wrong password!!"


@pytest.fixture
def accounts(app):
    """An open, a disabled and a locked account; failures never lock the open one here."""
    app.config["SIGN_IN_LOCK_AFTER"] = 1000
    app.config["PASSWORD_HASH_PROFILE"] = Defaults.PASSWORD_HASH_PROFILE  # the real cost
    for email in ("open@example.org", "disabled@example.org", "locked@example.org"):
        create_staff(app, email)
    with app.app_context():
        by_email = {staff.email: staff for staff in db.session.scalars(select(Staff))}
        by_email["disabled@example.org"].active = False
        locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        by_email["locked@example.org"].locked_until = locked_until
        db.session.commit()
    return app


REFUSALS = {
    "unknown email": ("nobody@example.org", STAFF_PASSWORD),
    "disabled, right password": ("disabled@example.org", STAFF_PASSWORD),
    "disabled, wrong password": ("disabled@example.org", WRONG),
    "locked, right password": ("locked@example.org", STAFF_PASSWORD),
    "locked, wrong password": ("locked@example.org", WRONG),
    "wrong password": ("open@example.org", WRONG),
}


@pytest.mark.parametrize("attempt", [*REFUSALS, "right password"])
def test_every_sign_in_verifies_exactly_one_password_hash(accounts, monkeypatch, attempt):
    calls = []
    verify = PasswordHasher.verify

    def counted(self, hash_, password):
        calls.append(hash_)
        return verify(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    email, password = REFUSALS.get(attempt, ("open@example.org", STAFF_PASSWORD))
    with accounts.app_context():
        signed_in = check_sign_in(email, password)
    assert (signed_in is not None) == (attempt == "right password")
    assert len(calls) == 1 and calls[0].startswith("$argon2")


def test_refusals_take_about_as_long_as_a_wrong_password(accounts):
    def median_seconds(email: str, password: str) -> float:
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            assert check_sign_in(email, password) is None
            timings.append(time.perf_counter() - started)
        return statistics.median(timings)

    with accounts.app_context():
        check_sign_in("warm-up@example.org", WRONG)  # the first refusal makes the dummy hash
        wrong = median_seconds("open@example.org", WRONG)
        for email in ("locked@example.org", "disabled@example.org", "nobody@example.org"):
            assert median_seconds(email, STAFF_PASSWORD) >= 0.5 * wrong, email
