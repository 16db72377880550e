"""Rotating SECRET_KEY loses nothing: with the old key in SECRET_KEY_FALLBACKS, sessions, CSRF
tokens and saved results made before still open, and each is sealed again with the new key
when used, so the old key can be dropped later."""

from __future__ import annotations

import re

import pytest

from tests.helpers import BRAZIL, BRAZIL_ANSWERS, SAVED_CODE, answer_all, app_on

OLD = "the-old-secret-key-0123456789-abcdefghij"
NEW = "the-new-secret-key-9876543210-zyxwvutsrq"
CHECK = "/es/br/regularization/check"


@pytest.fixture
def servers(database_uri):
    """The portal before the rotation, during it (new key, old one as fallback) and after."""
    made = {
        "before": app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY=OLD),
        "during": app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY=NEW,
                         SECRET_KEY_FALLBACKS=[OLD]),
        "after": app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY=NEW),
    }  # fmt: skip
    yield {name: next(app) for name, app in made.items()}
    for app in made.values():
        next(app, None)


def with_cookie(app, cookie: str):
    client = app.test_client()
    client.set_cookie("camino", cookie)
    return client


def test_a_session_from_before_opens_and_is_sealed_again_with_the_new_key(servers):
    person = servers["before"].test_client()
    answer_all(person, "es", BRAZIL, BRAZIL_ANSWERS)
    old_cookie = person.get_cookie("camino").value
    assert with_cookie(servers["after"], old_cookie).get(CHECK).status_code == 302  # lost
    during = with_cookie(servers["during"], old_cookie)
    assert during.get(CHECK).status_code == 200  # the answers are still there
    resealed = during.get_cookie("camino").value
    assert resealed != old_cookie
    assert with_cookie(servers["after"], resealed).get(CHECK).status_code == 200


def test_a_saved_result_from_before_opens_and_is_sealed_again(servers):
    person = servers["before"].test_client()
    answer_all(person, "es", BRAZIL, BRAZIL_ANSWERS)
    html = person.post("/es/br/regularization/save").get_data(as_text=True)
    code = SAVED_CODE.search(html).group(1)
    assert servers["after"].test_client().post("/es/resume", data={"code": code}).status_code == 400
    assert (
        servers["during"].test_client().post("/es/resume", data={"code": code}).status_code == 302
    )
    # Opened once during the rotation: it now opens with the new key alone.
    assert servers["after"].test_client().post("/es/resume", data={"code": code}).status_code == 302


@pytest.fixture
def csrf_servers(database_uri):
    """As `servers`, checking CSRF tokens as production does."""
    made = [
        app_on(database_uri, SECRET_KEY=OLD),
        app_on(database_uri, SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD]),
        app_on(database_uri, SECRET_KEY=NEW),
    ]
    yield [next(app) for app in made]
    for app in made:
        next(app, None)


def test_a_form_loaded_before_the_rotation_can_still_be_sent(csrf_servers):
    before, during, after = csrf_servers
    person = before.test_client()
    html = person.get("/es/br/regularization/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    cookie = person.get_cookie("camino").value
    post = {"data": {"csrf_token": token}}
    assert (
        with_cookie(after, cookie).post("/es/br/regularization/restart", **post).status_code == 400
    )
    sent = with_cookie(during, cookie).post("/es/br/regularization/restart", **post)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/q/nationality")
