"""Quick exit and "Delete my answers now" end the run on the server too: a copy of the cookie
taken before no longer shows the answers. What stays unprotected is said in the README
("Privacy") and shown here: a copy replayed while the database is unreachable."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import RetiredRun
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, SAVED_CODE, answer_all, app_on

CHECK = "/es/br/regularization/check"
KEY = "a-secret-key-both-servers-share-0123456789"


def finished(app):
    person = app.test_client()
    answer_all(person, "es", BRAZIL, BRAZIL_ANSWERS)
    assert person.get(CHECK).status_code == 200
    return person, person.get_cookie("camino").value


def replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("camino", cookie)
    return thief.get(CHECK)


def test_a_copy_of_the_cookie_opens_nothing_after_quick_exit(app):
    person, copied = finished(app)
    assert replay(app, copied).status_code == 200  # before: the copy works like the original
    person.get("/exit")
    response = replay(app, copied)
    assert response.status_code == 302 and "/q/" in response.headers["Location"]
    with app.app_context():
        stored = db.session.scalars(select(RetiredRun.run_hash)).all()
    assert len(stored) == 1 and copied not in stored[0]


def test_a_run_retired_by_another_server_counts_after_its_next_reload(database_uri):
    """Two app servers on one database: each reloads the retired runs every
    RETIRED_RUNS_REFRESH_SECONDS (0 here, so at once)."""
    apps = [
        app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY=KEY,
               RETIRED_RUNS_REFRESH_SECONDS=refresh)
        for refresh in (2.0, 0)
    ]  # fmt: skip
    first, second = (next(made) for made in apps)
    person, copied = finished(first)
    assert replay(second, copied).status_code == 200
    person.get("/exit")  # retired on the first server
    assert replay(second, copied).status_code == 302
    for made in apps:
        next(made, None)


def test_a_copy_of_the_cookie_opens_nothing_after_deleting_saved_answers(app):
    person, copied = finished(app)
    html = person.post("/es/br/regularization/save").get_data(as_text=True)
    code = SAVED_CODE.search(html).group(1)
    assert person.post("/es/saved/delete", data={"code": code}).status_code == 200
    assert replay(app, copied).status_code == 302


def test_a_new_journey_after_quick_exit_is_not_affected(app):
    person, _copied = finished(app)
    person.get("/exit")
    answer_all(person, "es", BRAZIL, BRAZIL_ANSWERS)
    assert person.get(CHECK).status_code == 200


def test_not_protected_a_copy_replayed_while_the_database_is_down(app, monkeypatch):
    """Retiring needs the database; without it Quick exit still clears this device's cookie,
    and a copy keeps working until its idle expiry (README, Privacy)."""
    from portal.flows import runs

    person, copied = finished(app)
    monkeypatch.setattr(runs, "is_retired", lambda run_id: False)
    person.get("/exit")
    assert person.get_cookie("camino") is None
    assert replay(app, copied).status_code == 200
