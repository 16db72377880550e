"""`make run` for editors: the content and catalog files the reloader watches, and catalogs
compiled when a translator has edited them since."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from babel.messages.pofile import read_po, write_po

from portal import PROJECT_ROOT
from portal.devreload import compile_stale_catalogs
from tests.helpers import CONTENT

SHOW_PRIVACY_PAGE = (
    "from portal import create_app; "
    "print(create_app().test_client().get('/es/privacy').get_data(as_text=True))"
)


def test_an_edited_catalog_is_compiled_when_the_development_server_starts(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    assert compile_stale_catalogs(translations) == []  # make setup compiled them all
    po = translations / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    catalog["Quick exit"].string = "Salida rápida (editada)"
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    os.utime(po, ns=(po.stat().st_atime_ns, po.with_suffix(".mo").stat().st_mtime_ns + 1))
    # A new process, as the reloader starts: Flask-Babel caches catalogs per process.
    page = subprocess.run(
        [sys.executable, "-c", SHOW_PRIVACY_PAGE], cwd=PROJECT_ROOT, capture_output=True,
        text=True, check=True, timeout=120,
        env={**os.environ, "PORTAL_ENV_NAME": "development",
             "PORTAL_TRANSLATIONS_DIR": str(translations),
             "PORTAL_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'dev.db'}"},
    ).stdout  # fmt: skip
    assert compile_stale_catalogs(translations) == []  # create_app compiled the edited one
    assert "Salida rápida (editada)" in page


def test_dev_files_lists_every_content_file_and_catalog(app):
    result = app.test_cli_runner().invoke(args=["dev-files"])
    files = result.output.strip().split(os.pathsep)
    assert str(CONTENT / "flows" / "br" / "regularization.yaml") in files
    assert str(CONTENT / "offices" / "mx.yaml") in files
    assert str(PROJECT_ROOT / "translations" / "ht" / "LC_MESSAGES" / "content.po") in files
    assert all(f.endswith((".yaml", ".po")) for f in files)
