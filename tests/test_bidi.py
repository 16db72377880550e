"""Latin runs in right-to-left text (portal/bidi.py) are isolated in <bdi> on pages and in
PDFs; brackets and quotes that belong to the Arabic text stay outside the run."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from portal.bidi import isolate_latin
from tests.helpers import LIBRARY, answer_all, pdf_text

# Pages and PDFs: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اتصل بـ Polícia Federal على (11) 3115-2048.",
         "اتصل بـ <bdi>Polícia Federal</bdi> على <bdi>(11) 3115-2048</bdi>."),
        ("راجع https://servicos.dpf.gov.br/agenda-web/ الآن",
         "راجع <bdi>https://servicos.dpf.gov.br/agenda-web/</bdi> الآن"),
        ("(مكتب CONARE)", "(مكتب <bdi>CONARE</bdi>)"),
        ("البريد: ajuda@dpu.def.br،", "البريد: <bdi>ajuda@dpu.def.br</bdi>،"),
        ("قانون Lei 13.445/2017 (المادة 3)", "قانون <bdi>Lei 13.445/2017</bdi> (المادة <bdi>3</bdi>)"),
        ("«Reunião familiar» هنا", "«<bdi>Reunião familiar</bdi>» هنا"),
        ('عنوان "Reconhecer diploma" في', "عنوان &#34;<bdi>Reconhecer diploma</bdi>&#34; في"),
        ("<script>", "&lt;<bdi>script</bdi>&gt;"),
        ("لا شيء", "لا شيء"),
    ],
)  # fmt: skip
def test_latin_runs_are_isolated_and_the_rest_escaped(text, expected):
    assert isolate_latin(text) == expected


@pytest.mark.parametrize("lang", ["ar", "fa-AF", "ps"])
def test_a_translated_sentence_isolates_its_urls_and_names_on_the_page(client, lang):
    office = LIBRARY.offices["br_sisconare"]
    html = client.get(f"/{lang}/br/offices").get_data(as_text=True)
    assert "(<bdi>justica.gov.br</bdi>" in html  # inside the translated source of the office
    assert f'<bdi dir="ltr">{office.locator_url}</bdi>' in html


def test_left_to_right_pages_are_left_alone(client):
    html = client.get("/es/br/offices").get_data(as_text=True)
    assert "<bdi>justica.gov.br</bdi>" not in html and "justica.gov.br" in html


def arabic_script_fonts(pdf: bytes) -> set[str]:
    """The fonts that draw Arabic-script text in a PDF."""
    fonts: set[str] = set()

    def visit(text, _cm, _tm, font, _size):
        if font and ARABIC_SCRIPT.search(text or ""):
            fonts.add(str(font.get("/BaseFont")))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return fonts


@pytest.mark.parametrize(("lang", "second"), [("en", "ar"), ("pt-BR", "fa-AF"), ("ar", "pt-BR")])
def test_printed_arabic_script_is_never_slanted(client, lang, second):
    """The second language is printed in italics; Noto Sans Arabic has none, so WeasyPrint
    would draw a synthetic oblique (a font named "…-Oblique")."""
    flow = LIBRARY.flow("BR", "humanitarian_visa")
    answer_all(client, lang, flow, flow.scenarios[0].answers)
    response = client.get(f"/{lang}/br/humanitarian_visa/checklist.pdf?second={second}")
    assert response.status_code == 200
    fonts = arabic_script_fonts(response.data)
    assert fonts and not [f for f in fonts if "Oblique" in f or "Italic" in f], fonts
    text = pdf_text(response.data)
    assert "<bdi>" not in text
