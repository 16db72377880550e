"""What the desk tests share: an admin's address, the languages the staff pages are checked
in, a signed-in client and a staff account read back from the database."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Staff
from tests.helpers import STAFF_PASSWORD

ADMIN = "admin@example.org"
LANGS = ["es", "pt-BR"]


def signed_in(app, lang: str, email: str = ADMIN, password: str = STAFF_PASSWORD):
    client = app.test_client()
    response = client.post(f"/{lang}/desk/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def account(app, email: str) -> Staff:
    with app.app_context():
        staff = db.session.scalar(select(Staff).where(Staff.email == email))
        db.session.expunge(staff)
        return staff
