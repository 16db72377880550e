"""The production server as configured in gunicorn.conf.py: no version banner; logs (access
and error, at debug level) with no query strings, client addresses or user agents; stalled
clients hold workers no longer than the worker timeout."""

from __future__ import annotations

import time

import pytest

from tests.servers import GunicornServer, Response, gunicorn_server


@pytest.fixture(scope="module")
def server():
    with gunicorn_server({"LOG_LEVEL": "debug"}, workers=1) as running:
        yield running


def fetch(server: GunicornServer, path: str) -> Response:
    return server.get(path, headers={"User-Agent": "Phone/1.0 (private agent)", "Referer": path})


def test_no_server_banner(server):
    for path in ("/es/", "/es/br/regularization/q/nationality", "/static/style.css", "/nowhere"):
        response = fetch(server, path)
        banner = response.headers.get("Server", "")
        assert "gunicorn" not in banner.lower() and not any(c.isdigit() for c in banner)
        assert "Python" not in banner and "Werkzeug" not in banner
        assert response.headers.get("X-Powered-By") is None


def test_logs_keep_no_query_strings_addresses_or_user_agents(server):
    assert fetch(server, "/es/br/offices?city=Manaus&note=VE-1990").status == 200
    # no answers yet: sent back to the first question
    assert fetch(server, "/es/br/regularization/result?city=Boa+Vista").status == 302
    # the access log is on, with the path only
    text = server.wait_for_log('"GET /es/br/regularization/result" 302')
    assert '"GET /es/br/offices" 200' in text
    for secret in ("Manaus", "Boa", "VE-1990", "city=", "?", "127.0.0.1 -", "Phone/1.0"):
        assert secret not in text, f"{secret!r} in the server log:\n{text}"


def test_stalled_requests_hold_workers_no_longer_than_the_worker_timeout():
    """As many half-sent requests as workers stop a sync server (no header or body read timeout
    in gunicorn): it serves again once the master replaces the stuck workers, WORKER_TIMEOUT
    seconds later (plus its once-a-second checks: a worker that does not stop when told is
    killed a second later, then a fresh one is forked)."""
    bound = 2
    with gunicorn_server({"WORKER_TIMEOUT": str(bound)}, workers=3) as server:
        for _ in range(3):  # headers never finished
            server.connect(b"GET /es/ HTTP/1.1\r\nHost: camino.example\r\nAccept: text/html\r\n")
        started = time.monotonic()
        response = server.get("/healthz", timeout=12)
        waited = time.monotonic() - started
        assert response.status == 200
        assert waited > bound / 2, "the stalled requests did not hold every worker"
        assert waited < bound + 6, f"served again after {waited:.1f} s"
        assert "WORKER TIMEOUT" in server.log()
