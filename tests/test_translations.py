"""es, pt_BR and en are complete: every UI and content string translated, placeholders intact."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from portal import PROJECT_ROOT
from portal.rules import load_library
from portal.rules.extract import content_strings
from tests.conftest import CONTENT

TRANSLATIONS = PROJECT_ROOT / "translations"
CATALOGS = [(locale, domain) for locale in ("es", "pt_BR") for domain in ("messages", "content")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}|<[^>]+>")


def read(locale: str, domain: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize(("locale", "domain"), CATALOGS)
def test_catalog_is_complete_and_not_fuzzy(locale, domain):
    catalog = read(locale, domain)
    missing = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize(("locale", "domain"), CATALOGS)
def test_placeholders_and_markup_match_the_source(locale, domain):
    for message in read(locale, domain):
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(message.string)
            ), message.id


def test_every_content_string_is_in_the_content_template():
    with (TRANSLATIONS / "content.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    current = {text for text, _path, _line in content_strings(load_library(CONTENT))}
    assert current - template == set(), "run `make update` and translate the new strings"


@pytest.mark.parametrize("locale", ["es", "pt_BR"])
def test_catalogs_cover_the_current_content(locale):
    translated = {m.id for m in read(locale, "content") if m.id and m.string}
    current = {text for text, _path, _line in content_strings(load_library(CONTENT))}
    assert current - translated == set()
