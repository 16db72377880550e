"""The printable office list of a country (/<lang>/<cc>/offices.pdf): the chosen city's offices
first, then the nationwide ones, or every city's in turn; each office with what the content says
of it, in the page's language where a translation exists; on the country's paper; headings in
order; a city not in the list gets the directory page with its error, not a PDF."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask_babel import force_locale
from markupsafe import Markup
from pypdf import PdfReader

from portal.formats import format_day
from portal.i18n import content_text
from portal.offices.hours import opening_hours
from portal.offices.services import SERVICE_NAMES, service_names
from portal.rules.offices import NATIONWIDE
from tests.helpers import LIBRARY, pdf_pages
from tests.helpers_i18n import catalog, tr

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

LANGS = [("es", "es"), ("pt-BR", "pt_BR")]
SIZES = {"A4": (595, 842), "letter": (612, 792)}


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", str(text))  # pdf text may break a line anywhere


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """The text, read by PDFium (tests/helpers.pdf_pages)."""
    return squeeze(" ".join(pdf_pages(data)))


def offices_of(code: str):
    return [o for o in LIBRARY.offices.values() if o.country == code]


def shown(text: str) -> str:
    """A content string as the page shows it (an untranslated one carries a badge)."""
    text = content_text(text)
    return text.striptags() if isinstance(text, Markup) else text


def printed(app, lang: str, locale: str, office) -> list[str]:
    """What the list must say of an office, in order, computed as the page computes it."""
    with app.test_request_context(f"/{lang}/"), force_locale(locale):
        words = [shown(office.name)]
        if office.address:
            words.append(office.address)
        elif office.locator_url:
            words.append(office.locator_url)
        words += [w for w in (office.phone, opening_hours(office).striptags()) if w]
        words += service_names(office.services)
        words.append(shown(office.source))
        words.append(format_day(office.last_reviewed))
    return words


def assert_in_order(text: str, words: list[str], start: int = 0) -> int:
    """Each of `words` in `text`, one after another; where the last one ends."""
    for word in words:
        found = text.find(squeeze(word), start)
        assert found >= 0, f"{word!r} missing (or out of order)"
        start = found + len(squeeze(word))
    return start


@pytest.mark.parametrize(("lang", "locale"), LANGS)
@pytest.mark.parametrize(
    ("code", "city"), [("br", "Manaus"), ("co", "Cúcuta"), ("mx", "Tapachula")]
)
def test_a_city_then_the_nationwide_offices_on_the_countrys_paper(app, client, lang, locale,
                                                                  code, city):  # fmt: skip
    response = client.get(f"/{lang}/{code}/offices.pdf?city={quote(city)}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    box = read(response.data).pages[0].mediabox
    size = (round(float(box.width)), round(float(box.height)))
    assert size == SIZES[LIBRARY.countries[code.upper()].paper]
    text = text_of(response.data)
    offices = offices_of(code.upper())
    local = [o for o in offices if o.city == city]
    nationwide = [o for o in offices if o.city == NATIONWIDE]
    assert local and nationwide
    end = 0
    for office in local + nationwide:
        end = assert_in_order(text, printed(app, lang, locale, office), end)
    for office in offices:
        if office not in local + nationwide and office.address:
            assert squeeze(office.address) not in text, office.id  # no other city's offices


@pytest.mark.parametrize(("lang", "locale"), LANGS)
def test_without_a_city_every_office_grouped_by_city_headings_in_order(app, client, lang,
                                                                       locale):  # fmt: skip
    data = client.get(f"/{lang}/br/offices.pdf").data
    reader = read(data)
    text = text_of(data)
    offices = offices_of("BR")
    cities = sorted({o.city for o in offices} - {NATIONWIDE})
    # The PDF's bookmarks are its headings: the list (h1), each city (h2), each office (h3).
    outline = reader.outline
    assert len(outline) == 2 and isinstance(outline[1], list)
    sections = [item for item in outline[1] if not isinstance(item, list)]
    nested = [item for item in outline[1] if isinstance(item, list)]
    assert [s.title for s in sections][:-1] == cities
    with force_locale(locale), app.test_request_context(f"/{lang}/"):
        assert sections[-1].title == tr(locale, "Nationwide, by phone or online")
    assert len(nested) == len(sections)
    assert all(not isinstance(leaf, list) for group in nested for leaf in group)  # no h4
    assert sum(len(group) for group in nested) == len(offices)
    end = 0
    for city in [*cities, NATIONWIDE]:
        for office in sorted((o for o in offices if o.city == city), key=lambda o: o.name):
            end = assert_in_order(text, printed(app, lang, locale, office), end)


@pytest.mark.parametrize(("lang", "locale"), LANGS)
def test_the_list_is_in_the_pages_language(client, lang, locale):
    text = text_of(client.get(f"/{lang}/co/offices.pdf").data)
    heading = tr(locale, "Offices and free help in %(country)s").split("%(country)s")[0]
    assert squeeze(heading) in text
    names = catalog(locale, "content")
    translated = [o.name for o in offices_of("CO") if o.name in names and names[o.name] != o.name]
    assert translated, "no office name of Colombia is translated: pick another check"
    for name in translated:
        assert squeeze(names[name]) in text, name
    assert squeeze(tr(locale, str(SERVICE_NAMES["legal_aid"]))) in text


@pytest.mark.parametrize(("lang", "locale"), LANGS)
def test_a_city_not_in_the_list_gets_the_directory_with_its_error(client, lang, locale):
    response = client.get(f"/{lang}/br/offices.pdf?city=Atlantis")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    html = response.get_data(as_text=True)
    assert tr(locale, "Choose a city from the list") in html
    assert 'class="error-summary"' in html


@pytest.mark.parametrize(("lang", "city"), [("es", "São Paulo"), ("pt-BR", None)])
def test_the_directory_links_to_the_list_it_shows(client, lang, city):
    query = f"?city={quote(city)}" if city else ""
    html = client.get(f"/{lang}/br/offices{query}").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" download>([^<]+)</a>', html)
    assert link and link.group(2) == tr(lang.replace("-", "_"), "Print this list (PDF)")
    address = urlsplit(link.group(1))
    assert address.path == f"/{lang}/br/offices.pdf"
    assert parse_qs(address.query) == ({"city": [city]} if city else {})
    assert client.get(link.group(1)).mimetype == "application/pdf"


def test_every_service_the_content_names_has_words():
    tags = {tag for office in LIBRARY.offices.values() for tag in office.services}
    assert tags <= set(SERVICE_NAMES), sorted(tags - set(SERVICE_NAMES))
