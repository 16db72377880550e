"""Start apps under gunicorn with the project's gunicorn.conf.py, the way production runs them,
and drive a real person's first steps over HTTP to get their (encrypted) session cookie."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], log: Path, ready_path: str = "/", cpus: set[int] | None = None
):
    """Serve `app` ("module:variable") with gunicorn.conf.py; yields (host, port). With `cpus`,
    the master and its workers run on those CPUs only."""
    port = free_port()
    full_env = {**os.environ, **env, "BIND": f"127.0.0.1:{port}"}
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn and arguments
            [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "--pythonpath", str(ROOT), app],
            cwd=ROOT,
            env=full_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            # Set in the child before gunicorn starts, so every worker it forks inherits it.
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{app} did not start:\n{log.read_text()}")
            try:
                status, _headers, _body = request("127.0.0.1", port, "GET", ready_path)
                if status < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{app} did not answer in time:\n{log.read_text()}")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)


def request(host, port, method, path, cookie="", fields=None):
    body = urllib.parse.urlencode(fields or {}, doseq=True)
    headers = {"Cookie": cookie} if cookie else {}
    if fields is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body if fields is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _cookie(headers, current: str) -> str:
    """Keep the session cookie a browser would keep (it is Secure, so a cookie jar on plain
    HTTP would drop it; the load balancer terminates TLS in production)."""
    for value in headers.get_all("Set-Cookie") or []:
        pair = value.split(";", 1)[0]
        if pair.startswith("camino="):
            return pair
    return current


def _csrf(html: bytes) -> str:
    match = re.search(rb'name="csrf_token" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1).decode()


def started_flow(host, port, flow: str, first_answers: dict[str, str]) -> tuple[str, str]:
    """Start a flow and answer its first questions as a browser would. Returns the cookie and
    the path of the question the person is now on."""
    start = f"/en/{flow}/"
    status, headers, html = request(host, port, "GET", start)
    cookie = _cookie(headers, "")
    status, headers, _ = request(
        host, port, "POST", start + "restart", cookie, {"csrf_token": _csrf(html)}
    )
    cookie, location = _cookie(headers, cookie), headers["Location"]
    for question, answer in first_answers.items():
        path = urllib.parse.urlsplit(location).path
        if not path.endswith(f"/q/{question}"):
            raise RuntimeError(f"expected question {question}, the portal sent {location}")
        status, headers, html = request(host, port, "GET", path, cookie)
        cookie = _cookie(headers, cookie)
        fields = {"csrf_token": _csrf(html), "answer": answer}
        status, headers, _ = request(host, port, "POST", path, cookie, fields)
        if status != 302:
            raise RuntimeError(f"answer {answer!r} to {question} was refused ({status})")
        cookie, location = _cookie(headers, cookie), headers["Location"]
    path = urllib.parse.urlsplit(location).path
    status, headers, _ = request(host, port, "GET", path, cookie)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return _cookie(headers, cookie), path
