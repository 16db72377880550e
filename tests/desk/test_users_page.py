"""Staff accounts in the browser (issue 16 §4): admins list, create, disable, enable and reset
accounts; a one-time password is shown once and never stored; others get a 403."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, Staff
from tests.desk.helpers import ADMIN, LANGS, account, signed_in
from tests.helpers import STAFF_PASSWORD, create_staff
from tests.helpers_i18n import LOCALES, tr

SHOWN_PASSWORD = re.compile(r'<p class="code"[^>]*>([a-z0-9-]+)</p>')


def actions(app) -> list[tuple[str, int | None, int | None]]:
    """Account changes made on the page (`flask users create` is audited too, without an actor)."""
    with app.app_context():
        rows = db.session.execute(
            select(AuditEntry.action, AuditEntry.staff_id, AuditEntry.target_staff_id)
            .where(AuditEntry.action.like("user_%"), AuditEntry.staff_id.is_not(None))
            .order_by(AuditEntry.id)
        ).all()
        return [tuple(row) for row in rows]


@pytest.fixture
def admin(app):
    create_staff(app, ADMIN, "admin")
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_the_list_shows_role_city_last_sign_in_and_state(admin, lang):
    app = admin
    for email in ("clerk@example.org", "locked@example.org", "gone@example.org"):
        create_staff(app, email)
    signed_in(app, lang, "clerk@example.org")
    with app.app_context():
        by_email = {s.email: s for s in db.session.scalars(select(Staff))}
        by_email["locked@example.org"].locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(
            minutes=10
        )
        by_email["gone@example.org"].active = False
        by_email["clerk@example.org"].city = "Boa Vista"
        db.session.commit()
    html = signed_in(app, lang).get(f"/{lang}/desk/users").get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    locale = LOCALES[lang]
    rows = dict(re.findall(r'<tr id="account-\d+">\s*<td>([^<]+)</td>(.*?)</tr>', html, re.S))
    assert set(rows) == {ADMIN, "clerk@example.org", "locked@example.org", "gone@example.org"}
    assert "Boa Vista" in rows["clerk@example.org"]
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>", rows["clerk@example.org"])
    assert tr(locale, "Never") in rows["gone@example.org"]
    assert f"<td>{tr(locale, 'Locked')}</td>" in rows["locked@example.org"]
    assert f"<td>{tr(locale, 'Disabled')}</td>" in rows["gone@example.org"]
    assert f"<td>{tr(locale, 'Active')}</td>" in rows["clerk@example.org"]
    assert f"<td>{tr(locale, 'Desk clerk')}</td>" in rows["clerk@example.org"]
    assert 'name="csrf_token"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_a_created_account_shows_its_password_once_and_it_signs_in(admin, lang):
    client = signed_in(admin, lang)
    response = client.post(
        f"/{lang}/desk/users",
        data={"email": " New.Clerk@Example.org ", "role": "desk", "city": "Roraima"},
    )
    assert response.status_code == 200
    password = SHOWN_PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert len(password) >= 12
    staff = account(admin, "new.clerk@example.org")
    assert (staff.role, staff.city, staff.active) == ("desk", "Roraima", True)
    assert staff.password_hash.startswith("$argon2") and password not in staff.password_hash
    # shown once: never again on the list, and nowhere in the session cookie
    assert password not in client.get(f"/{lang}/desk/users").get_data(as_text=True)
    with client.session_transaction() as session:
        assert password not in repr(dict(session))
    signed_in(admin, lang, "new.clerk@example.org", password)
    admin_id = account(admin, ADMIN).id
    assert actions(admin) == [("user_created", admin_id, staff.id)]


@pytest.mark.parametrize("lang", LANGS)
def test_a_refused_account_is_a_400_with_an_error_summary_in_the_pages_language(admin, lang):
    client = signed_in(admin, lang)
    response = client.post(f"/{lang}/desk/users", data={"email": "not-an-email", "role": "boss"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<html lang="{lang}"' in html and tr(LOCALES[lang], "There is a problem") in html
    assert 'href="#email"' in html and 'href="#role"' in html
    assert 'aria-describedby="email-error"' in html
    taken = client.post(f"/{lang}/desk/users", data={"email": ADMIN.upper(), "role": "desk"})
    assert taken.status_code == 400 and 'href="#email"' in taken.get_data(as_text=True)
    with admin.app_context():
        assert db.session.scalar(select(Staff).where(Staff.email == "not-an-email")) is None
    assert actions(admin) == []


@pytest.mark.parametrize("lang", LANGS)
def test_disabling_ends_the_accounts_sessions_and_enabling_lets_it_sign_in(admin, lang):
    create_staff(admin, "clerk@example.org")
    clerk = signed_in(admin, lang, "clerk@example.org")
    assert clerk.get(f"/{lang}/desk/").status_code == 200
    client = signed_in(admin, lang)
    clerk_id = account(admin, "clerk@example.org").id
    response = client.post(f"/{lang}/desk/users/{clerk_id}/disable")
    assert response.status_code == 303 and response.headers["Location"].endswith("/desk/users")
    assert "clerk@example.org" in client.get(f"/{lang}/desk/users").get_data(as_text=True)
    assert clerk.get(f"/{lang}/desk/").status_code == 302  # signed out at once
    refused = admin.test_client().post(
        f"/{lang}/desk/sign-in", data={"email": "clerk@example.org", "password": STAFF_PASSWORD}
    )
    assert refused.status_code == 400
    assert client.post(f"/{lang}/desk/users/{clerk_id}/enable").status_code == 303
    signed_in(admin, lang, "clerk@example.org")
    admin_id = account(admin, ADMIN).id
    assert actions(admin) == [
        ("user_disabled", admin_id, clerk_id), ("user_enabled", admin_id, clerk_id)
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_reset_shows_a_new_password_once_unlocks_and_ends_sessions(admin, lang):
    create_staff(admin, "clerk@example.org")
    clerk = signed_in(admin, lang, "clerk@example.org")
    with admin.app_context():
        staff = db.session.scalar(select(Staff).where(Staff.email == "clerk@example.org"))
        staff.locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
        db.session.commit()
        clerk_id = staff.id
    response = signed_in(admin, lang).post(f"/{lang}/desk/users/{clerk_id}/reset")
    assert response.status_code == 200
    password = SHOWN_PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert clerk.get(f"/{lang}/desk/").status_code == 302  # the old session ended
    refused = admin.test_client().post(
        f"/{lang}/desk/sign-in", data={"email": "clerk@example.org", "password": STAFF_PASSWORD}
    )
    assert refused.status_code == 400  # the old password is gone
    signed_in(admin, lang, "clerk@example.org", password)  # and the lock lifted
    assert actions(admin) == [("user_reset", account(admin, ADMIN).id, clerk_id)]


@pytest.mark.parametrize("lang", LANGS)
def test_an_admin_cannot_disable_their_own_account(admin, lang):
    client = signed_in(admin, lang)
    admin_id = account(admin, ADMIN).id
    response = client.post(f"/{lang}/desk/users/{admin_id}/disable")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and tr(LOCALES[lang], "There is a problem") in html
    assert f'<html lang="{lang}"' in html
    assert account(admin, ADMIN).active and client.get(f"/{lang}/desk/users").status_code == 200
    assert f"/desk/users/{admin_id}/disable" not in html  # no button to do it either
    assert actions(admin) == []


@pytest.mark.parametrize("role", ["desk", "editor"])
def test_only_admins_see_or_change_accounts(admin, role):
    create_staff(admin, "staff@example.org", role)
    client = signed_in(admin, "pt-BR", "staff@example.org")
    admin_id = account(admin, ADMIN).id
    assert client.get("/pt-BR/desk/users").status_code == 403
    assert client.post("/pt-BR/desk/users", data={"email": "x@example.org"}).status_code == 403
    for action in ("disable", "enable", "reset"):
        assert client.post(f"/pt-BR/desk/users/{admin_id}/{action}").status_code == 403
    assert account(admin, ADMIN).active and actions(admin) == []
    assert admin.test_client().get("/es/desk/users").status_code == 302  # signed out: sign in


def test_an_unknown_account_is_a_404(admin):
    assert signed_in(admin, "es").post("/es/desk/users/999/reset").status_code == 404


def test_every_change_needs_the_csrf_token(csrf_app):
    create_staff(csrf_app, ADMIN, "admin")
    create_staff(csrf_app, "clerk@example.org")
    client = csrf_app.test_client()
    page = client.get("/es/desk/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"email": ADMIN, "password": STAFF_PASSWORD, "csrf_token": token}
    assert client.post("/es/desk/sign-in", data=data).status_code == 302
    clerk_id = account(csrf_app, "clerk@example.org").id
    for url in (
        "/es/desk/users",
        *(f"/es/desk/users/{clerk_id}/{a}" for a in ("disable", "reset")),
    ):
        assert client.post(url, data={"email": "x@example.org", "role": "desk"}).status_code == 400
    assert account(csrf_app, "clerk@example.org").active
    html = client.get("/es/desk/users").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    disable = client.post(f"/es/desk/users/{clerk_id}/disable", data={"csrf_token": token})
    assert disable.status_code == 303 and not account(csrf_app, "clerk@example.org").active
