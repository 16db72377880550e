"""Rate limits shared through Redis (REDIS_URL): two app servers, each a real gunicorn started
with gunicorn.conf.py, count one person's code lookups and sign-in attempts together, so adding
servers behind a load balancer does not multiply what someone may guess. Runs when Redis at
127.0.0.1:6379 answers (CI fails instead of skipping)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack

import pytest

from portal import PROJECT_ROOT, create_app
from portal.extensions import db

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LIMIT = 3


def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test rate limits in Redis: nothing answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], log_path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = str(os.path.join(os.path.dirname(sys.executable), "gunicorn"))
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


def wait_until_up(process: subprocess.Popen, base: str, log_path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start:\n{log_path.read_text()}")


def post(url: str, fields: dict[str, str]) -> int:
    body = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(url, data=body, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, make_database_uri):
    redis = redis_client()
    prefix = f"camino-test-{uuid.uuid4().hex}"
    database = make_database_uri()
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    root = tmp_path_factory.mktemp("redis-servers")
    env = {
        **os.environ,
        "PORTAL_ENV_NAME": "testing",
        "PORTAL_SQLALCHEMY_DATABASE_URI": database,
        "PORTAL_WTF_CSRF_ENABLED": "false",
        "PORTAL_CODE_LOOKUP_LIMIT": f"{LIMIT} per minute",
        "PORTAL_SIGN_IN_LIMIT": f"{LIMIT} per minute",
        "PORTAL_RATELIMIT_KEY_PREFIX": prefix,
        "REDIS_URL": REDIS_URL,
    }
    with ExitStack() as stack:
        servers = []
        for name in ("a", "b"):
            log_path = root / f"{name}.log"
            process, base = start_server(env, log_path)
            stack.callback(process.wait, 30)
            stack.callback(process.terminate)
            servers.append((process, base, log_path))
        for process, base, log_path in servers:
            wait_until_up(process, base, log_path)
        yield [base for _, base, _ in servers], redis, prefix
        for key in redis.scan_iter(match=f"*{prefix}*"):
            redis.delete(key)
        redis.close()


def alternate(bases: list[str], path: str, fields: dict[str, str], times: int) -> list[int]:
    """Requests from one person, spread over the servers like a round-robin load balancer."""
    return [post(bases[i % len(bases)] + path, fields) for i in range(times)]


def test_code_lookups_are_counted_across_app_servers(two_servers):
    bases, redis, prefix = two_servers
    statuses = alternate(bases, "/es/resume", {"code": "AAA-AAA-AAA"}, LIMIT + 2)
    # Each server alone has seen at most 3 lookups; only a shared count refuses the 4th.
    assert statuses == [400] * LIMIT + [429, 429]
    assert any(redis.scan_iter(match=f"*{prefix}*")), "the counts are not in Redis"


def test_sign_in_attempts_are_counted_across_app_servers(two_servers):
    bases, _redis, _prefix = two_servers
    fields = {"email": "nobody@example.org", "password": "not the password"}
    statuses = alternate(bases, "/es/desk/sign-in", fields, LIMIT + 2)
    assert statuses == [400] * LIMIT + [429, 429]


def test_without_redis_each_server_still_limits_on_its_own(database_uri):
    """Redis unreachable: limits fall back to memory rather than every lookup failing."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "CODE_LOOKUP_LIMIT": "2 per minute",
        }
    )
    with app.app_context():
        db.create_all()
    client = app.test_client()
    statuses = [client.post("/es/resume", data={"code": "AAA-AAA-AAA"}).status_code for _ in "abc"]
    assert statuses == [400, 400, 429]
    with app.app_context():
        db.engine.dispose()
