"""Logs hold no personal data: a whole journey (answers, bad input, a saved code opened again,
a desk sign-in, errors, the development server's request log) with every logger at DEBUG writes
no answer, code, email, password, city or query string anywhere."""

from __future__ import annotations

import logging
import re
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from portal.rules import load_library
from tests.conftest import CONTENT, answer_all
from tests.test_desk import create

BRAZIL = load_library(CONTENT).flow("BR", "regularization")
BIRTH = "1987-03-19"
ANSWERS = {"nationality": "VE", "birth_date": BIRTH, "has_id": "expired",
           "parents_named": "yes", "criminal_record": "no", "can_pay": "no"}  # fmt: skip
EMAIL = "secret.person@example.org"
PASSWORD = "correct horse battery staple"
TYPED = "SECRET-TYPED-7731"  # what a person typed where it did not belong
CITY = "Manaus"
ADDRESS = {"REMOTE_ADDR": "203.0.113.77"}
NEVER = ["1987", "19/03", "03-19", EMAIL, "secret.person", PASSWORD, TYPED, CITY, "city=",
         "K7M-4QX-2PD", "K7M4QX2PD", "203.0.113.77"]  # fmt: skip


@pytest.fixture
def every_log(caplog):
    """Every logger, present or created later, at DEBUG into caplog, even those that do not
    propagate to the root logger."""
    caplog.set_level(logging.DEBUG)
    quiet = []
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            caplog.set_level(logging.DEBUG, logger=name)
            if not logger.propagate:
                logger.addHandler(caplog.handler)
                quiet.append(logger)
    yield caplog
    for logger in quiet:
        logger.removeHandler(caplog.handler)


def logged(caplog) -> str:
    records = [f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records]
    return caplog.text + "\n".join(records)


def assert_nothing_personal(caplog, *extra: str) -> None:
    text = logged(caplog)
    for needle in [*NEVER, *extra]:
        assert needle not in text, f"{needle!r} was logged:\n{text[-3000:]}"


def test_a_whole_journey_logs_nothing_personal(app, every_log):
    person = app.test_client()
    answer_all(person, "es", BRAZIL, ANSWERS)
    flow = "/es/br/regularization"
    person.post(f"{flow}/q/birth_date", data={"day": TYPED, "month": "3", "year": "1987"})
    person.post(f"{flow}/q/nationality", data={"answer": TYPED})
    person.post(f"{flow}/q/nationality", data={"answer": TYPED * 2000})  # 413
    person.post(f"{flow}/q/nationality", data=b"[1]", content_type="application/json")
    assert person.get(f"{flow}/result?city={CITY}").status_code == 200
    assert person.get(f"/es/br/offices?city={CITY}").status_code == 200
    assert person.get(f"{flow}/checklist.pdf?city={CITY}&second=fr").status_code == 200
    html = person.post(f"{flow}/save").get_data(as_text=True)
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', html).group(1)

    other_phone = app.test_client()
    assert other_phone.post("/es/resume", data={"code": "K7M-4QX-2PD"}).status_code == 400
    assert other_phone.post("/es/resume", data={"code": code}).status_code == 302
    other_phone.post("/es/saved/delete", data={"code": "K7M 4QX 2PD"})

    create(app, EMAIL, role="admin")
    staff = app.test_client()
    sign_in = {"email": EMAIL, "password": PASSWORD + "!"}
    assert staff.post("/es/desk/sign-in", data=sign_in).status_code == 400
    sign_in["password"] = PASSWORD
    assert staff.post("/es/desk/sign-in", data=sign_in).status_code == 302
    assert staff.post("/es/desk/open", data={"code": code}).status_code == 302
    assert staff.get("/es/desk/audit").status_code == 200
    assert staff.post("/es/desk/open", data={"code": TYPED}).status_code == 400
    for _ in range(11):  # past the code lookup limit, from a documentation address
        tried = other_phone.post("/es/resume", data={"code": TYPED}, environ_base=ADDRESS)
    assert tried.status_code == 429
    assert person.get("/exit").status_code == 302

    assert every_log.records, "nothing was captured: the test would prove nothing"
    assert_nothing_personal(every_log, code, code.replace("-", ""))


def test_an_unexpected_error_is_logged_by_type_and_place_only(app, every_log, monkeypatch):
    def broken(flow_id, question_id, value):
        raise ValueError(f"could not keep {value!r} for {question_id}")

    monkeypatch.setattr("portal.flows.views.store_answer", broken)
    client = app.test_client()
    client.post("/es/br/regularization/restart")
    response = client.post("/es/br/regularization/q/nationality", data={"answer": "VE"})
    assert response.status_code == 500
    text = logged(every_log)
    assert "ValueError" in text and "views.py" in text  # what broke, and where
    assert "could not keep" not in text and "'VE'" not in text


def test_the_development_server_logs_no_query_strings_or_addresses(app, every_log):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/es/br/offices?city={CITY}"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    requests = [r for r in every_log.records if r.name == "werkzeug"]
    assert any("GET /es/br/offices" in r.getMessage() for r in requests)
    assert_nothing_personal(every_log, "127.0.0.1 -")
