"""The PDF checklist comes from the same data as the outcome page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import portal.checklists.views as views
from portal import PROJECT_ROOT
from portal.checklists.pdf import StaticOnlyFetcher, render_pdf
from tests.checklists.helpers import plain
from tests.helpers import BRAZIL_ANSWERS, LIBRARY, answer_all, app_on, pdf_text
from tests.helpers_i18n import LOCALES

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

STATIC = PROJECT_ROOT / "portal" / "static"


def printed(text: str, pdf: str, length: int) -> bool:
    """Whether the first characters of a text are in a PDF's text layer. Right to left, word by
    word: the order a text layer gives Arabic-script lines, and the place of an isolated Latin
    run inside them (a "3 x 4 cm"), depend on the pypdf release."""
    if not re.match(r"[\u0600-\u06ff]", text):
        return text[:length] in pdf
    words = [w for w in re.split(r"[\s،,.;:()—]+", text[:length]) if len(w) > 1]
    return all(word in pdf for word in words[:-1] or words)  # the last may be cut


@pytest.mark.parametrize("lang", LOCALES)
def test_pdf_lists_the_resolved_checklist_fees_offices_and_sources(client, lang):
    locale = LOCALES[lang]
    flow = LIBRARY.flow("BR", "regularization")
    answer_all(
        client,
        lang,
        flow,
        BRAZIL_ANSWERS,
    )
    response = client.get(f"/{lang}/br/regularization/checklist.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    outcome = flow.outcomes["likely"]
    assert printed(plain(locale, outcome.title), text, 40)
    one_photo = next(i.text for i in outcome.checklist if "One recent colour photo" in i.text)
    assert printed(plain(locale, one_photo), text, 25)  # the 2021 checklist, not 2018's two photos
    assert "hipossufici" in text
    assert plain(locale, "Proof that the fees were paid.")[:20] not in text
    assert "140066" in text and "140120" in text
    assert plain(locale, "Polícia Federal (Federal Police) — migration service")[:14] in text
    assert "Portaria Interministerial" in text
    disclaimer = "This is information, not legal advice. Rules change: confirm with the office before you act."
    assert plain(locale, disclaimer, "messages")[:20] in text


def test_pdf_uses_the_countrys_paper_size(client):
    flow = LIBRARY.flow("CO", "regularization")
    answer_all(client, "es", flow, {"nationality": "HT"})
    reader = PdfReader(io.BytesIO(client.get("/es/co/regularization/checklist.pdf").data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    assert LIBRARY.countries["BR"].paper == "A4"


def test_pdf_before_the_outcome_redirects(client):
    assert client.get("/en/br/regularization/checklist.pdf").status_code == 302


def test_the_renderer_fetches_only_static_files(tmp_path: Path):
    fetcher = StaticOnlyFetcher(STATIC)
    assert fetcher.fetch((STATIC / "style.css").resolve().as_uri()).read()
    for url in [
        "https://example.org/x.png",
        "file:///etc/passwd",
        (STATIC / ".." / "__init__.py").resolve().as_uri(),
    ]:
        with pytest.raises(ValueError, match="may not fetch"):
            fetcher.fetch(url)
    # An external image in the HTML is refused, not fetched; rendering still succeeds.
    pdf = render_pdf('<p>Hi</p><img src="https://example.org/tracker.png">', STATIC)
    assert pdf.startswith(b"%PDF")


def test_arabic_pdf_is_right_to_left_with_arabic_text(client):
    flow = LIBRARY.flow("BR", "humanitarian_visa")
    answer_all(client, "ar", flow, {"location": "abroad", "nationality": "SY"})
    response = client.get("/ar/br/humanitarian_visa/checklist.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert re.search("[\u0600-\u06ff]{3,}", text), text[:200]
    assert "Portaria" in text  # legal names stay in the original language
    html = client.get("/ar/br/humanitarian_visa/result").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


@pytest.fixture
def published(database_uri):
    yield from app_on(
        database_uri, TESTING=True, WTF_CSRF_ENABLED=False, PUBLIC_URL="https://camino.example.org/"
    )


def printed_links(monkeypatch) -> list[str]:
    """The addresses the PDFs rendered next put in their QR codes."""
    links: list[str] = []
    real = views.qr_data_uri
    monkeypatch.setattr(views, "qr_data_uri", lambda url: links.append(url) or real(url))
    return links


def test_the_printed_link_and_qr_code_are_on_public_url_whatever_the_host(published, monkeypatch):
    """Anyone can send any Host header (a link in a phishing message, a misconfigured proxy):
    the paper and its QR code must still lead to the portal."""
    links = printed_links(monkeypatch)
    client = published.test_client()
    answer_all(client, "en", LIBRARY.flow("BR", "regularization"), BRAZIL_ANSWERS)
    client.set_cookie("camino", client.get_cookie("camino").value, domain="evil.example")
    evil = {"Host": "evil.example"}
    checklist = client.get("/en/br/regularization/checklist.pdf", headers=evil)
    blank = client.get("/en/br/regularization/blank.pdf", headers=evil)
    assert checklist.status_code == 200 and blank.status_code == 200
    assert links == [
        "https://camino.example.org/en/br/regularization/result",
        "https://camino.example.org/en/br/regularization/",
    ]
    for response in (checklist, blank):
        text = pdf_text(response.data)
        assert "camino.example.org/en/br/regularization/" in text.replace(" ", "")
        assert "evil" not in text


def test_without_public_url_development_prints_the_requests_host(client, monkeypatch):
    links = printed_links(monkeypatch)
    assert client.get("/en/br/regularization/blank.pdf").status_code == 200
    assert links == ["http://localhost/en/br/regularization/"]
