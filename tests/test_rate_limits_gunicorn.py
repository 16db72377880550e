"""Each rate limit holds to within one request across real gunicorn workers (production
settings, several worker processes), counted in the database by default and in Redis when
REDIS_URL is set. With PROXY_FIX_X_FOR=1 the address counted is the one the proxy appended:
a made-up left-most X-Forwarded-For value does not reset the count."""

from __future__ import annotations

import os
import uuid

import pytest

from tests import databases
from tests.helpers import running_app
from tests.servers import gunicorn_server

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "correct horse battery staple"
LIMITS = {
    "PORTAL_CODE_LOOKUP_LIMIT": "5 per minute",
    "PORTAL_STAFF_CODE_LOOKUP_LIMIT": "4 per hour",
    "PORTAL_SIGN_IN_ACCOUNT_LIMIT": "3 per minute",
    "PORTAL_SIGN_IN_ADDRESS_LIMIT": "6 per minute",
    "PORTAL_PROXY_FIX_X_FOR": "1",
    "PORTAL_WTF_CSRF_ENABLED": "false",  # the limits are the subject here, not the tokens
}


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test rate limits in Redis: nothing answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def start(env: dict[str, str]):
    with gunicorn_server({**LIMITS, **env}, workers=3) as running:
        # The accounts, made in this process with the same command (a `flask` process each
        # would load the portal again): hashed with the tests' cheap parameters, then re-hashed
        # with production's at their first sign-in.
        with running_app(running.env["PORTAL_SQLALCHEMY_DATABASE_URI"]) as app:
            cli = app.test_cli_runner()
            for email in ("clerk@example.org", "desk@example.org"):
                created = cli.invoke(args=["users", "create", email, "--password", PASSWORD])
                assert created.exit_code == 0, created.output
        yield running


@pytest.fixture(scope="module")
def database_server(make_database_uri):
    """Counts in the database: SQLite in the first pass of `make test` (the migrated copy
    gunicorn_server makes), PostgreSQL in the second."""
    env = {"PORTAL_SQLALCHEMY_DATABASE_URI": make_database_uri()} if databases.POSTGRES else {}
    yield from start(env)


@pytest.fixture(scope="module")
def redis_server():
    """Counts in Redis (its own SQLite file for the rest: the database does not matter here)."""
    redis, prefix = redis_or_skip(), f"camino-test-{uuid.uuid4().hex}"
    yield from start({"REDIS_URL": REDIS_URL, "PORTAL_RATELIMIT_KEY_PREFIX": prefix})
    assert any(redis.scan_iter(match=f"*{prefix}*")), "the counts were not kept in Redis"
    for key in redis.scan_iter(match=f"*{prefix}*"):
        redis.delete(key)
    redis.close()


@pytest.fixture(params=[pytest.param("database", marks=pytest.mark.db), "redis"])
def server(request):
    return request.getfixturevalue(f"{request.param}_server")


def from_(address: str) -> dict[str, str]:
    """What nginx sends on behalf of a client at `address`."""
    return {"X-Forwarded-For": address}


def test_code_tries_share_one_budget_per_address_across_workers(server):
    running = server
    statuses = [
        running.post(path, {"code": "AAA-AAA-AAA"}, headers=from_("203.0.113.1")).status
        for path in ["/es/resume", "/es/saved/delete"] * 4
    ]
    assert statuses == [400] * 5 + [429] * 3


def test_a_forged_left_most_forwarded_address_does_not_reset_the_count(server):
    running = server
    statuses = [
        running.post(
            "/es/resume", {"code": "AAA-AAA-AAA"}, headers=from_(f"198.51.100.{n}, 203.0.113.2")
        ).status
        for n in range(7)
    ]
    assert statuses == [400] * 5 + [429] * 2
    fresh = running.post("/es/resume", {"code": "AAA-AAA-AAA"}, headers=from_("203.0.113.3"))
    assert fresh.status == 400


def test_sign_in_is_limited_per_account_and_per_address_across_workers(server):
    running = server
    wrong = {"email": "clerk@example.org", "password": "not the password"}
    per_account = [
        running.post("/es/desk/sign-in", wrong, headers=from_(f"192.0.2.{n}")).status
        for n in range(5)
    ]
    assert per_account == [400] * 3 + [429] * 2
    per_address = [
        running.post(
            "/es/desk/sign-in",
            {"email": f"nobody{n}@example.org", "password": "x"},
            headers=from_("192.0.2.200"),
        ).status
        for n in range(8)
    ]
    assert per_address == [400] * 6 + [429] * 2


def test_staff_opening_codes_are_limited_per_account_not_by_the_office_address(server):
    running = server
    office = from_("192.0.2.77")
    for _ in range(5):  # the office's public budget is spent by visitors
        running.post("/es/resume", {"code": "AAA-AAA-AAA"}, headers=office)
    signed_in = running.post(
        "/es/desk/sign-in", {"email": "desk@example.org", "password": PASSWORD}, headers=office
    )
    assert signed_in.status == 302, signed_in.text
    cookies = signed_in.cookies
    statuses = [
        running.post(
            "/es/desk/open", {"code": "AAA-AAA-AAA"}, headers=office, cookies=cookies
        ).status
        for _ in range(6)
    ]
    assert statuses == [400] * 4 + [429] * 2
