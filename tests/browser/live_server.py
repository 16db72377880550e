"""The real portal served over HTTP in a background thread, for a real browser: CSRF on, an
isolated SQLite database, a copy of content/ with one extra flow, staff accounts of each role,
and a stand-in "neutral site" on another port for quick exit (the tests have no internet)."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from portal import create_app
from portal.extensions import db
from tests.helpers import CONTENT, TEST_CODE_HASH_PROFILE, TEST_HASH_PROFILE

HERE = Path(__file__).parent
STAFF_PASSWORD = "correct horse battery staple"
STAFF_ROLES = ("desk", "editor", "admin")
NEUTRAL_TITLE = "Weather forecast"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        pass  # one line per request would drown the test output


@dataclass
class LiveServer:
    app: Flask
    url: str  # http://127.0.0.1:PORT, no trailing slash
    neutral_url: str  # where quick exit sends the person

    def staff_email(self, role: str) -> str:
        return f"{role}@example.org"


def content_with_every_question_type(root: Path) -> Path:
    """content/ plus a flow asking each question type (and its pathway, which needs a title)."""
    content = root / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(HERE / "every_question_type.yaml", content / "flows" / "br")
    with (content / "pathways.yaml").open("a", encoding="utf-8") as pathways:
        pathways.write(
            "every_question_type:\n  title: Every question type\n"
            "  description: Only in the browser tests.\n  icon: document\n"
        )
    return content


def neutral_site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [f"<!doctype html><title>{NEUTRAL_TITLE}</title><h1>{NEUTRAL_TITLE}</h1>".encode()]


def _serve(app) -> BaseWSGIServer:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start(root: Path) -> tuple[LiveServer, list[BaseWSGIServer]]:
    neutral = _serve(neutral_site)
    neutral_url = f"http://127.0.0.1:{neutral.server_port}/search?q=weather"
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SECRET_KEY": "browser-test-secret-key-long-enough-for-tests",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'browser.sqlite3'}",
            "CONTENT_DIR": str(content_with_every_question_type(root)),
            "QUICK_EXIT_URL": neutral_url,
            "PASSWORD_HASH_PROFILE": TEST_HASH_PROFILE,
            "SAVED_CODE_HASH_PROFILE": TEST_CODE_HASH_PROFILE,
            # Every test comes from 127.0.0.1: the limits themselves are tested in test_saved.py
            # and test_desk.py, not here.
            "CODE_LOOKUP_LIMIT": "10000 per minute",
            "SIGN_IN_ACCOUNT_LIMIT": "10000 per minute",
            "SIGN_IN_ADDRESS_LIMIT": "10000 per minute",
            "STAFF_CODE_LOOKUP_LIMIT": "10000 per minute",
        }
    )
    assert app.config["WTF_CSRF_ENABLED"] is not False  # real forms, real tokens
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    for role in STAFF_ROLES:
        email = f"{role}@example.org"
        args = ["users", "create", email, "--role", role, "--password", STAFF_PASSWORD]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    portal = _serve(app)
    live = LiveServer(app, f"http://127.0.0.1:{portal.server_port}", neutral_url)
    return live, [portal, neutral]


def stop(servers: list[BaseWSGIServer], app: Flask) -> None:
    for server in servers:
        server.shutdown()
        server.server_close()
    with app.app_context():
        db.engine.dispose()
