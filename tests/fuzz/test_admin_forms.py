"""The admin's forms, fuzzed: create, disable, enable and reset an account, and the audit log's
filters (a GET form) with its CSV. Never a 5xx; a refusal says what went wrong in the page's
language; the admin stays signed in and active whatever was posted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from portal.extensions import db
from portal.models import Staff
from tests.fuzz.conftest import STAFF, FuzzApp, desk
from tests.fuzz.inputs import FUZZ, assert_clear_answer, bodies, check, languages, post, queries
from tests.fuzz.routes import fuzzes
from tests.helpers import STAFF_PASSWORD

TARGET = "fuzz-target@example.org"


def ids(fuzz: FuzzApp) -> tuple[int, int]:
    """The admin's own id and that of an account made to be disabled, enabled and reset."""

    def build():
        if find(fuzz, TARGET) is None:
            result = fuzz.app.test_cli_runner().invoke(
                args=["users", "create", TARGET, "--password", STAFF_PASSWORD]
            )
            assert result.exit_code == 0, result.output
        return find(fuzz, STAFF), find(fuzz, TARGET)

    return fuzz.once(("admin-ids",), build)


def find(fuzz: FuzzApp, email: str) -> int | None:
    with fuzz.app.app_context():
        return db.session.scalar(select(Staff.id).where(Staff.email == email))


def still_admin(fuzz: FuzzApp, client) -> None:
    assert fuzz.session_of(client).get("_user_id")
    with fuzz.app.app_context():
        assert db.session.scalar(select(Staff.active).where(Staff.email == STAFF))


@fuzzes("desk.create_user")
@FUZZ
@given(data=st.data())
def test_create_an_account(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = desk(fuzz_app)
    client = fuzz_app.client(cookie)
    valid = ["new@example.org", "x@example.org", STAFF, "desk", "admin", "Boa Vista"]
    body = data.draw(bodies(["email", "role", "city"], valid, token))
    response = post(client, f"/{lang}/desk/users", body)
    check(fuzz_app, response, lang, body, (200,), "There is a problem")
    still_admin(fuzz_app, client)


@fuzzes("desk.disable_user", "desk.enable_user", "desk.reset_user")
@FUZZ
@given(data=st.data())
def test_disable_enable_and_reset(fuzz_app: FuzzApp, data):
    lang = data.draw(languages)
    cookie, token = desk(fuzz_app)
    client = fuzz_app.client(cookie)
    own, target = ids(fuzz_app)
    # the admin's own account only to be disabled (refused): a reset would change the password
    # the other tests sign in with
    staff_id, action = data.draw(
        st.sampled_from([(own, "disable"), (target, "disable"), (target, "enable"),
                         (target, "reset")])
    )  # fmt: skip
    body = data.draw(bodies(["email", "role"], [STAFF], token))
    response = post(client, f"/{lang}/desk/users/{staff_id}/{action}", body)
    check(fuzz_app, response, lang, body, (200, 303), "There is a problem", reads_form=False)
    if staff_id == own:
        assert response.status_code >= 400
    still_admin(fuzz_app, client)


@pytest.mark.parametrize("fuzz_app", [False], indirect=True, ids=["csrf-off"])
@fuzzes("desk.audit", "desk.audit_csv")
@FUZZ
@given(
    lang=languages,
    page=st.sampled_from(["audit", "audit.csv"]),
    query=queries(["staff", "since", "until"], ["1", "2026-12-01", "2026-12-31", "2026-02-30"]),
)
def test_audit_log_filters(fuzz_app: FuzzApp, lang: str, page: str, query: str):
    cookie, _ = desk(fuzz_app)
    response = fuzz_app.client(cookie).get(f"/{lang}/desk/{page}", query_string=query)
    assert response.status_code in (200, 400)
    assert_clear_answer(response, lang, expect=("There is a problem",))
