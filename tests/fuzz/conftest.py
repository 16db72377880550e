"""Apps for fuzzing, built once per test session (Hypothesis runs many examples per test, and
function-scoped fixtures would be shared between them): CSRF off and CSRF on, each with the real
content plus a flow that uses the number and month/year question types the real flows lack."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from portal import create_app
from portal.extensions import db
from portal.rules.engine import walk
from tests.fuzz.inputs import csrf_token_in
from tests.helpers import CONTENT, SAVED_CODE, STAFF_PASSWORD, form_data

STAFF = "desk@example.org"
QUESTION_TYPES = ("choice", "yes_no", "multi", "date", "month_year", "number", "country")

EVERY_TYPE_FLOW = Path(__file__).parent.parent / "flows" / "every_question_type.yaml"


class FuzzApp:
    def __init__(self, app, csrf: bool):
        self.app = app
        self.csrf = csrf
        self.people: dict = {}  # prepared people (cookies, tokens), built once per app

    def __repr__(self) -> str:  # how Hypothesis names the app in a failing example
        return f"FuzzApp(csrf={self.csrf})"

    def client(self, cookie: str | None = None):
        client = self.app.test_client()
        if cookie:
            client.set_cookie("camino", cookie)
        return client

    def session_of(self, client) -> dict:
        cookie = client.get_cookie("camino")
        if cookie is None:
            return {}
        return self.app.session_interface.unseal(self.app, cookie.value) or {}

    def answers_of(self, client, flow_id: str) -> dict:
        return self.session_of(client).get("answers", {}).get(flow_id, {})

    def once(self, key: tuple, build):
        if key not in self.people:
            self.people[key] = build()
        return self.people[key]


@pytest.fixture(scope="session")
def every_type_content(tmp_path_factory):
    """content/ with the flow that asks every question type: one folder per worker, so that the
    apps made on it (csrf on and off, made again whenever xdist switches between them) share
    one loaded library."""
    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, content)
    shutil.copyfile(EVERY_TYPE_FLOW, content / "flows" / "br" / "family_reunification.yaml")
    return content


@pytest.fixture(scope="session", params=[False, True], ids=["csrf-off", "csrf-on"])
def fuzz_app(request, every_type_content, make_database_uri):
    content = every_type_content
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SECRET_KEY": "fuzz-secret-key-that-is-long-enough-for-tests",
            "SQLALCHEMY_DATABASE_URI": make_database_uri(),  # PostgreSQL in its second run
            "CONTENT_DIR": str(content),
            "WTF_CSRF_ENABLED": request.param,
            # Rate limits and lock-outs have their own tests; here they would hide the forms.
            "CODE_LOOKUP_LIMIT": "100000 per minute",
            "SIGN_IN_ACCOUNT_LIMIT": "100000 per minute",
            "SIGN_IN_ADDRESS_LIMIT": "100000 per minute",
            "STAFF_CODE_LOOKUP_LIMIT": "100000 per minute",
            "SIGN_IN_LOCK_AFTER": 100000,
        }
    )
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(
        args=["users", "create", STAFF, "--role", "admin", "--password", STAFF_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    yield FuzzApp(app, request.param)
    with app.app_context():
        db.engine.dispose()


@dataclass(frozen=True)
class OnQuestion:
    """A person part-way through a flow: their cookie, the question they are on, the answers
    they gave before it and a CSRF token for the page."""

    url: str
    lang: str
    flow_id: str
    question_type: str
    earlier: dict
    valid: tuple[str, ...]
    cookie: str
    token: str


def question_of_type(library, question_type: str):
    """A (flow, question id, earlier answers, answer) on some scenario's path, preferring a
    question with an earlier answer to protect."""
    found = []
    for flow in library.flows.values():
        for scenario in flow.scenarios:
            path = walk(flow, scenario.answers, scenario.today or dt.date.today()).path
            for index, qid in enumerate(path):
                if flow.questions[qid].type == question_type:
                    earlier = {q: scenario.answers[q] for q in path[:index]}
                    found.append((not earlier, flow.id, flow, qid, earlier, scenario.answers[qid]))
    assert found, f"no flow asks a {question_type} question"
    _, _, flow, qid, earlier, answer = min(found, key=lambda f: f[:2])
    return flow, qid, earlier, answer


def flow_base(lang: str, flow) -> str:
    country = "br" if flow.country == "ALL" else flow.country.lower()
    return f"/{lang}/{country}/{flow.pathway}"


def give_answers(client, lang: str, flow, answers: dict) -> str:
    """Start the flow and answer the given questions in order, with CSRF tokens as a browser
    sends them; returns the token."""
    base = flow_base(lang, flow)
    token = csrf_token_in(client.get(f"{base}/").get_data(as_text=True))
    client.post(f"{base}/restart", data={"csrf_token": token})
    for question_id, value in answers.items():
        data = form_data(flow.questions[question_id].type, value)
        response = client.post(f"{base}/q/{question_id}", data={**data, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return token


def answer_up_to(fuzz: FuzzApp, lang: str, question_type: str) -> OnQuestion:
    flow, qid, earlier, answer = question_of_type(fuzz.app.extensions["content"], question_type)
    client = fuzz.client()
    give_answers(client, lang, flow, earlier)
    url = f"{flow_base(lang, flow)}/q/{qid}"
    page = client.get(url)
    assert page.status_code == 200, page.headers.get("Location")
    valid = answer if isinstance(answer, list) else [answer]
    if question_type in ("date", "month_year"):
        valid = [str(part) for part in form_data(question_type, answer).values()]
    return OnQuestion(
        url, lang, flow.id, question_type, earlier, tuple(str(v) for v in valid),
        client.get_cookie("camino").value, csrf_token_in(page.get_data(as_text=True)),
    )  # fmt: skip


def on_question(fuzz: FuzzApp, lang: str, question_type: str) -> OnQuestion:
    return fuzz.once(
        ("question", lang, question_type), lambda: answer_up_to(fuzz, lang, question_type)
    )


def finished(fuzz: FuzzApp, lang: str, flow_id: str = "mx/regularization") -> tuple[str, str]:
    """The cookie and CSRF token of a person who has finished a flow."""

    def build():
        flow = fuzz.app.extensions["content"].flows[flow_id]
        client = fuzz.client()
        today = dt.date.today()  # a scenario whose answers reach an outcome today
        scenario = next(s for s in flow.scenarios if walk(flow, s.answers, today).outcome)
        path = walk(flow, scenario.answers, today).path
        token = give_answers(client, lang, flow, {q: scenario.answers[q] for q in path})
        assert client.get(f"{flow_base(lang, flow)}/result").status_code == 200
        return client.get_cookie("camino").value, token

    return fuzz.once(("finished", lang, flow_id), build)


def saved_code(fuzz: FuzzApp) -> str:
    """A real code, for answers to a flow no fuzzed person is in the middle of."""

    def build():
        cookie, token = finished(fuzz, "es")
        html = (
            fuzz.client(cookie)
            .post("/es/mx/regularization/save", data={"csrf_token": token})
            .get_data(as_text=True)
        )
        return SAVED_CODE.search(html).group(1)

    return fuzz.once(("code",), build)


def desk(fuzz: FuzzApp) -> tuple[str, str]:
    """The cookie and CSRF token of a signed-in desk session."""

    def build():
        client = fuzz.client()
        token = csrf_token_in(client.get("/es/desk/sign-in").get_data(as_text=True))
        response = client.post(
            "/es/desk/sign-in",
            data={"email": STAFF, "password": STAFF_PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        page = client.get("/es/desk/")
        assert page.status_code == 200
        return client.get_cookie("camino").value, csrf_token_in(page.get_data(as_text=True))

    return fuzz.once(("desk",), build)
