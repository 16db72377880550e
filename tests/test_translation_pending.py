"""A changed source string never shows a stale translation: its entries go fuzzy and the page
shows the English source with a visible "translation pending" mark."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from portal import PROJECT_ROOT, create_app
from portal.extensions import db
from tests.helpers import CONTENT
from tests.helpers_i18n import tr

# Catalogs and pages: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

OLD = "One recent colour photo, 3 × 4 cm, white background — just in case."
NEW = "One recent colour photo, 3 × 4 cm, on a white background — just in case."
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, cwd=PROJECT_ROOT)


def test_changed_source_string_goes_fuzzy_and_shows_the_source_marked(tmp_path, database_uri):
    content, translations = tmp_path / "content", tmp_path / "translations"
    shutil.copytree(CONTENT, content)
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    flow_file = content / "flows" / "br" / "regularization.yaml"
    flow_file.write_text(flow_file.read_text().replace(OLD, NEW))

    # What `make update` does: extract the new template, merge it into the catalog, compile.
    app = create_app({"ENV_NAME": "testing", "CONTENT_DIR": str(content),
                      "TRANSLATIONS_DIR": str(translations), "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": database_uri})  # fmt: skip
    result = app.test_cli_runner().invoke(
        args=["content", "extract", "--output", str(translations / "content.pot")]
    )
    assert result.exit_code == 0, result.output
    catalog = translations / "pt_BR" / "LC_MESSAGES" / "content.po"
    pybabel = str(VENV_BIN / "pybabel") if (VENV_BIN / "pybabel").exists() else "pybabel"
    run(
        pybabel,
        "update",
        "-i",
        str(translations / "content.pot"),
        "-o",
        str(catalog),
        "-l",
        "pt_BR",
    )
    run(
        pybabel, "compile", "-i", str(catalog), "-o", str(catalog.with_suffix(".mo")), "-l", "pt_BR"
    )
    with catalog.open("rb") as handle:
        entry = read_po(handle).get(NEW)
    assert entry is not None and entry.fuzzy  # the old translation is kept for the translator...

    app = create_app({"ENV_NAME": "testing", "CONTENT_DIR": str(content),
                      "TRANSLATIONS_DIR": str(translations), "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": database_uri})  # fmt: skip
    with app.app_context():
        db.create_all()  # the flow pages count anonymous statistics
    client = app.test_client()
    client.post("/pt-BR/br/regularization/restart")
    for question, data in [("nationality", {"answer": "VE"}),
                           ("birth_date", {"day": "1", "month": "1", "year": "1990"}),
                           ("has_id", {"answer": "valid"}), ("parents_named", {"answer": "yes"}),
                           ("criminal_record", {"answer": "no"}), ("can_pay", {"answer": "yes"})]:  # fmt: skip
        client.post(f"/pt-BR/br/regularization/q/{question}", data=data)
    html = client.get("/pt-BR/br/regularization/result").get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()
    # ...but the page never shows it: the English source, marked, and a note at the top.
    assert f'<span lang="en" dir="ltr">{NEW}</span> <span class="pending">' in html
    assert entry.string not in html
    # The rest of the page is still in Portuguese.
    assert (
        tr("pt_BR", "You can probably get a 2-year residence permit in Brazil", "content") in html
    )
    assert tr("pt_BR", "translation pending") in html


def test_a_flow_with_no_translation_says_so_once(client, app):
    index = app.extensions["catalogs"]
    state = index.state("ar", "content")
    flow = app.extensions["content"].flow("CO", "regularization")
    from portal.rules.extract import flow_strings

    if any(text in state.translated for text, _p, _l in flow_strings(flow)):
        return  # Colombia's regularization flow has been translated into Arabic since
    html = client.get("/ar/co/regularization/").get_data(as_text=True)
    assert 'class="notice translation"' in html
    assert 'class="pending"' not in html.split("</header>")[1]
    assert '<span lang="en" dir="ltr">' in html
    assert 'dir="rtl"' in html


if sys.platform == "win32":  # pragma: no cover - the suite runs on Linux
    raise RuntimeError("tests assume a POSIX shell")
