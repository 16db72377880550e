"""Rate limits in one app (the test client): which budget each try spends, what a refusal says,
and where the counts live. tests/test_rate_limits_gunicorn.py proves the same budgets across
real gunicorn workers, on the database store and on Redis."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import create_app
from portal.config import InsecureConfiguration
from portal.extensions import db
from portal.models import RateLimitCounter
from tests.helpers import app_on, create_staff, saved_code, sign_in, visible_text

BAD_CODE = {"code": "AAA-AAA-AAA"}
DESK = "192.0.2.10"  # one municipal office: every clerk and every visitor behind one address


@pytest.fixture
def limited_app(database_uri):
    yield from app_on(
        database_uri,
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        CODE_LOOKUP_LIMIT="4 per minute;6 per day",
        STAFF_CODE_LOOKUP_LIMIT="3 per hour",
        SIGN_IN_ACCOUNT_LIMIT="3 per minute",
        SIGN_IN_ADDRESS_LIMIT="8 per minute",
    )


def public_try(app, path: str, address: str = DESK) -> int:
    client = app.test_client()
    return client.post(path, data=BAD_CODE, environ_base={"REMOTE_ADDR": address}).status_code


def test_resume_and_delete_share_one_budget_per_address(limited_app):
    statuses = [public_try(limited_app, "/es/resume") for _ in range(2)]
    statuses += [public_try(limited_app, "/es/saved/delete") for _ in range(2)]
    assert statuses == [400, 400, 400, 400]
    assert public_try(limited_app, "/es/resume") == 429
    assert public_try(limited_app, "/es/saved/delete") == 429
    assert public_try(limited_app, "/es/resume", address="198.51.100.9") == 400  # someone else


def test_a_refusal_says_what_was_limited_and_when_it_resets_in_the_page_language(limited_app):
    for _ in range(4):
        public_try(limited_app, "/es/resume")
    response = limited_app.test_client().post(
        "/es/resume", data=BAD_CODE, environ_base={"REMOTE_ADDR": DESK}
    )
    text = visible_text(response.get_data(as_text=True))
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61
    assert "códigos" in text and "dentro de" in text, text  # "in 59 seconds", in Spanish
    french = limited_app.test_client().post(
        "/fr/resume", data=BAD_CODE, environ_base={"REMOTE_ADDR": DESK}
    )
    assert "dans" in visible_text(french.get_data(as_text=True))


def test_the_daily_window_counts_too(limited_app, monkeypatch):
    import time

    start = time.time()
    statuses = []
    for minute in range(3):  # 3 tries in each of 3 minutes: the minute budget never runs out
        monkeypatch.setattr(time, "time", lambda m=minute: start + 61 * m)
        statuses += [public_try(limited_app, "/es/resume") for _ in range(3)]
    assert statuses == [400] * 6 + [429] * 3


def test_staff_opening_codes_spend_their_own_budget_not_the_office_address(limited_app):
    create_staff(limited_app)
    code = saved_code(limited_app)
    for _ in range(4):  # visitors at the office have used up the address's public budget
        public_try(limited_app, "/es/resume")
    assert public_try(limited_app, "/es/resume") == 429
    clerk = limited_app.test_client()
    assert sign_in(clerk, address=DESK).status_code == 302
    opened = [
        clerk.post(
            "/es/desk/open", data={"code": code}, environ_base={"REMOTE_ADDR": DESK}
        ).status_code
        for _ in range(4)
    ]
    assert opened == [302, 302, 302, 429]
    refused = clerk.post("/es/desk/open", data={"code": code}, environ_base={"REMOTE_ADDR": DESK})
    assert "cuenta" in visible_text(refused.get_data(as_text=True))  # "your account"
    # A colleague at the same desk has a budget of their own.
    create_staff(limited_app, "second@example.org")
    colleague = limited_app.test_client()
    assert sign_in(colleague, "second@example.org", address=DESK).status_code == 302
    assert colleague.post("/es/desk/open", data={"code": code}).status_code == 302


def test_a_busy_office_can_sign_in_many_colleagues_in_one_minute(limited_app):
    emails = [f"clerk{n}@example.org" for n in range(6)]
    for email in emails:
        create_staff(limited_app, email)
    statuses = [
        sign_in(limited_app.test_client(), email, address=DESK).status_code for email in emails
    ]
    assert statuses == [302] * 6


def test_sign_in_is_limited_per_account_and_per_address(limited_app):
    create_staff(limited_app)
    wrong = [
        sign_in(limited_app.test_client(), password="wrong password!", address=f"10.0.0.{n}")
        for n in range(4)
    ]
    assert [r.status_code for r in wrong] == [400, 400, 400, 429]  # from 4 addresses: per account
    assert "esta cuenta" in visible_text(wrong[-1].get_data(as_text=True))
    others = [
        sign_in(limited_app.test_client(), f"nobody{n}@example.org", address="10.9.9.9")
        for n in range(9)
    ]
    assert [r.status_code for r in others] == [400] * 8 + [429]  # many accounts, one address
    assert "conexión" in visible_text(others[-1].get_data(as_text=True))


def test_the_database_holds_the_counts_under_keyed_hashes_only(limited_app):
    public_try(limited_app, "/es/resume", address="203.0.113.77")
    with limited_app.app_context():
        keys = db.session.scalars(select(RateLimitCounter.key)).all()
    assert keys and all("203.0.113.77" not in key for key in keys)


def test_when_redis_is_unreachable_the_database_counts(database_uri):
    apps = app_on(
        database_uri,
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",  # nothing listens on port 1
        CODE_LOOKUP_LIMIT="2 per minute",
    )
    app = next(apps)
    assert [public_try(app, "/es/resume") for _ in "abc"] == [400, 400, 429]
    with app.app_context():
        assert db.session.scalar(select(RateLimitCounter.count)) == 3
    next(apps, None)


def test_production_refuses_to_count_in_each_worker_apart():
    with pytest.raises(InsecureConfiguration, match="memory://"):
        create_app(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "x" * 48,
                "PUBLIC_URL": "https://camino.example",
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
