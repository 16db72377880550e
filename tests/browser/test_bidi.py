"""Latin runs inside right-to-left text keep their own order on screen: in Arabic, Dari and
Pashto, a URL and a phone number read left to right — their first character is drawn left of
their last — whether they come from office data or sit inside a translated sentence."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from portal.i18n import LOCALES, RTL_LANGUAGES

RTL_LANGS = [url for url, code in LOCALES.items() if code.split("_")[0] in RTL_LANGUAGES]
PHONE = "(11) 3115-2048"  # CIC do Imigrante, São Paulo (content/offices/br.yaml)
URL = "https://sisconare.mj.gov.br"  # an office's link (SISCONARE)
IN_A_SENTENCE = "justica.gov.br"  # inside the translated source of the SISCONARE office

# Where the first and the last character of the text `wanted` are drawn, in the first element
# whose own text is exactly `wanted` (or, for a run inside a sentence, its <bdi>).
EDGES = """([selector, wanted]) => {
  const element = [...document.querySelectorAll(selector)]
    .find(e => e.textContent.trim() === wanted);
  if (!element) return null;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const node = walker.nextNode();
  const text = node.textContent;
  const start = text.indexOf(wanted[0]);
  const end = text.lastIndexOf(wanted[wanted.length - 1]);
  const box = (i) => { const r = document.createRange(); r.setStart(node, i);
    r.setEnd(node, i + 1); const b = r.getBoundingClientRect(); return [b.left, b.top]; };
  return {first: box(start), last: box(end)};
}"""


def edges(page: Page, selector: str, wanted: str) -> dict:
    found = page.evaluate(EDGES, [selector, wanted])
    assert found is not None, f"{wanted!r} is not on the page as its own run ({selector})"
    return found


def assert_left_to_right(found: dict, wanted: str) -> None:
    (first_x, first_y), (last_x, last_y) = found["first"], found["last"]
    assert abs(first_y - last_y) < 2, f"{wanted!r} wraps: its order cannot be read off one line"
    assert first_x < last_x, f"{wanted!r} is drawn right to left: {found}"


def test_the_right_to_left_locales_are_checked():
    assert set(RTL_LANGS) == {"ar", "fa-AF", "ps"}


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_urls_and_phone_numbers_keep_their_order(new_context, lang):
    page = new_context(viewport={"width": 1000, "height": 800}).new_page()
    page.goto(f"/{lang}/br/offices")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_left_to_right(edges(page, "bdi", PHONE), PHONE)
    assert_left_to_right(edges(page, "a bdi", URL), URL)
    assert_left_to_right(edges(page, "bdi", IN_A_SENTENCE), IN_A_SENTENCE)
