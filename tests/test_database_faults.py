"""The database goes away in the middle of a journey (PostgreSQL, through a proxy the test cuts):
question pages, the outcome and the PDF carry on; saving says nothing was saved and keeps the
answers; nothing half-written remains; everything works again without a restart."""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import SavedResult
from tests import databases
from tests.faultproxy import FaultProxy
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, SAVED_CODE, app_on, form_data, visible_text

pytestmark = pytest.mark.skipif(
    not databases.POSTGRES, reason="a fault test of the production database: PostgreSQL pass only"
)
FLOW = "/es/br/regularization"


@pytest.fixture
def proxied(make_database_uri):
    url = urlsplit(make_database_uri())
    proxy = FaultProxy(url.hostname or "127.0.0.1", url.port or 5432)
    through_proxy = urlunsplit(url._replace(netloc=f"{url.username}@127.0.0.1:{proxy.port}"))
    apps = app_on(through_proxy, TESTING=True, WTF_CSRF_ENABLED=False)
    yield next(apps), proxy
    proxy.restore()
    next(apps, None)
    proxy.close()


def answer(client, question_id: str) -> int:
    question = BRAZIL.questions[question_id]
    data = form_data(question.type, BRAZIL_ANSWERS[question_id])
    return client.post(f"{FLOW}/q/{question_id}", data=data).status_code


def saved_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SavedResult))


def test_a_journey_survives_the_database_going_away_and_coming_back(proxied):
    app, proxy = proxied
    person = app.test_client()
    assert person.post(f"{FLOW}/restart").status_code == 302
    order = list(BRAZIL_ANSWERS)
    assert answer(person, order[0]) == 302  # counted in the statistics: the database is used

    proxy.cut()
    assert [answer(person, question) for question in order[1:]] == [302] * (len(order) - 1)
    check = person.get(f"{FLOW}/check")
    assert check.status_code == 200 and "Venezuela" in visible_text(check.get_data(as_text=True))
    assert person.get(f"{FLOW}/result").status_code == 200
    pdf = person.get(f"{FLOW}/checklist.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    failed = person.post(f"{FLOW}/save")
    text = visible_text(failed.get_data(as_text=True))
    assert failed.status_code == 503 and failed.headers["Retry-After"] == "60"
    assert "no se guardaron" in text, text  # in the person's language: nothing was saved
    assert f'action="{FLOW}/save"' in failed.get_data(as_text=True)  # the retry button
    assert person.get(f"{FLOW}/check").status_code == 200  # the answers are still here
    lookup = person.post("/es/resume", data={"code": "AAA-AAA-AAA"})
    assert lookup.status_code == 503 and "Nada de lo que respondió" in visible_text(
        lookup.get_data(as_text=True)
    )
    health = person.get("/healthz")
    assert health.status_code == 503 and health.get_json() == {"status": "unavailable"}

    proxy.restore()
    assert saved_rows(app) == 0  # nothing half-written
    saved = person.post(f"{FLOW}/save")
    assert saved.status_code == 200
    code = SAVED_CODE.search(saved.get_data(as_text=True))
    assert code and saved_rows(app) == 1
    assert person.get("/healthz").status_code == 200
    assert app.test_client().post("/es/resume", data={"code": code.group(1)}).status_code == 302


def test_health_answers_503_not_an_empty_500_when_its_connection_dies(proxied):
    app, proxy = proxied
    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # a pooled connection now exists
    proxy.cut()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}
    proxy.restore()
    assert client.get("/healthz").status_code == 200


def test_pages_that_need_no_database_stay_fast_when_it_hangs(proxied):
    """A black-holed database makes each connection wait for the 5 s connect timeout: the pages
    that only count statistics or check retired runs pay that once, not on every request."""
    app, proxy = proxied
    person = app.test_client()
    person.post(f"{FLOW}/restart")
    proxy.black_hole()
    started = time.monotonic()
    assert [answer(person, question) for question in BRAZIL_ANSWERS] == [302] * len(BRAZIL_ANSWERS)
    assert person.get(f"{FLOW}/result").status_code == 200
    elapsed = time.monotonic() - started
    assert elapsed < 12, f"{elapsed:.1f} s for {len(BRAZIL_ANSWERS)} answers and the result"
