"""Browser fixtures: one live portal and one Chromium per pytest worker, a fresh browser context
(cookies, cache) per test. Debian's Chromium headless shell is driven directly (Playwright never
downloads a browser): the same engine as the full browser without its desktop parts, it ran the
accessibility checks in 0.7 of the time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser import live_server
from tests.browser.checks import AXE_SCRIPT
from tests.browser.live_server import LiveServer

CHROMIUM = Path("/usr/bin/chromium-headless-shell")
PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="session")
def live(tmp_path_factory) -> Iterator[LiveServer]:
    server, running = live_server.start(tmp_path_factory.mktemp("live"))
    yield server
    live_server.stop(running, server.app)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run bin/system-deps (it installs it as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, live: LiveServer) -> Iterator:
    """Make browser contexts on the live portal: a 360x640 phone unless told otherwise."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        options.setdefault("viewport", PHONE)
        context = browser.new_context(base_url=live.url, **options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _checking_page(browser: Browser, live: LiveServer) -> Iterator[Page]:
    # axe-core is injected as a script: the portal's CSP (rightly) forbids that, so bypass it.
    context = browser.new_context(base_url=live.url, viewport=PHONE, bypass_csp=True)
    context.set_default_timeout(30_000)
    context.add_init_script(path=AXE_SCRIPT)  # in every page it loads, before the page's own
    yield context.new_page()
    context.close()


@pytest.fixture
def checking_page(_checking_page: Page) -> Page:
    """A phone-sized page for the accessibility checks, shared by a worker's tests: a new context
    or page each time would double their cost (the browser would compile axe-core afresh).
    No cookies, so no answers or sign-in, carry over."""
    _checking_page.context.clear_cookies()
    return _checking_page
