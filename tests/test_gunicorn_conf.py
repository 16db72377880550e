"""The production server as configured in gunicorn.conf.py: no version banner, and logs (access
and error, at debug level) with no query strings, client addresses or user agents."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from portal import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    log = root / "server.log"
    env = {
        **os.environ,
        "PORTAL_ENV_NAME": "testing",
        "PORTAL_SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'db.sqlite3'}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "debug",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2).close()  # noqa: S310
                    break
                except OSError:
                    assert process.poll() is None, log.read_text()
                    time.sleep(0.1)
            yield base, log
        finally:
            process.terminate()
            process.wait(timeout=30)


def fetch(url: str):
    request = urllib.request.Request(  # noqa: S310 - a local test server
        url, headers={"User-Agent": "Phone/1.0 (private agent)", "Referer": url}
    )
    try:
        return urllib.request.urlopen(request, timeout=30)  # noqa: S310
    except urllib.error.HTTPError as refused:
        return refused


def test_no_server_banner(server):
    base, _ = server
    for path in ("/es/", "/es/br/regularization/q/nationality", "/static/style.css", "/nowhere"):
        with fetch(base + path) as response:
            banner = response.headers.get("Server", "")
            assert "gunicorn" not in banner.lower() and not any(c.isdigit() for c in banner)
            assert "Python" not in banner and "Werkzeug" not in banner
            assert response.headers.get("X-Powered-By") is None


def test_logs_keep_no_query_strings_addresses_or_user_agents(server):
    base, log = server
    with fetch(f"{base}/es/br/offices?city=Manaus&note=VE-1990") as response:
        assert response.status == 200
    with fetch(f"{base}/es/br/regularization/result?city=Boa+Vista") as response:
        assert response.status == 200
    time.sleep(0.5)  # let the worker flush its access log line
    text = log.read_text()
    assert '"GET /es/br/offices" 200' in text  # the access log is on, with the path only
    for secret in ("Manaus", "Boa", "VE-1990", "city=", "?", "127.0.0.1 -", "Phone/1.0"):
        assert secret not in text, f"{secret!r} in the server log:\n{text}"
