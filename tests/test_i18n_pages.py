"""Every page type renders in every locale with no untranslated interface string."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from portal import PROJECT_ROOT
from tests.helpers import visible_text

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

LOCALES = {"es": "es", "pt-BR": "pt_BR", "fr": "fr", "ht": "ht", "ar": "ar"}


def english_ui_strings(locale: str) -> list[str]:
    """UI msgids whose translation differs from the English, long enough to spot in a page."""
    path = PROJECT_ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return [
        m.id
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string != m.id and len(m.id) > 10
        and "%(" not in m.id and "{" not in m.id
    ]  # fmt: skip


def pages(client, lang: str) -> dict[str, str]:
    get = lambda url: client.get(url).get_data(as_text=True)  # noqa: E731
    found = {
        "home": get(f"/{lang}/"),
        "country": get(f"/{lang}/br/"),
        "offices": get(f"/{lang}/br/offices"),
        "start": get(f"/{lang}/br/regularization/"),
        "question-country": get(f"/{lang}/br/regularization/q/nationality"),
        "privacy": get(f"/{lang}/privacy"),
        "resume": get(f"/{lang}/resume"),
        "desk-sign-in": get(f"/{lang}/desk/sign-in"),
        "not-found": get(f"/{lang}/br/nothing/"),
    }
    client.post(f"/{lang}/br/regularization/q/nationality", data={"answer": "VE"})
    found["question-date"] = get(f"/{lang}/br/regularization/q/birth_date")
    found["question-error"] = client.post(
        f"/{lang}/br/regularization/q/birth_date", data={"day": "31", "month": "2", "year": "2000"}
    ).get_data(as_text=True)
    client.post(
        f"/{lang}/br/regularization/q/birth_date", data={"day": "1", "month": "1", "year": "1990"}
    )
    found["question-choice"] = get(f"/{lang}/br/regularization/q/has_id")
    for question, answer in [("has_id", "valid"), ("parents_named", "no"),
                             ("criminal_record", "no"), ("can_pay", "no")]:  # fmt: skip
        client.post(f"/{lang}/br/regularization/q/{question}", data={"answer": answer})
    found["check"] = get(f"/{lang}/br/regularization/check")
    found["result"] = get(f"/{lang}/br/regularization/result")
    return found


@pytest.mark.parametrize("lang", LOCALES)
def test_no_english_interface_text_on_any_page(client, lang):
    strings = english_ui_strings(LOCALES[lang])
    for name, html in pages(client, lang).items():
        text = visible_text(html)
        leftovers = [s for s in strings if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
        assert leftovers == [], f"{lang} {name}: {leftovers}"
