"""Rotating SECRET_KEY loses nothing: with the old key in SECRET_KEY_FALLBACKS, sessions, CSRF
tokens and saved results made before still open, and each is sealed again with the new key
when used; `flask keys rotate-saved` moves every saved result at once, without its code, so
the old key can be dropped the same day."""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from portal.extensions import db
from portal.models import SavedResult
from portal.saved import codes as codes_module
from portal.session import derive_key
from tests.helpers import (
    BRAZIL,
    BRAZIL_ANSWERS,
    SAVED_CODE,
    TEST_CODE_HASH_PROFILE,
    answer_all,
    app_on,
    saved_code,
)

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


def rotate(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["keys", "rotate-saved"])
    return result.exit_code, result.output


def opens(app, code: str) -> bool:
    return app.test_client().post("/es/resume", data={"code": code}).status_code == 302


def records(app) -> list[SavedResult]:
    with app.app_context():
        found = list(db.session.scalars(select(SavedResult).order_by(SavedResult.id)))
        db.session.expunge_all()
        return found


def test_rotate_saved_moves_every_saved_result_without_its_code(servers):
    codes = [saved_code(servers["before"]) for _ in range(3)]
    before = records(servers["before"])
    exit_code, output = rotate(servers["during"])
    assert exit_code == 0
    assert "Sealed again with the current key: 3. Already sealed with it: 0." in output
    assert "No saved result needs the fallback keys any more." in output
    moved = records(servers["during"])
    for old, new in zip(before, moved, strict=True):
        assert new.code_hash != old.code_hash and new.ciphertext != old.ciphertext
        # The inner layer, which only the code opens, was carried over untouched.
        assert codes_module.rewrap(NEW, NEW, new.ciphertext) is not None
        assert inner_layer(NEW, new.ciphertext) == inner_layer(OLD, old.ciphertext)
    # Nobody opened a code during the rotation, yet every one opens with the new key alone.
    assert all(opens(servers["after"], code) for code in codes)
    assert (
        "Sealed again with the current key: 0. Already sealed with it: 3."
        in rotate(servers["after"])[1]
    )


def inner_layer(secret: str, sealed: bytes) -> bytes:
    key = derive_key(secret, b"saved results, outer layer, format 2")
    opened = AESGCM(key).decrypt(sealed[:12], sealed[12:], codes_module.OUTER_AAD)
    return opened[codes_module.LOOKUP :]


def test_the_key_and_the_database_together_do_not_open_answers_without_the_code(servers):
    code = saved_code(servers["before"])
    (record,) = records(servers["before"])
    inner = inner_layer(OLD, record.ciphertext)
    for needle in (b'"VE"', b"1990", b"nationality"):
        assert needle not in inner
    profile = servers["before"].config["SAVED_CODE_HASH_PROFILE"]
    other = codes_module.new_code()
    assert (
        codes_module.unseal(OLD, codes_module.code_secrets(other, profile), record.ciphertext)
        is None
    )
    data = codes_module.unseal(OLD, codes_module.code_secrets(code, profile), record.ciphertext)
    assert data and "VE" in str(data)


def format1_record(app, secret: str, code: str, data: dict) -> None:
    """A saved result as the portal sealed it before format 2: one AES-GCM layer, the code as
    associated data, indexed by an HMAC of the code."""
    nonce = os.urandom(12)
    key = derive_key(secret, b"saved results")
    sealed = nonce + AESGCM(key).encrypt(nonce, json.dumps(data).encode(), code.encode())
    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        db.session.add(SavedResult(
            code_hash=codes_module.format1_code_hash(secret, code), ciphertext=sealed,
            seal_format=1, flow_id="br/regularization", locale="es", channel="self",
            created_at=now, expires_at=now + dt.timedelta(days=30),
        ))  # fmt: skip
        db.session.commit()


def test_a_result_saved_before_format_2_opens_and_moves_when_its_code_is_used(servers):
    code = saved_code(servers["before"])
    (record,) = records(servers["before"])
    data = codes_module.unseal(
        OLD, codes_module.code_secrets(code, TEST_CODE_HASH_PROFILE), record.ciphertext
    )
    legacy = "K7M-4QX-2PD"
    format1_record(servers["before"], OLD, legacy, data)
    exit_code, output = rotate(servers["during"])
    assert exit_code == 0 and "Sealed again with the current key: 1." in output
    assert "need their code: 1" in output and "No saved result needs" not in output
    assert not opens(servers["after"], legacy)  # not moved: nothing but its code moves it
    assert opens(servers["during"], legacy)
    assert [record.seal_format for record in records(servers["after"])] == [2, 2]
    assert opens(servers["after"], legacy) and opens(servers["after"], code)


def test_rotate_saved_says_which_results_no_key_opens(servers, database_uri):
    saved_code(servers["before"])
    made = app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY="lost-" + "k" * 40)
    saved_code(next(made))
    next(made, None)
    exit_code, output = rotate(servers["during"])
    assert exit_code == 1
    assert "Sealed again with the current key: 1." in output
    assert "Opened by no configured key: 1." in output
