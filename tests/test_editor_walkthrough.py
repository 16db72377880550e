"""An editor adds a country with one flow by following content/README.md only: the fixture in
tests/fixtures/new_country/ (Costa Rica, one regularization flow, two offices) is added to a copy
of content/, the catalogs are updated as `make update` does and the strings the help-me-choose
pages now show are translated, then `content check`, `translations status` and the tests that
are generated from content pass on it — with no Python touched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from portal import PROJECT_ROOT
from tests.helpers import CONTENT, LIBRARY, app_on

FIXTURE = Path(__file__).parent / "fixtures" / "new_country"
pytestmark = [pytest.mark.content_only, pytest.mark.slow]


def add_the_country(root: Path) -> tuple[Path, Path]:
    content, translations = root / "content", root / "translations"
    shutil.copytree(CONTENT, content)
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    with (content / "countries.yaml").open("a", encoding="utf-8") as countries:
        countries.write((FIXTURE / "countries.yaml").read_text(encoding="utf-8"))
    shutil.copytree(FIXTURE / "flows" / "cr", content / "flows" / "cr")
    shutil.copy(FIXTURE / "offices" / "cr.yaml", content / "offices" / "cr.yaml")
    return content, translations


def translate(translations: Path) -> None:
    """What a translator does in the PO files after `make update`."""
    typed = json.loads((FIXTURE / "translations.json").read_text(encoding="utf-8"))
    for locale, strings in typed.items():
        if locale.startswith("_"):
            continue
        po = translations / locale / "LC_MESSAGES" / "content.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for msgid, msgstr in strings.items():
            catalog[msgid].string = msgstr
        with po.open("wb") as handle:
            write_po(handle, catalog, width=0)


def test_a_new_country_with_one_flow_needs_no_python(tmp_path, make_database_uri):
    content, translations = add_the_country(tmp_path)
    env = {**os.environ, "PORTAL_CONTENT_DIR": str(content),
           "PORTAL_TRANSLATIONS_DIR": str(translations)}  # fmt: skip
    for app in app_on(make_database_uri(), CONTENT_DIR=str(content),
                      TRANSLATIONS_DIR=str(translations)):  # fmt: skip
        cli = app.test_cli_runner()
        checked = cli.invoke(args=["content", "check"])
        assert checked.exit_code == 0, checked.output
        assert f"OK: {len(LIBRARY.flows) + 1} flows" in checked.output  # the shipped ones + one
        # `make update`: the new strings into the templates and catalogs, no fuzzy guesses
        pot = translations / "content.pot"
        assert cli.invoke(args=["content", "extract", "--output", str(pot)]).exit_code == 0
        pybabel = Path(sys.executable).parent / "pybabel"
        subprocess.run([pybabel, "-q", "update", "--no-fuzzy-matching", "-i", pot, "-d",
                        translations, "-D", "content", "--no-wrap"], check=True)  # fmt: skip
        before = cli.invoke(args=["translations", "status", "--missing", "es"])
        assert "offices/cr.yaml:3: content: untranslated: Example migration office" in (
            before.output
        )
    translate(translations)
    subprocess.run([pybabel, "-q", "compile", "-d", translations, "-D", "content"], check=True)
    for app in app_on(make_database_uri(), CONTENT_DIR=str(content),
                      TRANSLATIONS_DIR=str(translations)):  # fmt: skip
        status = app.test_cli_runner().invoke(args=["translations", "status"])
        assert status.exit_code == 0, status.output
    tests = ["tests/content", "tests/test_navigation.py", "tests/flows/test_journeys.py",
             "tests/test_translations.py"]  # fmt: skip
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-v", "-p", "no:cacheprovider", *tests,
         "-k", "cr or not test_complete_flow"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert suite.returncode == 0, suite.stdout[-4000:]
    ran = [line for line in suite.stdout.splitlines() if " PASSED" in line]
    assert any("cr/regularization" in line for line in ran), "no journey through the new flow"
    pages = [line for line in ran if "test_navigation" in line and "cr" in line.split("[")[1]]
    assert pages, "no page of the country"
