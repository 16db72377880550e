"""Bodies that gunicorn cannot read (a malformed chunk size, a body cut short) reach the app as
errors while it reads the form: the person gets a 400 page with the security headers, not a
500."""

from __future__ import annotations

import pytest

from tests.servers import gunicorn_server

HEAD = (
    b"POST /es/resume HTTP/1.1\r\nHost: camino.example\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\n"
)


@pytest.fixture(scope="module")
def server():
    with gunicorn_server({"PORTAL_WTF_CSRF_ENABLED": "false"}, workers=1) as running:
        yield running


@pytest.mark.parametrize(
    "request_bytes",
    [
        HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\ncode=A\r\n0\r\n\r\n",  # not hexadecimal
        HEAD + b"Transfer-Encoding: chunked\r\n\r\n6\r\ncode=AXX0\r\n\r\n",  # no terminator
    ],
    ids=["bad-chunk-size", "chunk-missing-terminator"],
)
def test_a_malformed_body_is_a_400_with_headers(server, request_bytes):
    answer = server.raw(request_bytes, half_close=True)
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 400"), head
    assert "Content-Security-Policy" in head
    assert "unexpected error" not in server.log()
