"""A staff session ends for good: sign-out, disabling and a password reset end every copy of
its cookie, and no session outlives STAFF_MAX_HOURS however active the clerk is."""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.desk import views
from portal.extensions import db
from portal.models import Staff
from tests.helpers import app_on, create_staff, sign_in

EMAIL = "desk@example.org"


def kept_cookie(client) -> str:
    """The Cookie header this browser sends now, as someone copying it would keep it."""
    return f"camino={client.get_cookie('camino').value}"


def replay(app, cookie: str, path: str = "/es/desk/"):
    return app.test_client(use_cookies=False).get(path, headers={"Cookie": cookie})


def assert_refused(app, response) -> None:
    """Sent to sign in; a cookie issued with the refusal (it carries the one-time "your session
    was ended" message) does not open the desk either."""
    assert response.status_code == 302
    assert "/es/desk/sign-in" in response.headers["Location"]
    for header in response.headers.getlist("Set-Cookie"):
        name, _, value = header.partition("=")
        value = value.split(";", 1)[0]
        if name == "camino" and value:
            assert replay(app, f"camino={value}").status_code == 302, (
                "the new cookie opens the desk"
            )


def invoke(app, *args: str) -> None:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output


def test_a_cookie_kept_from_before_sign_out_no_longer_opens_the_desk(app, client):
    create_staff(app)
    sign_in(client)
    kept = kept_cookie(client)
    assert replay(app, kept).status_code == 200  # a copy works while the clerk is signed in
    client.post("/es/desk/sign-out")
    assert_refused(app, replay(app, kept))
    assert_refused(app, client.get("/es/desk/"))


def test_signing_out_ends_the_sessions_on_every_device(app, client):
    create_staff(app)
    other_device = app.test_client()
    sign_in(client)
    sign_in(other_device)
    client.post("/es/desk/sign-out")
    assert_refused(app, other_device.get("/es/desk/"))
    sign_in(client)  # signing in again is not hindered
    assert client.get("/es/desk/").status_code == 200


def test_a_stale_session_is_cleared_rather_than_left_in_assisted_mode(app, client):
    create_staff(app)
    sign_in(client)
    kept = kept_cookie(client)
    client.post("/es/desk/sign-out")
    browser = app.test_client()
    browser.set_cookie("camino", kept.partition("=")[2])
    response = browser.get("/en/")  # the copy is told its session ended, not left half-assisted
    assert response.status_code == 302 and "/en/desk/sign-in" in response.headers["Location"]
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your desk session was ended" in html and 'class="assisted' not in html
    assert 'class="assisted' not in browser.get("/en/").get_data(as_text=True)


def test_disabling_ends_every_session_even_once_the_account_is_enabled_again(app, client):
    create_staff(app)
    sign_in(client)
    kept = kept_cookie(client)
    invoke(app, "users", "disable", EMAIL)
    assert_refused(app, replay(app, kept))
    with app.app_context():
        db.session.scalar(sa.select(Staff)).active = True
        db.session.commit()
    assert_refused(app, replay(app, kept))


def test_a_password_reset_ends_every_session(app, client):
    create_staff(app)
    sign_in(client)
    kept = kept_cookie(client)
    invoke(app, "users", "reset", EMAIL, "--password", "a brand new passphrase")
    assert_refused(app, replay(app, kept))
    assert_refused(app, client.get("/es/desk/"))


def test_the_sign_in_page_says_an_idle_session_ended(app, client):
    create_staff(app)
    sign_in(client)
    with client.session_transaction() as session:
        session["staff_seen"] = int(time.time()) - 31 * 60
    response = client.get("/en/desk/")
    assert response.status_code == 302 and "/desk/sign-in" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 30 minutes without activity." in html
    # said once: the page does not repeat it on the next visit
    assert "signed out" not in client.get("/en/desk/sign-in").get_data(as_text=True)


def test_desk_sessions_end_after_twelve_hours_even_when_the_clerk_is_active(
    app, client, monkeypatch
):
    clock = [time.time()]
    monkeypatch.setattr(views.time, "time", lambda: clock[0])
    create_staff(app)
    sign_in(client)
    for _step in range(28):  # a request every 25 minutes, always within the idle limit
        clock[0] += 25 * 60
        assert client.get("/en/desk/").status_code == 200
    clock[0] += 25 * 60  # 12 h 5 min after signing in
    response = client.get("/en/desk/")
    assert response.status_code == 302 and "/desk/sign-in" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 12 hours" in html


def test_the_migration_gives_existing_accounts_generation_zero_and_downgrades(make_database_uri):
    for app in app_on(make_database_uri()):
        with app.app_context():
            db.drop_all()
            upgrade(revision="0003_statistics")
            db.session.execute(sa.text(
                "INSERT INTO staff (email, password_hash, role, active, failed_sign_ins, "
                "created_at) VALUES ('a@example.org', 'x', 'desk', true, 0, CURRENT_TIMESTAMP)"
            ))  # fmt: skip
            db.session.commit()
            db.session.remove()
            upgrade(revision="0004_staff_sessions")
            generation = db.session.execute(sa.text("SELECT session_generation FROM staff"))
            assert generation.scalar() == 0
            db.session.remove()
            downgrade(revision="0003_statistics")
            columns = {c["name"] for c in sa.inspect(db.engine).get_columns("staff")}
            assert "session_generation" not in columns and "email" in columns
            db.session.remove()
