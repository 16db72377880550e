"""Catalogs are complete where a release needs them, never fuzzy there, and keep every
placeholder and piece of markup of the source."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from portal.rules.extract import content_strings
from portal.rules.languages import required_flows, required_strings
from tests.helpers import LIBRARY
from tests.helpers_i18n import TRANSLATIONS

REQUIRED = required_flows(LIBRARY)  # each flow's required_languages
FULL = [locale for locale, flows in REQUIRED.items() if len(flows) == len(LIBRARY.flows)]
ALL_LOCALES = sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES").is_dir())
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}|<[^>]+>")


def read(locale: str, domain: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("locale", list(REQUIRED))
def test_interface_is_complete_and_not_fuzzy(locale):
    catalog = read(locale, "messages")
    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []


@pytest.mark.parametrize("locale", FULL)
def test_content_is_complete_and_not_fuzzy(locale):
    catalog = read(locale, "content")
    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []


@pytest.mark.parametrize("locale", [loc for loc in REQUIRED if loc not in FULL])
def test_partial_locales_cover_their_released_flows(locale):
    done = {m.id for m in read(locale, "content") if m.id and m.string and not m.fuzzy}
    missing = set(required_strings(LIBRARY, locale)) - done
    assert missing == set()


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("domain", ["messages", "content"])
def test_placeholders_and_markup_match_the_source(locale, domain):
    for message in read(locale, domain):
        if message.id and message.string:
            singular = message.id[0] if isinstance(message.id, tuple) else message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            source = sorted(PLACEHOLDER.findall(singular))
            for form in forms:  # every plural form, so no count goes missing in any of them
                assert source == sorted(PLACEHOLDER.findall(form)), message.id


def test_every_content_string_is_in_the_content_template():
    with (TRANSLATIONS / "content.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    current = {text for text, _path, _line in content_strings(LIBRARY)}
    assert current - template == set(), "run `make update` and translate the new strings"


def test_a_broken_placeholder_would_be_caught():
    assert sorted(PLACEHOLDER.findall("Printed on %(date)s.")) != sorted(
        PLACEHOLDER.findall("Impreso el %(fecha)s.")
    )
