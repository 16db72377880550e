"""Today's work at this desk (issue 16 §3): every result a clerk opens by code or answers with a
person is listed on the desk home — how, pathway, outcome kind, time; no names, no answers —
for that clerk and that day only, and `flask purge` deletes earlier days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import DeskWork
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, answer_all, create_staff, saved_code, sign_in

RESULT = "/es/br/regularization/result"


def work_table(client) -> str:
    html = client.get("/es/desk/").get_data(as_text=True)
    if '<table class="audit">' not in html:
        return ""
    return html.split('<table class="audit">', 1)[1].split("</table>", 1)[0]


def lines(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DeskWork))


def test_assisted_and_opened_results_are_listed_once_without_answers(app, client):
    code = saved_code(app)
    create_staff(app)
    sign_in(client)
    assert "Nada todavía hoy." in client.get("/es/desk/").get_data(as_text=True)
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    client.get(RESULT)
    client.get(RESULT)  # seen again: still one line
    client.post("/es/desk/next-person")
    client.post("/es/desk/open", data={"code": code})
    client.get(RESULT)
    table = work_table(client)
    assert table.count("<tr>") == 3  # a header row and two lines
    assert "Abierto con un código" in table and "Respondido con la persona" in table
    assert "Probablemente cumple los requisitos" in table
    for answer in ("1990", "VE", code):
        assert answer not in table
    assert lines(app) == 2


def test_a_person_on_their_own_is_never_listed(app, client):
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    client.get(RESULT)
    assert lines(app) == 0


def test_each_clerk_sees_only_their_own_day(app, client):
    create_staff(app)
    create_staff(app, "other@example.org")
    sign_in(client)
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    client.get(RESULT)
    other = app.test_client()
    sign_in(other, "other@example.org")
    assert work_table(other) == "" and work_table(client)


def test_purge_deletes_earlier_days_and_keeps_today(app, client):
    create_staff(app)
    sign_in(client)
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    client.get(RESULT)
    with app.app_context():
        old = db.session.scalar(select(DeskWork))
        db.session.add(
            DeskWork(staff_id=old.staff_id, at=old.at - dt.timedelta(days=2), how="assisted",
                     country="BR", pathway="regularization", outcome_kind="likely")
        )  # fmt: skip
        db.session.commit()
    assert work_table(client).count("<tr>") == 2  # yesterday's line is not today's work
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0 and "1 line(s) of earlier days" in result.output
    assert lines(app) == 1
