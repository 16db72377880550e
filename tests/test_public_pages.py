"""What every public page carries: Quick exit (not only inside a guide), a favicon served at
/favicon.ico itself and kept by the browser, a description for search results and link
previews, and guide lengths in the right plural."""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest

from portal import FAVICON_MAX_AGE
from tests.helpers import CONTENT, app_on
from tests.helpers_i18n import LOCALES

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

QUICK_EXIT = 'class="quick-exit" href="/exit"'
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/br/",
    "/{lang}/br/offices",
    "/{lang}/privacy",
    "/{lang}/resume",
    "/{lang}/br/regularization/",
    "/{lang}/nowhere/",  # a 404 page
]


def description(html: str) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, found
    return unescape(found[0])


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_quick_exit_a_favicon_and_a_description(client, url, lang):
    html = client.get(url.format(lang=lang)).get_data(as_text=True)
    assert html.count(QUICK_EXIT) == 1
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert len(description(html)) > 50


@pytest.mark.parametrize("url", ["/en/desk/sign-in"])
def test_staff_pages_have_no_quick_exit(client, url):
    """It would end the staff member's session; the pages a person sees at the desk have it."""
    assert QUICK_EXIT not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("lang", LOCALES)
def test_the_home_page_describes_itself(client, lang):
    home = description(client.get(f"/{lang}/").get_data(as_text=True))
    other = description(client.get(f"/{lang}/privacy").get_data(as_text=True))
    assert home != other


def test_the_favicon_is_served_at_its_own_address_and_kept_for_a_year(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200  # not a redirect to /static/
    assert response.data.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    cache = response.headers.getlist("Cache-Control")
    assert len(cache) == 1 and "no-store" not in cache[0]
    assert f"max-age={FAVICON_MAX_AGE}" in cache[0] and FAVICON_MAX_AGE >= 31_536_000
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers
    response.close()


def test_the_favicon_is_kept_by_no_shared_cache(client, monkeypatch):
    """The session cookie is sealed again on any request once it is due, the favicon's too: a
    proxy or CDN must never keep that response and hand the cookie to someone else."""
    import portal.session

    client.post("/en/br/regularization/restart")
    monkeypatch.setattr(portal.session, "REFRESH_SECONDS", 0)
    response = client.get("/favicon.ico")
    cache = response.headers["Cache-Control"]
    assert "private" in cache and "public" not in cache
    response.close()


def test_other_static_files_are_still_revalidated(client):
    response = client.get("/static/style.css")
    assert "max-age=31536000" not in response.headers.get("Cache-Control", "")
    response.close()


@pytest.fixture
def one_minute_guide(tmp_path, database_uri):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "flows" / "br" / "regularization.yaml"
    text, count = re.subn(r"(?m)^minutes: \d+$", "minutes: 1", path.read_text())
    assert count == 1
    path.write_text(text)
    for app in app_on(database_uri, TESTING=True, CONTENT_DIR=str(content)):
        yield app.test_client()


def test_one_minute_is_singular(one_minute_guide):
    html = one_minute_guide.get("/en/br/regularization/").get_data(as_text=True)
    assert "It takes about 1 minute." in html


def test_more_minutes_are_plural(client):
    html = client.get("/en/br/regularization/").get_data(as_text=True)
    assert re.search(r"It takes about [2-9] minutes\.", html)
