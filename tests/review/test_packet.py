"""`flask content review-packet`: one PDF per flow and language for a legal reviewer. Proven in
full as PDF for br/regularization in es (written where --output says) and en (under its default
name); every flow's packet HTML in es, pt-BR and en (a PDF costs about ten seconds of
WeasyPrint, so not every flow or language as a PDF)."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import re
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from portal import PROJECT_ROOT
from portal.review import file_name
from portal.review.commands import review_packet
from portal.review.packet import css_string, open_points, packet_html, untranslated
from portal.rules.model import Review
from tests.helpers import LIBRARY, app_on, pdf_pages, visible_text
from tests.review import missing, shown, small_content

# Nothing here reads or writes the database: once, on the default one.
pytestmark = pytest.mark.content_only

TODAY = dt.date(2026, 12, 3)
FLOW = "br/regularization"
DRAWN_BY = "Graphviz" if shutil.which("dot") else "the pure-Python layout"


@pytest.fixture(scope="module")
def packet_app(make_database_uri):
    yield from app_on(make_database_uri(), TESTING=True, TODAY=TODAY.isoformat())


def html_of(app, flow, locale: str = "en", today: dt.date = TODAY) -> str:
    with app.app_context():
        return packet_html(app.extensions["content"], flow, locale, today)[0]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_packet_prints_every_question_outcome_source_and_scenario(
    packet_app, tmp_path, monkeypatch, lang
):
    monkeypatch.chdir(tmp_path)  # en: the default file name, in the current folder
    args = [FLOW, "--lang", lang] + ([] if lang == "en" else ["--output", "out/packet.pdf"])
    result = packet_app.test_cli_runner().invoke(review_packet, args)
    assert result.exit_code == 0, result.output
    assert f"diagram by {DRAWN_BY}" in result.output
    written = tmp_path / ("br-regularization.en.pdf" if lang == "en" else "out/packet.pdf")
    pages = pdf_pages(written.read_bytes())
    text = " ".join(pages)
    flow = LIBRARY.flows[FLOW]
    assert missing(text, {q.id: shown(lang, q.text) for q in flow.questions.values()}) == []
    assert missing(text, {o.id: shown(lang, o.title) for o in flow.outcomes.values()}) == []
    assert missing(text, {s.id: s.url or "" for s in flow.sources.values()}) == []
    assert missing(text, {s.name: s.name for s in flow.scenarios}) == []
    assert missing(text, {"title": shown(lang, flow.title), "id": FLOW}) == []
    assert missing(pages[0], {"draft": shown(lang, "Draft — for legal review", "messages")}) == []
    counter = shown(lang, "Page %(page)s of %(pages)s", "messages")
    first, last = (counter % {"page": n, "pages": len(pages)} for n in (1, len(pages)))
    assert missing(pages[0], {"first": first}) == [] and missing(pages[-1], {"last": last}) == []


@pytest.mark.parametrize("lang", ["es", "pt_BR", "en"])
@pytest.mark.parametrize("flow_id", sorted(LIBRARY.flows))
def test_every_flow_has_every_question_outcome_source_and_scenario(packet_app, flow_id, lang):
    """The packet's HTML, for every flow in the three review languages: the PDFs printed from
    it are proven above for br/regularization (WeasyPrint costs about two seconds a packet)."""
    flow = LIBRARY.flows[flow_id]
    text = html.unescape(visible_text(html_of(packet_app, flow, lang)))
    assert missing(text, {q.id: shown(lang, q.text) for q in flow.questions.values()}) == []
    assert missing(text, {o.id: shown(lang, o.title) for o in flow.outcomes.values()}) == []
    assert missing(text, {s.id: s.url or shown(lang, s.title) for s in flow.sources.values()}) == []
    assert missing(text, {s.name: s.name for s in flow.scenarios}) == []


def test_all_writes_one_packet_per_flow(tmp_path, make_database_uri):
    content = small_content(tmp_path)
    for app in app_on(make_database_uri(), TESTING=True, CONTENT_DIR=str(content)):
        result = app.test_cli_runner().invoke(
            review_packet, ["--all", "--lang", "es", "--output-dir", str(tmp_path / "packets")]
        )
        assert result.exit_code == 0, result.output
        flows = app.extensions["content"].flows
    assert sorted(flows) == ["all/help_me_choose", "mx/humanitarian_visa"]
    written = sorted(p.name for p in (tmp_path / "packets").iterdir())
    assert written == ["all-help_me_choose.es.pdf", "mx-humanitarian_visa.es.pdf"]
    for flow_id, flow in flows.items():
        text = " ".join(pdf_pages((tmp_path / "packets" / file_name(flow_id, "es")).read_bytes()))
        assert missing(text, {"title": shown("es", flow.title)}) == []
    assert "2 packet(s)" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "Name one FLOW_ID"),
        ([FLOW, "--all", "--output-dir", "x"], "Name one FLOW_ID"),
        (["--all"], "give --output-dir"),
        (["--all", "--output-dir", "x", "--output", "y.pdf"], "give --output-dir"),
        ([FLOW, "--output-dir", "x"], "--output-dir goes with --all"),
        ([FLOW, "--lang", "de"], "'de' is not one of"),
        ([FLOW, "--today", "3/12/2026"], "'3/12/2026' does not match the format"),
        (["xx/nothing"], "Unknown flow 'xx/nothing'"),
    ],
)
def test_wrong_arguments_are_refused_without_printing(packet_app, tmp_path, args, message):
    result = packet_app.test_cli_runner().invoke(review_packet, args)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_open_points_list_unverified_sources_weak_outcomes_and_overdue_programmes():
    flow = LIBRARY.flows["br/humanitarian_visa"]
    points = open_points(LIBRARY, flow, "en", TODAY)
    assert [i["source"]["id"] for i in points["unverified"]] == [
        s.id for s in flow.sources.values() if not s.verified
    ]
    on_news_only = [  # no verified source behind it but news reports
        o.id
        for o in flow.outcomes.values()
        if not any(flow.sources[s].verified and flow.sources[s].kind != "press" for s in o.sources)
    ]
    assert on_news_only  # syria_visa, on 2026-12-03
    assert [i["outcome"].id for i in points["weak"]] == on_news_only
    assert points["overdue"] == [] and points["untranslated"] == []
    later = open_points(LIBRARY, flow, "en", dt.date(2027, 3, 2))
    assert [p.id for p in later["overdue"]] == ["haiti_pi55", "afghan_prvc", "syria_pi9"]
    press = {sid: dataclasses.replace(s, kind="press") for sid, s in flow.sources.items()}
    on_news = dataclasses.replace(flow, sources=press)
    weak = open_points(LIBRARY, on_news, "en", TODAY)["weak"]
    assert [i["outcome"].id for i in weak] == list(flow.outcomes)
    assert {i["level"] for i in weak} == {"press"}


def test_strings_not_translated_or_fuzzy_are_open_points(tmp_path, make_database_uri):
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    po = translations / "es" / "LC_MESSAGES" / "content.po"
    flow = LIBRARY.flows[FLOW]
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    catalog[flow.title].flags.add("fuzzy")
    catalog[flow.questions["has_id"].text].string = ""
    with po.open("wb") as handle:
        write_po(handle, catalog)
    for app in app_on(make_database_uri(), TESTING=True, TRANSLATIONS_DIR=str(translations)):
        with app.app_context():
            found = untranslated(app.extensions["content"], flow, "es")
            assert untranslated(app.extensions["content"], flow, "en") == []
        html = html_of(app, flow, "es")
    assert [(i["text"], i["fuzzy"]) for i in found] == [
        (flow.title, True),
        (flow.questions["has_id"].text, False),
    ]
    assert found[0]["where"] == f"{flow.where.path}:{flow.where.line}"
    section = html[html.index('id="untranslated"') :]
    assert section.count('class="fuzzy"') == 1 and flow.title in section


def test_the_sign_off_block_shows_the_review_and_blank_lines(packet_app):
    flow = LIBRARY.flows[FLOW]
    draft = html_of(packet_app, flow)
    signed = dataclasses.replace(flow, review=Review(
        "reviewed", "Ana Lima", dt.date(2027, 1, 15), organisation="Clínica Jurídica Norte",
        scope="rules and outcomes", changed=True,
    ))  # fmt: skip
    html = html_of(packet_app, signed)
    block = html[html.index("6. Sign-off") :]
    for text in ("Ana Lima", "Clínica Jurídica Norte", "January 15, 2027", "rules and outcomes",
                 "Yes: the content changed after it was signed off."):  # fmt: skip
        assert text in block and text not in draft
    blank = re.findall(r"<tr><th>([^<]+)</th><td[^>]*></td></tr>", block)
    assert blank == ["Name", "Organisation", "Date", "Signature", "Scope of the review"]


def test_the_title_page_diagram_and_closed_programmes(packet_app):
    flow = LIBRARY.flows["br/humanitarian_visa"]
    html = html_of(packet_app, flow)
    title = html[: html.index("1. Diagram")]
    for text in ("Draft — for legal review", flow.id, "English (en)", "December 3, 2026"):
        assert text in title
    encoded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert encoded is not None
    svg = base64.b64decode(encoded.group(1)).decode()
    assert all(f"node-{node}" in svg for node in [*flow.questions, *flow.outcomes])
    closed = [o for o in flow.outcomes.values() if o.if_closed and o.programme in ("haiti_pi37",)]
    assert closed
    for outcome in closed:  # shown as closed today, and the closed text printed in full
        assert outcome.if_closed is not None and outcome.if_closed.title in html
    assert "closed; the last day to apply was December 31, 2024." in html


def test_css_strings_are_escaped():
    assert css_string('Página "1" \\ de\n2') == '"Página \\"1\\" \\\\ de 2"'
