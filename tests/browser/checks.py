"""Accessibility checks run in the page: axe-core for WCAG 2.0/2.1/2.2 A and AA, target size
(WCAG 2.5.8) and a visible focus indicator on every element reached with the Tab key."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe-core as the axe-playwright-python package ships it. A context that runs many checks adds
# it as an init script (tests/browser/conftest.py): sending its 570 KB for each check was a
# third of axe's time.
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

TARGETS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex="0"]'

# WCAG 2.5.8: a target is at least 24x24 CSS px, or is exempt because
# - spacing: a 24px circle centred on it meets no other target, nor another small target's circle;
# - inline: it sits in a sentence, its height set by the line-height of the text around it.
# Off-screen, zero-size and hidden elements (the skip link until it is focused, links in a
# closed <details>) are not targets.
SMALL_TARGETS_JS = """
(selector) => {
  const MIN = 24;
  const seen = [...document.querySelectorAll(selector)].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0
      && el.checkVisibility({visibilityProperty: true}) && el.closest('[inert]') === null;
  });
  const blockOf = el => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el).cloneNode(true);
    block.querySelectorAll('a, button, input, select, textarea, summary, .visually-hidden')
      .forEach(t => t.remove());
    return /[\\p{L}\\p{N}]/u.test(block.textContent);
  };
  const targets = seen.map(el => {
    const r = el.getBoundingClientRect();
    return {el, r, cx: r.left + r.width / 2, cy: r.top + r.height / 2,
            small: r.width < MIN || r.height < MIN};
  });
  const distToRect = (x, y, r) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const related = (a, b) => a.el.contains(b.el) || b.el.contains(a.el);
  const describe = t => `${t.el.outerHTML.slice(0, 120)} (${t.r.width.toFixed(1)}x${t.r.height.toFixed(1)})`;
  const problems = [];
  for (const t of targets.filter(t => t.small && !inSentence(t.el))) {
    const crowded = targets.find(o => o !== t && !related(t, o) && (o.small
      ? Math.hypot(o.cx - t.cx, o.cy - t.cy) < MIN
      : distToRect(t.cx, t.cy, o.r) < MIN / 2));
    if (crowded) problems.push(`${describe(t)} is too close to ${describe(crowded)}`);
  }
  return problems;
}
"""

# Styles that can show focus. Recorded for every target before any has focus, then compared
# with the same element's style while it has keyboard focus.
FOCUS_STYLE_JS = """
(el) => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
            || s.outlineColor === 'rgba(0, 0, 0, 0)' ? 'none'
            : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          shadow: s.boxShadow, background: s.backgroundColor, border: s.borderColor};
}
"""

MARK_TARGETS_JS = """
(selector) => {
  const styleOf = STYLE_OF;
  // The Tab key stops on each part of these inputs (day, month, year), all in one element.
  const FIELD_STOPS = {date: 3, month: 2, week: 2, time: 3, 'datetime-local': 6};
  const baseline = {};
  document.querySelectorAll(selector).forEach((el, i) => {
    el.dataset.focusKey = String(i);
    baseline[i] = {style: styleOf(el), tabbable: el.tabIndex >= 0 && !el.disabled
      && el.checkVisibility({visibilityProperty: true}),
      radio: el.type === 'radio' ? el.name : null, html: el.outerHTML.slice(0, 120),
      stops: FIELD_STOPS[el.type] || 1};
  });
  window.focusSeen = [];
  document.addEventListener('focusin', event => {
    const el = event.target, r = el.getBoundingClientRect();
    window.focusSeen.push({key: el.matches(selector) ? el.dataset.focusKey : null,
      style: styleOf(el), html: el.outerHTML.slice(0, 120),
      visible: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth});
  });
  return baseline;
}
""".replace("STYLE_OF", FOCUS_STYLE_JS)


EXTRA_TAB_STOPS = 5  # tab stops that are not targets, such as scrollable boxes
UNFOCUSED = {"outline": "none", "shadow": "none"}  # for those, whose style before is unknown


def axe_violations(page: Page) -> list[str]:
    if not page.evaluate("typeof axe === 'object'"):
        page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']} {node['failureSummary']}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


def small_targets(page: Page) -> list[str]:
    return page.evaluate(SMALL_TARGETS_JS, TARGETS)


def shows_focus(before: dict, during: dict) -> bool:
    outline_appears = during["outline"] != "none" and during["outline"] != before["outline"]
    shadow_appears = during["shadow"] != "none" and during["shadow"] != before["shadow"]
    return outline_appears or shadow_appears


def focus_problems(page: Page) -> list[str]:
    """Tab through the page: every focusable target must be reached, and show focus when it is.
    A focusin listener records each focused element's style, so the Tab presses need no
    round trip each to read it. Chromium also stops on scrollable boxes (a wide table on a
    phone): those must show focus too."""
    baseline = page.evaluate(MARK_TARGETS_JS, TARGETS)
    # Enough presses to come round: each tabbable target's stops (each radio counted, though a
    # group is one stop) and the extra stops. Targets that cannot take focus (in a closed
    # <details>, hidden) are not pressed for: they were half the presses on some pages.
    # Too few presses can only fail the check ("not reached"), never pass it wrongly.
    presses = sum(item["stops"] for item in baseline.values() if item["tabbable"])
    for _ in range(presses + EXTRA_TAB_STOPS):
        page.keyboard.press("Tab")
    problems, reached = [], set()
    for focused in page.evaluate("window.focusSeen"):
        key = focused["key"] or focused["html"]
        if key in reached:
            break  # focus came round again
        reached.add(key)
        before = baseline[key]["style"] if focused["key"] else UNFOCUSED
        if not shows_focus(before, focused["style"]):
            problems.append(f"no visible focus on {focused['html']}: {focused['style']}")
        elif not focused["visible"]:
            problems.append(f"focused but off screen: {focused['html']}")
    radio_groups = {baseline[k]["radio"] for k in reached if k in baseline and baseline[k]["radio"]}
    for key, item in baseline.items():
        if item["tabbable"] and key not in reached and item["radio"] not in radio_groups:
            problems.append(f"not reached with the Tab key: {item['html']}")
    return problems
