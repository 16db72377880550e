"""Staff accounts, sign-in protections, the desk's audited open-by-code, and the audit log."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, Staff
from tests.helpers import (
    BRAZIL,
    BRAZIL_ANSWERS,
    STAFF_PASSWORD,
    answer_all,
    create_staff,
    saved_code,
    sign_in,
)


def test_passwords_are_stored_as_argon2_hashes(app):
    create_staff(app)
    with app.app_context():
        staff = db.session.scalar(select(Staff))
        assert (
            staff.password_hash.startswith("$argon2") and STAFF_PASSWORD not in staff.password_hash
        )


def test_a_changed_hash_profile_rehashes_the_password_at_the_next_sign_in(app, client):
    create_staff(app)  # the tests' cheap argon2 parameters
    app.config["PASSWORD_HASH_PROFILE"] = "RFC_9106_LOW_MEMORY"
    with app.app_context():
        before = db.session.scalar(select(Staff)).password_hash
    assert sign_in(client).status_code == 302
    with app.app_context():
        after = db.session.scalar(select(Staff)).password_hash
    assert "m=65536,t=3,p=4" not in before and "m=65536,t=3,p=4" in after


def test_desk_pages_need_a_signed_in_account(client):
    response = client.get("/es/desk/")
    assert response.status_code == 302 and "/es/desk/sign-in" in response.headers["Location"]


def test_sign_in_starts_a_new_session_and_opens_the_desk(app, client):
    create_staff(app)
    client.post("/es/br/regularization/restart")
    client.post("/es/br/regularization/q/nationality", data={"answer": "VE"})
    before = client.get_cookie("camino").value
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/es/desk/")
    assert client.get_cookie("camino").value != before
    # the person's answers from before sign-in did not carry over
    assert (
        client.get("/es/br/regularization/q/birth_date")
        .headers["Location"]
        .endswith("/q/nationality")
    )
    assert client.get("/es/desk/").status_code == 200


def test_wrong_password_and_lock_out(app, client):
    app.config["SIGN_IN_ACCOUNT_LIMIT"] = "100 per minute"  # the lock refuses, not the budget
    create_staff(app)
    for attempt in range(5):  # from different addresses, so the rate limit does not step in
        assert (
            sign_in(client, password="wrong password!!", address=f"192.0.2.{attempt}").status_code
            == 400
        )
    # locked now: even the right password is refused for a while
    assert sign_in(client, address="192.0.2.99").status_code == 400
    result = app.test_cli_runner().invoke(
        args=["users", "reset", "desk@example.org", "--password", STAFF_PASSWORD]
    )
    assert result.exit_code == 0
    assert (
        app.test_client()
        .post("/es/desk/sign-in", data={"email": "desk@example.org", "password": STAFF_PASSWORD})
        .status_code
        == 302
    )


def test_sign_in_is_rate_limited(app, client):
    statuses = [sign_in(client, email="nobody@example.org").status_code for _ in range(7)]
    assert statuses[:5] == [400] * 5 and 429 in statuses[5:]


def test_disabled_accounts_cannot_sign_in_or_keep_using_the_desk(app, client):
    create_staff(app)
    sign_in(client)
    app.test_cli_runner().invoke(args=["users", "disable", "desk@example.org"])
    assert client.get("/es/desk/").status_code == 302
    assert sign_in(app.test_client()).status_code == 400


def test_idle_sessions_end(app, client):
    create_staff(app)
    sign_in(client)
    with client.session_transaction() as session:
        session["staff_seen"] = int(time.time()) - 31 * 60
    assert client.get("/es/desk/").status_code == 302


def test_opening_a_saved_result_is_audited_without_answers(app, client):
    create_staff(app)
    create_staff(app, "admin@example.org", "admin")
    code = saved_code(app)
    sign_in(client)
    response = client.post("/es/desk/open", data={"code": code})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/es/br/regularization/result"
    )
    assert "hipossufici" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.saved_result_id.is_not(None)))
        assert entry.action == "open" and entry.staff_id is not None
        assert not {"answers", "code"} & set(AuditEntry.__table__.columns.keys())
    assert client.get("/es/desk/audit").status_code == 403  # desk staff cannot read the log
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    html = admin.get("/es/desk/audit").get_data(as_text=True)
    assert "desk@example.org" in html and code not in html and "1990" not in html


def test_a_wrong_code_at_the_desk_is_a_clear_400(app, client):
    create_staff(app)
    sign_in(client)
    response = client.post("/es/desk/open", data={"code": "AAA-AAA-AAA"})
    assert response.status_code == 400 and 'class="error-summary"' in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("password", ["short"])
def test_weak_passwords_are_refused(app, password):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x@example.org", "--password", password]
    )
    assert result.exit_code != 0


def test_assisted_mode_records_the_desk_channel_and_shows_own_city_first(app, client):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "clerk@example.org",
            "--city",
            "Boa Vista",
            "--password",
            STAFF_PASSWORD,
        ]
    )
    assert result.exit_code == 0
    sign_in(client, "clerk@example.org")
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    html = client.get("/es/br/regularization/result").get_data(as_text=True)
    assert 'class="assisted' in html
    cities = re.findall(r'<div class="office">\s*<h3>.*?</h3>\s*<p>(.*?)</p>', html, re.S)
    assert cities and cities[0] == "Boa Vista"
    client.post("/es/br/regularization/save")
    with app.app_context():
        from portal.models import SavedResult

        assert db.session.scalar(select(SavedResult.channel)) == "desk"
