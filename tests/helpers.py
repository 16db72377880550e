"""What tests share besides fixtures: the content library (loaded once per process), apps on
a database of their own, and helpers that drive a flow the way a person does."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pypdfium2
from jinja2 import BytecodeCache
from pypdf import PdfReader
from sqlalchemy import create_engine

from portal import PROJECT_ROOT, create_app
from portal.extensions import db
from portal.rules import ContentLibrary, load_library

# The content every test reads: the shipped folder, or PORTAL_CONTENT_DIR (which the apps the
# tests make read too), as tests/test_editor_walkthrough.py does with a country added.
CONTENT = Path(os.environ.get("PORTAL_CONTENT_DIR") or PROJECT_ROOT / "content")


def library(today: dt.date | None = None) -> ContentLibrary:
    """The shipped content, validated once per process for each test day (loading it takes
    about half a second, and dozens of test modules read it). Tests must not change it."""
    return _library_on(today or dt.date.today())


@functools.cache
def _library_on(today: dt.date) -> ContentLibrary:
    return load_library(CONTENT, today=today)


LIBRARY = library()


class TemplatesCompiledOnce(BytecodeCache):
    """Jinja's bytecode cache in memory, shared by every app this process makes: each test
    makes an app, and compiling the templates again for each one was a quarter of a second.
    Jinja checks each entry against its template's source, so a changed template recompiles."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplatesCompiledOnce()


# Staff passwords hashed with argon2's cheapest parameters: the production default takes 0.2 s
# a hash and the tests make hundreds. tests/desk/test_sign_in_cost.py measures the real one.
TEST_HASH_PROFILE = "CHEAPEST"
# Save codes stretched likewise: about 20 ms a code in production, and the tests save and open
# hundreds. tests/test_saved.py times the real one.
TEST_CODE_HASH_PROFILE = "CHEAPEST"


def app_on(database_uri: str, **config):
    """A testing app on its own database with its tables; its connections closed afterwards."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "PASSWORD_HASH_PROFILE": TEST_HASH_PROFILE,
            "SAVED_CODE_HASH_PROFILE": TEST_CODE_HASH_PROFILE,
            **config,
        }
    )
    app.jinja_env.bytecode_cache = TEMPLATES
    if not copied_empty_tables(database_uri):
        with app.app_context():
            db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def copied_empty_tables(database_uri: str) -> bool:
    """A new SQLite file gets its tables as a copy of one made once per process: making them
    for each test took 20 ms. False for any other database, or a file that already exists."""
    if not database_uri.startswith("sqlite:///"):
        return False
    path = Path(database_uri.removeprefix("sqlite:///"))
    if path.exists():
        return False
    shutil.copyfile(_empty_tables_file(), path)
    return True


@functools.cache
def _empty_tables_file() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="camino-tables-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    engine = create_engine(f"sqlite:///{folder / 'empty.sqlite3'}")
    db.metadata.create_all(engine)  # every table: create_app has imported every model
    engine.dispose()
    return folder / "empty.sqlite3"


# `with running_app(uri, **config) as app:` — its connections closed on leaving the block, even
# on a return from inside it (a `for app in app_on(...)` loop left by a return is not).
running_app = contextlib.contextmanager(app_on)


# One adult's answers to br/regularization that reach its "likely" outcome: what many tests walk.
BRAZIL = LIBRARY.flow("BR", "regularization")
BRAZIL_ANSWERS = {
    "nationality": "VE",
    "birth_date": "1990-05-04",
    "has_id": "expired",
    "parents_named": "yes",
    "criminal_record": "no",
    "can_pay": "no",
}


def flow_url(lang: str, flow_id: str, tail: str = "") -> str:
    return f"/{lang}/{flow_id}/{tail}"


def form_data(question_type: str, value) -> dict[str, object]:
    """What a browser posts for an answer of this question type."""
    if question_type == "date":
        year, month, day = str(value).split("-")
        return {"day": day, "month": month, "year": year}
    if question_type == "month_year":
        year, month = str(value).split("-")[:2]
        return {"month": month, "year": year}
    return {"answer": value}


def answer_all(client, lang: str, flow, answers: dict[str, object], country: str = "") -> str:
    """Answer questions one page at a time, following redirects as a browser would.
    Returns the URL where the flow sends the person at the end (check-your-answers).
    `country` is the host country for flows that serve every country (flows/all/)."""
    flow_path = f"{(country or flow.country).lower()}/{flow.pathway}"
    response = client.post(flow_url(lang, flow_path, "restart"))
    location = response.headers["Location"]
    for _ in range(len(flow.questions) + 1):
        match = re.search(r"/q/(\w+)$", location)
        if not match:
            return location
        question = flow.questions[match.group(1)]
        response = client.post(location, data=form_data(question.type, answers[question.id]))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        location = response.headers["Location"]
    raise AssertionError("flow did not finish")


SAVED_CODE = re.compile(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>')


def save_by_code(client, lang: str = "es") -> str:
    """Walk BRAZIL with BRAZIL_ANSWERS and save them: the code the page shows."""
    answer_all(client, lang, BRAZIL, BRAZIL_ANSWERS)
    response = client.post(f"/{lang}/br/regularization/save")
    assert response.status_code == 200
    return SAVED_CODE.search(response.get_data(as_text=True)).group(1)


def saved_code(app, lang: str = "es") -> str:
    """A code saved by another person (a client of their own), for staff to open."""
    return save_by_code(app.test_client(), lang)


STAFF_PASSWORD = "correct horse battery staple"


def create_staff(app, email: str = "desk@example.org", role: str = "desk") -> None:
    """A staff account made with the CLI, as an admin makes one."""
    result = app.test_cli_runner().invoke(
        args=["users", "create", email, "--role", role, "--password", STAFF_PASSWORD]
    )
    assert result.exit_code == 0, result.output


def sign_in(client, email="desk@example.org", password=STAFF_PASSWORD, address="127.0.0.1"):
    return client.post(
        "/es/desk/sign-in",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# PDFium marks a line that ends in a hyphen and goes on in the next line (a long URL) with this
# character, and joins the two lines.
PDFIUM_LINE_END_HYPHEN = "\ufffe"
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF. PDFium reads it in 20 ms where pypdf took half a second
    for one checklist (a third of the time of the tests that read one). But PDFium reads a
    lam-alef ligature in Arabic script in visual order ("اإلقامة" for "الإقامة"), so a document
    in Arabic script is read with pypdf, which reads it as written."""
    document = pypdfium2.PdfDocument(data)
    texts = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            # Every character by count: pypdfium2 4.x warns on the default arguments (and
            # then reads a bounded box instead, which misses text of the review packet).
            text = textpage.get_text_range(count=textpage.count_chars())
            texts.append(text.replace(PDFIUM_LINE_END_HYPHEN, "-"))
            textpage.close()
            page.close()
    finally:
        document.close()
    if any(ARABIC_SCRIPT.search(text) for text in texts):
        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    return texts


def pdf_text(data: bytes) -> str:
    """A PDF's text, whitespace runs made single spaces."""
    return " ".join(" ".join(page.split()) for page in pdf_pages(data))
