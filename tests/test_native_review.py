"""Translations no native speaker has checked say so on every page and printed checklist, until
a line in the catalog's header comment marks them checked (see README, "Languages")."""

from __future__ import annotations

import shutil

import pytest

from portal.catalogs import CatalogIndex
from tests.helpers import running_app
from tests.helpers_i18n import LOCALES, TRANSLATIONS, tr

NOTE = "This translation has not yet been checked by a native speaker."
REVIEWED = "# Reviewed by a native speaker: Ana Souza, 2027-01-15\n"


def mark_reviewed(root, locale: str, domains=("messages", "content")) -> None:
    for domain in domains:
        path = root / locale / "LC_MESSAGES" / f"{domain}.po"
        path.write_text(REVIEWED + path.read_text())


@pytest.mark.parametrize("lang", [url for url in LOCALES if url != "en"])
def test_every_unchecked_language_says_so(client, lang):
    locale = LOCALES[lang]
    html = client.get(f"/{lang}/br/").get_data(as_text=True)
    assert tr(locale, NOTE) in html and tr(locale, NOTE) != NOTE


def test_english_is_the_source_and_has_no_note(client):
    assert NOTE not in client.get("/en/br/").get_data(as_text=True)


def test_a_header_line_in_both_catalogs_marks_a_language_checked(tmp_path):
    root = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, root)
    mark_reviewed(root, "es")
    mark_reviewed(root, "fr", domains=("messages",))  # the content is not checked yet
    index = CatalogIndex(root)
    assert index.state("es", "content").native_review == "Ana Souza, 2027-01-15"
    assert index.natively_reviewed("es") and not index.natively_reviewed("fr")
    with running_app("sqlite://", TESTING=True, TRANSLATIONS_DIR=str(root)) as app:
        client = app.test_client()
        assert tr("es", NOTE) not in client.get("/es/br/").get_data(as_text=True)
        assert tr("fr", NOTE) in client.get("/fr/br/").get_data(as_text=True)


def test_pybabel_update_keeps_the_mark(tmp_path):
    from babel.messages.frontend import CommandLineInterface

    root = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, root)
    mark_reviewed(root, "es", domains=("messages",))
    CommandLineInterface().run(["pybabel", "-q", "update", "--no-fuzzy-matching", "--no-wrap",
                                "-i", str(root / "messages.pot"), "-d", str(root), "-l", "es",
                                "-D", "messages"])  # fmt: skip
    assert CatalogIndex(root).state("es", "messages").native_review == "Ana Souza, 2027-01-15"
