"""A result opened by code (issue 16 §2): at a desk it opens in the person's own language, whatever
the clerk's interface language, so the checklist printed from it puts the person's language
first and the desk's second; and "Delete these answers now" works on it, at a desk (audited)
and on the person's own phone."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEntry, SavedResult
from tests.helpers import (
    BRAZIL,
    BRAZIL_ANSWERS,
    STAFF_PASSWORD,
    answer_all,
    create_staff,
    saved_code,
    sign_in,
)


def records(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SavedResult))


def test_a_clerk_working_in_portuguese_opens_a_spanish_speakers_result_in_spanish(app, client):
    code = saved_code(app, "es")
    create_staff(app)
    client.post(
        "/pt-BR/desk/sign-in", data={"email": "desk@example.org", "password": STAFF_PASSWORD}
    )
    response = client.post("/pt-BR/desk/open", data={"code": code})
    assert response.headers["Location"].endswith("/es/br/regularization/result")
    html = client.get("/es/br/regularization/result").get_data(as_text=True)
    assert '<html lang="es"' in html
    # the two-language checklist offers the desk's language (Portuguese in Brazil) second
    assert re.search(r'<option value="pt-BR" lang="pt-BR" selected>', html)


def test_delete_these_answers_now_at_the_desk_is_audited(app, client):
    code = saved_code(app, "es")
    create_staff(app)
    sign_in(client)
    client.post("/es/desk/open", data={"code": code})
    html = client.get("/es/br/regularization/result").get_data(as_text=True)
    assert "Borrar estas respuestas ahora" in html and "Guardar y obtener un código" not in html
    response = client.post("/es/br/regularization/delete-opened")
    assert response.status_code == 200 and records(app) == 0
    with app.app_context():
        on_records = select(AuditEntry.action).where(AuditEntry.saved_result_id.is_not(None))
        actions = db.session.scalars(on_records.order_by(AuditEntry.id)).all()
    assert actions == ["open", "delete"]
    with client.session_transaction() as session:
        assert "answers" not in session and "opened" not in session


def test_delete_these_answers_now_on_the_persons_own_phone(app, client):
    code = saved_code(app, "es")
    client.post("/es/resume", data={"code": code})
    assert "Borrar estas respuestas ahora" in client.get("/es/br/regularization/result").get_data(
        as_text=True
    )
    assert client.post("/es/br/regularization/delete-opened").status_code == 200
    assert records(app) == 0
    assert client.post("/es/br/regularization/delete-opened").status_code == 400  # nothing left


def test_nothing_opened_nothing_to_delete(app, client):
    saved_code(app, "es")
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    html = client.get("/es/br/regularization/result").get_data(as_text=True)
    assert "Borrar estas respuestas ahora" not in html
    assert client.post("/es/br/regularization/delete-opened").status_code == 400
    assert records(app) == 1
