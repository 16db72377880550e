"""Logs hold no personal data: a whole journey (answers, bad input, a saved code opened again,
a desk sign-in, errors, the development server's request log) with every logger at DEBUG writes
no answer, code, email, password, city or query string anywhere; nor does gunicorn's error log
at debug level, for malformed, abandoned and failed requests."""

from __future__ import annotations

import logging
import re
import sys
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from portal.logs import WithoutClientData, without_client_data
from tests.helpers import BRAZIL, SAVED_CODE, answer_all, create_staff
from tests.servers import gunicorn_server

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


# Numbers a log holds by chance, which may contain a needle: SQLAlchemy's timings ("[cached
# since 0.01987s ago]" failed the test once), object addresses ("<Mapper at 0x7fc4579ec050>")
# and the line number of the source a record came from (":1868" in "base.py:1868").
CHANCE_NUMBERS = re.compile(
    r"\[(?:cached since|generated in) [\d.]+s(?: ago)?\]|0x[0-9a-fA-F]+|(?<=\.py):\d+"
)


def logged(caplog) -> str:
    records = [f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records]
    return CHANCE_NUMBERS.sub(" ", caplog.text + "\n".join(records))


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
    code = SAVED_CODE.search(html).group(1)

    other_phone = app.test_client()
    assert other_phone.post("/es/resume", data={"code": "K7M-4QX-2PD"}).status_code == 400
    assert other_phone.post("/es/resume", data={"code": code}).status_code == 302
    other_phone.post("/es/saved/delete", data={"code": "K7M 4QX 2PD"})

    create_staff(app, EMAIL, role="admin")
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


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        ("Invalid request from ip=203.0.113.7: Invalid HTTP Header: 'X-Forwarded-For 198.51.100.4'",
         "Invalid request: Invalid HTTP Header: 'X-Forwarded-For…'"),
        ("Invalid request from ip=2001:db8::7: Invalid HTTP request line: "
         "'GET /es/br/offices?city=Boa+Vista\\x7f HTTP/1.1'",
         "Invalid request: Invalid HTTP request line: 'GET /es/br/offices…'"),
        ("Invalid request from ip=::1: Invalid HTTP Header: \"X-Name O'Brien\"",
         "Invalid request: Invalid HTTP Header: \"X-Name…\""),
        ("Invalid request from ip=203.0.113.7: Request Line is too large (5037 > 4094)",
         "Invalid request: Request Line is too large (5037 > 4094)"),
        ("Invalid request from ip=203.0.113.7: Invalid HTTP Header: 'CONTENT-LENGTH'",
         "Invalid request: Invalid HTTP Header: 'CONTENT-LENGTH'"),
        ("Ignored premature client disconnection. No more data after: "
         "b'Cookie: camino=abc\\r\\nX-Forwarded-For: 198.51.100.4\\r\\n'",
         "Ignored premature client disconnection. No more data after: b'Cookie…'"),
        ("Error handling request GET /es/br/offices?city=O'Higgins&page=2",
         "Error handling request GET /es/br/offices"),
        ("Listening at: http://10.0.1.11:8000 (4242)", "Listening at: http://10.0.1.11:8000 (4242)"),
    ],
)  # fmt: skip
def test_gunicorn_messages_lose_addresses_queries_and_values(message, kept):
    assert without_client_data(message) == kept


def test_gunicorn_tracebacks_lose_query_strings():
    try:
        raise ValueError("bad target /es/br/offices?city=Boa+Vista")
    except ValueError:
        record = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1,
                                   "Error handling request %s", ("/es/?city=Boa+Vista",),
                                   sys.exc_info())  # fmt: skip
    assert WithoutClientData().filter(record)
    text = logging.Formatter().format(record)
    assert "ValueError: bad target /es/br/offices" in text and "city=" not in text


CLIENT = "127.0.0.2"  # not 127.0.0.1, which the log names as the address gunicorn listens on
FORWARDED = "198.51.100.4"  # a client's address as a proxy would pass it on
COOKIE = "camino=SECRET-COOKIE-7731"


def test_gunicorn_error_log_names_no_client_at_debug_level():
    with gunicorn_server({"LOG_LEVEL": "debug", "WORKER_TIMEOUT": "2"}, workers=2) as server:
        # A request that fails inside gunicorn: its worker, stuck reading a body that never
        # comes, is killed by the worker timeout ("Error handling request POST /…?city=…").
        stuck = server.connect(
            b"POST /es/br/regularization/q/nationality?city=Boa+Vista HTTP/1.1\r\n"
            b"Host: camino.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100\r\n\r\nanswer=",
            source=CLIENT,
        )
        host = b"Host: camino.example\r\n"
        malformed = [
            b"GET /es/br/offices?city=Boa+Vista\x7f HTTP/1.1\r\n" + host + b"\r\n",
            b"GET /es/br/offices?city=Boa+Vista HTTP/1.1 junk\r\n" + host + b"\r\n",
            b"G\x01T /es/?city=Boa+Vista HTTP/1.1\r\n" + host + b"\r\n",
            b"GET /es/?city=Boa+Vista HTTP/1.1\r\n" + host
            + f"X-Forwarded-For {FORWARDED}\r\nCookie: {COOKIE}\r\n\r\n".encode(),
            b"GET /es/?city=Boa+Vista&pad=" + b"a" * 5000 + b" HTTP/1.1\r\n" + host + b"\r\n",
        ]  # fmt: skip
        for request in malformed:
            assert server.raw(request, source=CLIENT).startswith((b"HTTP/1.1 400", b"HTTP/1.1 414"))
        left = f"Cookie: {COOKIE}\r\nX-Forwarded-For: {FORWARDED}\r\n".encode()
        server.raw(b"GET /es/br/offices?city=Boa+Vista HTTP/1.1\r\n" + left,
                   source=CLIENT, half_close=True)  # fmt: skip
        server.wait_for_log("Error handling request POST", timeout=15)
        stuck.close()
    text = server.log()

    # Each kind of message was written, without what identifies or locates the client.
    assert "Invalid request: Invalid HTTP request line: 'GET /es/br/offices…'" in text
    assert "Invalid request: Invalid HTTP Header: 'X-Forwarded-For…'" in text
    assert "Invalid request: Request Line is too large" in text
    assert "Ignored premature client disconnection. No more data after: b'Cookie…'" in text
    assert "Error handling request POST /es/br/regularization/q/nationality\n" in text
    for secret in (CLIENT, "ip=", "city=", "Boa", "Vista", FORWARDED, "SECRET-COOKIE"):
        assert secret not in text, f"{secret!r} in gunicorn's log:\n{text}"
