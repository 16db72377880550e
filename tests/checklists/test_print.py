"""Print-ready checklists: bilingual printing, blank checklists, fonts with every glyph, the
cache, and the limits on rendering. Page 1 of each locale is saved as a PNG in test-artifacts/."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from portal import PROJECT_ROOT
from portal.checklists.pdf import PdfRenderer, RenderFailed, renderer_for
from tests.checklists.helpers import covered_characters, pdf_fonts
from tests.helpers import LIBRARY, answer_all, pdf_text, visible_text
from tests.helpers_i18n import LOCALES

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

STATIC = PROJECT_ROOT / "portal" / "static"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
ARABIC = re.compile("[\u0600-\u06ff]")
SYRIAN = {"location": "abroad", "nationality": "SY"}


@pytest.mark.parametrize("lang", LOCALES)
def test_each_locale_prints_in_noto_with_no_missing_glyph(client, lang, monkeypatch):
    flow = LIBRARY.flow("BR", "humanitarian_visa")
    answer_all(client, lang, flow, SYRIAN)
    html_seen = {}
    import portal.checklists.views as views

    real = views.render_template

    def keep(template, **context):
        html_seen["html"] = real(template, **context)
        return html_seen["html"]

    monkeypatch.setattr(views, "render_template", keep)
    response = client.get(f"/{lang}/br/humanitarian_visa/checklist.pdf")
    assert response.status_code == 200
    fonts = pdf_fonts(response.data)
    assert fonts and all(font.startswith("Noto") for font in fonts), fonts
    text = visible_text(html_seen["html"])
    covered = covered_characters()
    missing = {c for c in text if ord(c) > 32 and ord(c) not in covered}
    assert missing == set()
    assert "\ufffd" not in pdf_text(response.data)
    ARTIFACTS.mkdir(exist_ok=True)
    page = pypdfium2.PdfDocument(response.data)[0]
    page.render(scale=1.2).to_pil().save(ARTIFACTS / f"checklist-{lang}.png")


def test_bilingual_print_puts_arabic_next_to_a_left_to_right_language(client):
    flow = LIBRARY.flow("BR", "humanitarian_visa")
    answer_all(client, "es", flow, SYRIAN)
    response = client.get("/es/br/humanitarian_visa/checklist.pdf?second=ar")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Por qué" in text and ARABIC.search(text)
    assert "Pasaporte" in text or "pasaporte" in text
    ARTIFACTS.mkdir(exist_ok=True)
    pypdfium2.PdfDocument(response.data)[0].render(scale=1.2).to_pil().save(
        ARTIFACTS / "checklist-es-ar.png"
    )


def test_unknown_second_language_is_a_400(client):
    answer_all(client, "es", LIBRARY.flow("BR", "humanitarian_visa"), SYRIAN)
    assert client.get("/es/br/humanitarian_visa/checklist.pdf?second=xx").status_code == 400
    assert client.get("/es/br/humanitarian_visa/checklist.pdf?city=Atlantis").status_code == 400


@pytest.mark.parametrize(
    "path", ["br/regularization", "co/voluntary_return", "mx/diploma_revalidation"]
)
def test_blank_checklist_lists_every_question_and_document_with_no_answers(client, path):
    country, pathway = path.split("/")
    flow = LIBRARY.flow(country, pathway)
    response = client.get(f"/en/{path}/blank.pdf?second=fr")
    assert response.status_code == 200
    text = pdf_text(response.data)
    squeeze = lambda s: re.sub(r"\W+", "", s)  # noqa: E731 - pdf text wraps lines anywhere
    flat = squeeze(text)
    for question in flow.questions.values():
        assert squeeze(question.text)[:30] in flat, question.id
    for outcome in flow.outcomes.values():
        for item in outcome.checklist:
            assert squeeze(item.text)[:30] in flat, item.text


def test_a_repeat_request_is_served_from_the_cache(client, app):
    answer_all(client, "pt-BR", LIBRARY.flow("BR", "humanitarian_visa"), SYRIAN)
    renderer = renderer_for(STATIC, app.config)
    client.get("/pt-BR/br/humanitarian_visa/checklist.pdf?second=en")
    renders, hits = renderer.renders, renderer.hits
    again = client.get("/pt-BR/br/humanitarian_visa/checklist.pdf?second=en")
    assert again.status_code == 200
    assert (renderer.renders, renderer.hits) == (renders, hits + 1)
    client.get("/pt-BR/br/humanitarian_visa/checklist.pdf?second=fr")  # another language: a new PDF
    assert renderer.renders == renders + 1


def test_page_limit_and_time_limit_stop_a_render():
    long_html = "".join(f"<p style='page-break-after: always'>{n}</p>" for n in range(12))
    with pytest.raises(RenderFailed, match="pages"):
        PdfRenderer(STATIC, timeout=60, max_pages=5, cache_size=2, recycle_after=5).render(
            long_html
        )
    slow = PdfRenderer(STATIC, timeout=0.01, max_pages=5, cache_size=2, recycle_after=5)
    with pytest.raises(RenderFailed, match="too long"):
        slow.render("<p>x</p>" * 2000)
    slow.timeout = 60  # the worker was replaced and renders again
    assert slow.render("<p>x</p>").startswith(b"%PDF")
