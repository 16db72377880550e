"""The statistics tests' fixture: an editor signed in (who may see the dashboard)."""

from __future__ import annotations

import pytest

from tests.helpers import create_staff, sign_in


@pytest.fixture
def editor(app):
    create_staff(app, "editor@example.org", role="editor")
    staff = app.test_client()
    sign_in(staff, "editor@example.org")
    return staff
