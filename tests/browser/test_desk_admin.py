"""Admin in the browser (issue 16 §4), at 1280x800 in Spanish and Portuguese: an admin creates a
clerk, the clerk signs in with the one-time password, the admin disables the account and the
clerk is told at the next request; the audit log shows those events with translated names,
filters by person and downloads them as CSV."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.person import go, sign_in
from tests.helpers_i18n import LOCALES, tr

DESKTOP = {"width": 1280, "height": 800}
CREATE = 'main form[action$="/desk/users"] button[type=submit]'


@pytest.mark.parametrize("lang", ["es", "pt-BR"])
def test_an_admin_creates_and_disables_a_clerk_and_the_audit_log_shows_it(new_context, live, lang):
    locale = LOCALES[lang]
    email = f"clerk-{uuid.uuid4().hex[:8]}@example.org"
    admin = new_context(viewport=DESKTOP).new_page()
    sign_in(admin, lang, "admin", live)
    go(admin, f'main a[href="/{lang}/desk/users"]')
    admin.fill("#email", email)
    admin.select_option("#role", "desk")
    admin.fill("#city", "Boa Vista")
    go(admin, CREATE)
    assert tr(locale, "Account created") in admin.locator("h1").inner_text()
    password = admin.locator("main p.code").inner_text().strip()
    assert len(password) >= 12

    clerk = new_context(viewport=DESKTOP).new_page()
    clerk.goto(f"/{lang}/desk/sign-in")
    clerk.fill("#email", email)
    clerk.fill("#password", password)
    go(clerk, 'main form[method="post"] button[type="submit"]')
    assert urlparse(clerk.url).path == f"/{lang}/desk/"

    admin.goto(f"/{lang}/desk/users")
    row = admin.locator("tr", has_text=email)
    assert tr(locale, "Active") in row.inner_text() and "Boa Vista" in row.inner_text()
    with admin.expect_navigation():
        row.locator('form[action$="/disable"] button').click()
    assert tr(locale, "Disabled") in admin.locator("tr", has_text=email).inner_text()

    clerk.goto(f"/{lang}/desk/")  # the clerk's next request: told, not left half signed in
    assert urlparse(clerk.url).path == f"/{lang}/desk/sign-in"
    ended = (
        "Your desk session was ended: your account was disabled, or signed out on every device. "
        "Anything the person had answered was cleared. Ask an admin if this is unexpected."
    )
    assert tr(locale, ended) in clerk.locator("main").inner_text()

    go(admin, f'main a[href="/{lang}/desk/audit"]')
    log = admin.locator("main table").inner_text()
    for action in ("Account created", "Signed in", "Account disabled"):
        assert tr(locale, action) in log, action
    admin.select_option("#staff", label=live.staff_email("admin"))
    go(admin, "main form.filters button")
    filtered = admin.locator("main table tbody").inner_text()
    assert tr(locale, "Account created") in filtered and email in filtered
    with admin.expect_download() as download:
        admin.click('main a[href*="/desk/audit.csv"]')
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert any("user_created" in row for row in rows), rows[:3]
