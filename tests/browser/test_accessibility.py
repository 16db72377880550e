"""Every page type in every locale, in a real browser: zero axe-core violations for WCAG 2.0, 2.1
and 2.2 A and AA, targets of at least 24x24 px (or spaced, or inline in a sentence), a visible
focus indicator on everything reached with the Tab key, the right lang and direction, and no
sideways scrolling on a 360px-wide phone."""

from __future__ import annotations

import pytest

from portal.i18n import LOCALES, RTL_LANGUAGES
from tests.browser.checks import axe_violations, focus_problems, small_targets
from tests.browser.pages import PAGE_TYPES, open_page
from tests.browser.person import LANGS


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name.replace(" ", "-"))
def test_page_is_accessible(checking_page, live, page_type, lang):
    page = checking_page
    open_page(page, live, lang, page_type)

    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    rtl = LOCALES[lang].split("_")[0] in RTL_LANGUAGES
    assert html.get_attribute("dir") == ("rtl" if rtl else "ltr")
    problems = {
        "axe": axe_violations(page),
        "target size": small_targets(page),
        "sideways scroll": []
        if page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        else ["the page is wider than the screen"],
        "focus": focus_problems(page),
    }
    assert not any(problems.values()), "\n".join(
        f"{kind}: {problem}" for kind, found in problems.items() for problem in found
    )
