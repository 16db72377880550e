"""Languages honest before the click: a link to a guide that is not translated into the page's
language says which language it is in, on the country page and among the "help me choose"
suggestions; and the bilingual checklist offers the host country's language first."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

import portal.i18n
from tests.helpers import LIBRARY, answer_all

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

NOTE = re.compile(r'<span class="lang-note">\(([^<]+)\)</span>')


def tiles(html: str) -> dict[str, str]:
    """Each pathway link on a page, by pathway id, with its HTML."""
    found = re.findall(r'<a class="tile" href="/[^/]+/[a-z]{2}/(\w+)/">(.*?)</a>', html, re.S)
    return dict(found)


def coverage(app, flow_id: str, locale: str) -> float:
    with app.test_request_context():
        return portal.i18n.translated_share(LIBRARY.flows[flow_id], locale)


def test_country_page_says_which_guides_are_in_english(client, app):
    """In Dari three of Brazil's guides are translated (README, Languages): the other two and
    help-me-choose say they are in English."""
    found = tiles(client.get("/fa-AF/br/").get_data(as_text=True))
    assert set(found) >= {"regularization", "humanitarian_visa", "help_me_choose"}
    for pathway in ("regularization", "humanitarian_visa", "family_reunification"):
        assert "lang-note" not in found[pathway], pathway
    for flow_id in ("br/diploma_revalidation", "br/voluntary_return", "all/help_me_choose"):
        assert coverage(app, flow_id, "fa_AF") < 0.5, flow_id  # mostly English: it says so
        link = found[flow_id.split("/")[1]]
        note = NOTE.search(link)
        assert note, flow_id
        # Inside the link, after the title: read before the guide is opened.
        assert link.index("</strong>") < note.start()


@pytest.mark.parametrize("lang", ["es", "pt-BR", "fr", "ht", "en"])
def test_no_note_where_every_guide_is_translated(client, lang):
    html = client.get(f"/{lang}/co/").get_data(as_text=True)
    assert len(tiles(html)) == 6
    assert "lang-note" not in html


def test_the_note_follows_how_much_is_translated(app, monkeypatch):
    flow = LIBRARY.flow("BR", "regularization")
    shares = {"ar": 0.0, "fr": 0.3, "es": 0.8, "pt_BR": 1.0}
    monkeypatch.setattr(portal.i18n, "translated_share", lambda _flow, locale: shares[locale])
    with app.test_request_context():
        notes = {}
        for locale in shares:
            with force_locale(locale):
                notes[locale] = portal.i18n.language_note(flow)
    assert notes["pt_BR"] is None
    assert [NOTE.search(str(notes[k])) is not None for k in ("ar", "fr", "es")] == [True] * 3
    assert len({str(notes[k]) for k in ("ar", "fr", "es")}) == 3  # in / mostly in / partly in
    with app.test_request_context():
        assert portal.i18n.language_note(None) is None


def test_how_much_is_translated_is_worked_out_once_per_process(client, monkeypatch):
    calls = []
    real = portal.i18n.flow_strings
    monkeypatch.setattr(
        portal.i18n, "flow_strings", lambda flow: calls.append(flow.id) or real(flow)
    )
    client.get("/ar/mx/")
    first = len(calls)
    assert first >= 5
    client.get("/ar/mx/")
    client.get("/ar/mx/regularization/")
    assert len(calls) == first  # the country page and the guide itself reuse it


def test_help_me_choose_suggestions_say_which_guides_are_in_english(client):
    flow = LIBRARY.flows["all/help_me_choose"]
    answer_all(client, "ar", flow, {"needs": ["not_sure"], "fear_return": "no"}, country="CO")
    html = client.get("/ar/co/help_me_choose/result").get_data(as_text=True)
    suggestions = html.split('<ul class="tiles suggestions">')[1].split("</ul>")[0]
    found = tiles(suggestions)
    assert set(found) == {"regularization", "diploma_revalidation", "family_reunification",
                          "humanitarian_visa", "voluntary_return"}  # fmt: skip
    for pathway in found:  # help-me-choose is in Arabic; Colombia's guides are not
        assert NOTE.search(found[pathway]), pathway
    answer_all(client, "ar", flow, {"needs": ["not_sure"], "fear_return": "no"}, country="BR")
    html = client.get("/ar/br/help_me_choose/result").get_data(as_text=True)
    assert "lang-note" not in html  # every Brazil guide is in Arabic
    answer_all(client, "es", flow, {"needs": ["not_sure"], "fear_return": "no"}, country="BR")
    assert "lang-note" not in client.get("/es/br/help_me_choose/result").get_data(as_text=True)
