"""The same outage as tests/test_database_faults.py, against real gunicorn workers in production
mode: PostgreSQL goes away mid-journey (through a proxy the test cuts) and comes back, and no
worker needs a restart."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import databases
from tests.faultproxy import FaultProxy
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, form_data
from tests.servers import gunicorn_server

pytestmark = pytest.mark.skipif(
    not databases.POSTGRES, reason="a fault test of the production database: PostgreSQL pass only"
)
FLOW = "/es/br/regularization"


class Person:
    """One browser: keeps the cookie the server sets."""

    def __init__(self, server) -> None:
        self.server, self.cookies = server, {}

    def post(self, path: str, data: dict | None = None):
        response = self.server.post(path, data or {}, cookies=self.cookies)
        self.cookies |= response.cookies
        return response

    def get(self, path: str):
        response = self.server.get(path, cookies=self.cookies)
        self.cookies |= response.cookies
        return response


@pytest.fixture
def server_and_proxy(make_database_uri):
    url = urlsplit(make_database_uri())
    proxy = FaultProxy(url.hostname or "127.0.0.1", url.port or 5432)
    through = urlunsplit(url._replace(netloc=f"{url.username}@127.0.0.1:{proxy.port}"))
    env = {"PORTAL_SQLALCHEMY_DATABASE_URI": through, "PORTAL_WTF_CSRF_ENABLED": "false"}
    try:
        with gunicorn_server(env, workers=2) as server:
            yield server, proxy
    finally:
        proxy.close()


def test_workers_carry_a_journey_through_an_outage_and_recover_without_restart(server_and_proxy):
    server, proxy = server_and_proxy
    person = Person(server)
    assert person.post(f"{FLOW}/restart").status == 302
    order = list(BRAZIL_ANSWERS)
    question = BRAZIL.questions[order[0]]
    assert (
        person.post(
            f"{FLOW}/q/{order[0]}", form_data(question.type, BRAZIL_ANSWERS[order[0]])
        ).status
        == 302
    )

    proxy.cut()
    for question_id in order[1:]:
        question = BRAZIL.questions[question_id]
        data = form_data(question.type, BRAZIL_ANSWERS[question_id])
        assert person.post(f"{FLOW}/q/{question_id}", data).status == 302, question_id
    assert person.get(f"{FLOW}/result").status == 200
    failed = person.post(f"{FLOW}/save")
    assert failed.status == 503 and "no se guardaron" in failed.text
    assert server.get("/healthz").status == 503

    proxy.restore()
    saved = person.post(f"{FLOW}/save")
    assert saved.status == 200 and re.search(r'<p class="code"[^>]*>[A-Z0-9-]+</p>', saved.text)
    for _ in range(4):  # every worker answers again, on new connections
        assert server.get("/healthz").status == 200
    assert "Traceback" not in server.log()
