"""Phone first: on a 320x568 and a 360x640 screen the main button (Start now, Continue, See my
result) is on the first screen, without scrolling, on the start page, on every question type
and on check-your-answers — left to right, right to left (ar) and in a language of long words
(ht). And the whole row of a radio or checkbox option is the tap target, at least 44 px high."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.checks import axe_violations, small_targets
from tests.browser.conftest import PHONE
from tests.browser.pages import PAGE_TYPES, QUESTION_TYPES, open_page
from tests.browser.person import CONTINUE

SCREENS = {"320x568": {"width": 320, "height": 568}, "360x640": {"width": 360, "height": 640}}
LANGS = ("es", "ar", "ht")  # the portal's first language, right to left, long words
MAIN_BUTTON = {
    "flow start": "main button.start",
    "check your answers": "main a.button",
    **{f"question {t}": CONTINUE for t in QUESTION_TYPES},
}
FIRST_SCREENS = [p for p in PAGE_TYPES if p.name in MAIN_BUTTON]
CHOICES = [p for p in FIRST_SCREENS if p.question in ("choice", "yes_no", "multi")]
TAP_HEIGHT = 44


def test_every_question_type_is_checked():
    assert {p.question for p in FIRST_SCREENS if p.question} == set(QUESTION_TYPES)
    assert len(FIRST_SCREENS) == len(MAIN_BUTTON)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "page_type",
    FIRST_SCREENS,
    ids=lambda p: p.name.replace(" ", "-"),
)
def test_the_main_button_is_on_the_first_screen(new_context, live, page_type, lang):
    """Both screen sizes on one page (reached once, then resized): the layout is worked out
    again for each size, and reaching a late question is the slow part of the test."""
    page = new_context(viewport=SCREENS["320x568"]).new_page()
    open_page(page, live, lang, page_type)
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        button = page.locator(MAIN_BUTTON[page_type.name]).first
        box = button.bounding_box()
        assert box is not None, f"no main button on {page.url}"
        bottom = box["y"] + box["height"]
        assert box["y"] >= 0 and bottom <= size["height"], (
            f"{page.url} at {screen}: the main button ends at {bottom:.0f}px, "
            f"{bottom - size['height']:.0f}px below the first screen"
        )


def far_end_of(page: Page, row) -> tuple[float, float]:
    """A point at the far end of the row from the box and its words (the right in a
    left-to-right page, the left in Arabic), near its bottom edge."""
    row.scroll_into_view_if_needed()
    box = row.bounding_box()
    rtl = page.locator("html").get_attribute("dir") == "rtl"
    x = box["x"] + 3 if rtl else box["x"] + box["width"] - 3
    return x, box["y"] + box["height"] - 3


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_type", CHOICES, ids=lambda p: p.name.replace(" ", "-"))
def test_the_whole_row_of_an_option_is_the_tap_target(new_context, live, page_type, lang):
    page = new_context(viewport=SCREENS["320x568"]).new_page()
    open_page(page, live, lang, page_type)
    width = page.locator("main .options").bounding_box()["width"]
    rows = page.locator("main .option")
    assert rows.count() >= 2
    for index in range(rows.count()):
        row = rows.nth(index)
        box = row.bounding_box()
        assert box["height"] >= TAP_HEIGHT, f"option {index} is {box['height']:.0f}px high"
        assert box["width"] >= width - 1, f"option {index} is not as wide as the list"
        option = row.locator("input")
        assert not option.is_checked()
        page.mouse.click(*far_end_of(page, row))
        assert option.is_checked(), f"a tap at the end of option {index} did not choose it"
        if page_type.question == "multi":
            page.mouse.click(*far_end_of(page, row))
            assert not option.is_checked(), f"a second tap did not untick option {index}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_list_opens_from_the_header(checking_page, live, lang):
    """Each language named in itself, each link a 44 px row, and axe-core content with it open."""
    page = checking_page
    page.set_viewport_size(SCREENS["320x568"])
    try:
        open_page(page, live, lang, next(p for p in CHOICES if p.question == "choice"))
        links = page.locator(".langs a[hreflang]")
        assert not links.first.is_visible()
        page.click(".langs summary")
        names = {}
        for index in range(links.count()):
            link = links.nth(index)
            box = link.bounding_box()
            assert link.is_visible() and box["height"] >= TAP_HEIGHT
            assert box["y"] + box["height"] <= SCREENS["320x568"]["height"]
            names[link.get_attribute("lang")] = link.inner_text()
        assert names["ar"] == "العربية" and names["ht"] == "Kreyòl Ayisyen"
        assert axe_violations(page) == [] and small_targets(page) == []
    finally:
        page.set_viewport_size(PHONE)
