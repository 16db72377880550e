"""The accessibility checks find real problems: on a page made to have them they report each
one, and on the same page without them they report nothing."""

from __future__ import annotations

from tests.browser.checks import axe_violations, focus_problems, small_targets

GOOD = """<!doctype html><html lang="en"><head><title>Fine</title><style>
body { font: 17px/1.5 sans-serif }
:focus-visible { outline: 3px solid #000 }
button { min-width: 44px; min-height: 44px }
</style></head><body><main>
<h1>Fine</h1>
<p>A sentence with <a href="#x">an inline link</a> in it.</p>
<p><button>Big</button> <button>Also big</button></p>
</main></body></html>"""

BAD = """<!doctype html><html lang="en"><head><title>Broken</title><style>
body { font: 17px/1.5 sans-serif }
.faint { color: #bbb }
.tiny { width: 16px; height: 16px; padding: 0; margin: 0; border: 0 }
a.hidden-focus:focus { outline: none }
</style></head><body><main>
<h1>Broken</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p class="faint">Text too faint to read.</p>
<p><button class="tiny">a</button><button class="tiny">b</button></p>
<p><a class="hidden-focus" href="#y">A link that hides its focus</a></p>
</main></body></html>"""


def test_a_good_page_passes(checking_page):
    checking_page.set_content(GOOD)
    assert axe_violations(checking_page) == []
    assert small_targets(checking_page) == []
    assert focus_problems(checking_page) == []


def test_each_problem_is_reported(checking_page):
    checking_page.set_content(BAD)
    found = " ".join(axe_violations(checking_page))
    assert "image-alt" in found and "color-contrast" in found
    crowded = small_targets(checking_page)
    assert len(crowded) == 2 and all("tiny" in problem for problem in crowded)
    hidden = focus_problems(checking_page)
    assert len(hidden) == 1 and "hidden-focus" in hidden[0]
