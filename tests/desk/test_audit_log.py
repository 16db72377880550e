"""The audit log (issue 16 §4): sign-ins, failed sign-ins, refused codes at the desk, openings,
deletions and account changes, each named in the page's language; filters by person and dates;
a CSV of the filtered lines; repeated openings flagged; migration 0007 up and down."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, update

from portal import create_app
from portal.desk.audit import ACTIONS
from portal.extensions import db
from portal.models import AuditEntry, Staff
from tests.databases import databases_to_migrate
from tests.desk.helpers import ADMIN, LANGS, account, signed_in
from tests.helpers import BRAZIL_ANSWERS, STAFF_PASSWORD, create_staff, saved_code
from tests.helpers_i18n import LOCALES, tr

CLERK, OTHER = "clerk@example.org", "other@example.org"


@pytest.fixture
def staffed(app):
    for email, role in ((ADMIN, "admin"), (CLERK, "desk"), (OTHER, "desk")):
        create_staff(app, email, role)
    return app


def entries(app, **where) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
        found = db.session.scalars(query).all()
        db.session.expunge_all()
        return found


def stored_text(app) -> str:
    """Everything the audit log holds, as text."""
    with app.app_context():
        rows = db.session.execute(sa.text("SELECT * FROM audit_entry")).all()
    return repr(rows)


def test_sign_ins_and_failed_sign_ins_are_audited_without_the_password(staffed):
    app = staffed
    clerk_id = account(app, CLERK).id
    signed_in(app, "es", CLERK)
    client = app.test_client()
    wrong = "a wrong password 123"
    for email in (CLERK, "nobody@example.org"):
        data = {"email": email, "password": wrong}
        assert client.post("/es/desk/sign-in", data=data).status_code == 400
    [ok] = entries(app, action="sign_in")
    assert (ok.staff_id, ok.target_staff_id) == (clerk_id, None)
    known, unknown = entries(app, action="sign_in_failed")
    assert (known.staff_id, known.target_staff_id) == (None, clerk_id)  # the account it named
    assert (unknown.staff_id, unknown.target_staff_id) == (None, None)  # no account: no id
    assert account(app, CLERK).last_sign_in_at is not None
    assert wrong not in stored_text(app) and STAFF_PASSWORD not in stored_text(app)
    assert "nobody" not in stored_text(app)


def test_a_refused_code_at_the_desk_is_audited_without_the_code(staffed):
    client = signed_in(staffed, "pt-BR", CLERK)
    assert client.post("/pt-BR/desk/open", data={"code": "K7M-4QX-2PD"}).status_code == 400
    [refused] = entries(staffed, action="code_refused")
    assert refused.staff_id == account(staffed, CLERK).id and refused.saved_result_id is None
    assert "K7M" not in stored_text(staffed)


def open_code(client, lang: str, code: str, times: int) -> None:
    for _ in range(times):
        assert client.post(f"/{lang}/desk/open", data={"code": code}).status_code == 302


@pytest.mark.parametrize("lang", LANGS)
def test_every_action_is_named_in_the_pages_language_and_repeated_openings_flagged(staffed, lang):
    app, locale = staffed, LOCALES[lang]
    code, other_code = saved_code(app, "es"), saved_code(app, "es")
    clerk = signed_in(app, lang, CLERK)
    open_code(clerk, lang, code, 3)
    open_code(clerk, lang, other_code, 1)
    clerk.post(f"/{lang}/desk/open", data={"code": "K7M-4QX-2PD"})
    open_code(signed_in(app, lang, OTHER), lang, code, 1)
    admin = signed_in(app, lang)
    admin.post(f"/{lang}/desk/users/{account(app, OTHER).id}/disable")
    html = admin.get(f"/{lang}/desk/audit").get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    written = {entry.action for entry in entries(app)}
    assert written <= set(ACTIONS)  # every action written has a label
    assert {"open", "code_refused", "sign_in", "user_disabled", "user_created"} <= written
    for action in written:
        assert tr(locale, str(ACTIONS[action])) in html, action
    rows = re.findall(r"<tr><td>\d{4}.*?</tr>", html)
    flagged = [row for row in rows if "<strong>" in row]
    # the clerk's three openings of one record carry the flag; the other openings do not
    assert len(flagged) == 3 and all(re.search(r"<strong>[^<]*\b3\b", row) for row in flagged)
    assert all(CLERK in row for row in flagged)
    assert code not in html and BRAZIL_ANSWERS["birth_date"] not in html


def backdate(app, email: str, days: int) -> None:
    """Move every line this person did, or that was done to their account, `days` days back."""
    with app.app_context():
        staff_id = db.session.scalar(select(Staff.id).where(Staff.email == email))
        at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        mine = sa.or_(AuditEntry.staff_id == staff_id, AuditEntry.target_staff_id == staff_id)
        db.session.execute(update(AuditEntry).where(mine).values(at=at))
        db.session.commit()


def audit_csv(client, lang: str, **query):
    response = client.get(f"/{lang}/desk/audit.csv", query_string=query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return response, rows


@pytest.mark.parametrize("lang", LANGS)
def test_filters_by_person_and_dates_and_the_csv_of_the_same_lines(staffed, lang):
    app = staffed
    code = saved_code(app, "es")
    open_code(signed_in(app, lang, CLERK), lang, code, 2)
    signed_in(app, lang, OTHER)
    backdate(app, CLERK, 10)
    admin = signed_in(app, lang)
    clerk_id, today = account(app, CLERK).id, dt.datetime.now(dt.UTC).date()
    old = (today - dt.timedelta(days=10)).isoformat()

    html = admin.get(f"/{lang}/desk/audit", query_string={"staff": clerk_id}).get_data(True)
    table = html[html.index("<tbody>") :]
    assert CLERK in table and OTHER not in table
    assert f'<option selected value="{clerk_id}">' in html  # the filter is kept
    response, rows = audit_csv(admin, lang, staff=clerk_id)
    assert (
        f'filename="camino-audit-start-to-now-staff-{clerk_id}.csv"'
        in (response.headers["Content-Disposition"])
    )
    assert [row["action"] for row in rows] == ["open", "open", "sign_in", "user_created"]
    assert rows[0]["action_label"] == tr(LOCALES[lang], "Opened saved answers")
    assert rows[0]["staff"] == CLERK and rows[0]["times_opened"] == "2"
    assert rows[-1]["account"] == CLERK and rows[-1]["staff"] == ""  # made on the command line
    assert code not in response.get_data(as_text=True)
    assert BRAZIL_ANSWERS["birth_date"] not in response.get_data(as_text=True)
    assert set(rows[0]) == {
        "at_utc",
        "action",
        "action_label",
        "staff",
        "account",
        "saved_record",
        "times_opened",
    }  # fmt: skip: never answers

    response, rows = audit_csv(admin, lang, since=old, until=old)
    assert "camino-audit-" + old + "-to-" + old + ".csv" in response.headers["Content-Disposition"]
    assert {row["staff"] or row["account"] for row in rows} == {CLERK}
    _, rows = audit_csv(admin, lang, since=today.isoformat())
    assert CLERK not in {row["staff"] for row in rows} and OTHER in {r["staff"] for r in rows}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "query, field",
    [({"since": "31/12/2026"}, "since"), ({"since": "2026-02-30"}, "since"),
     ({"since": "2026-12-02", "until": "2026-12-01"}, "until"), ({"staff": "999"}, "staff"),
     ({"until": "٢٠٢٦-١٢-٠١"}, "until")],
)  # fmt: skip
def test_refused_filters_are_a_400_with_an_error_summary(staffed, lang, query, field):
    admin = signed_in(staffed, lang)
    for page in ("audit", "audit.csv"):
        response = admin.get(f"/{lang}/desk/{page}", query_string=query)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert tr(LOCALES[lang], "There is a problem") in html and f'href="#{field}"' in html


def test_only_admins_read_the_log_or_its_csv(staffed):
    clerk = signed_in(staffed, "es", CLERK)
    assert clerk.get("/es/desk/audit").status_code == 403
    assert clerk.get("/es/desk/audit.csv").status_code == 403


def test_migration_0007_up_and_down(tmp_path, request):
    for url in databases_to_migrate(tmp_path, request):
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            downgrade(revision="base")
            upgrade(revision="0006_municipality")
            run = db.session.execute
            run(sa.text(
                "INSERT INTO staff (id, email, password_hash, role, active, failed_sign_ins, "
                "created_at) VALUES (1, 'a@example.org', 'h', 'admin', true, 0, CURRENT_TIMESTAMP)"
            ))  # fmt: skip
            run(sa.text("INSERT INTO audit_entry (at, staff_id, action, saved_result_id) "
                        "VALUES (CURRENT_TIMESTAMP, 1, 'open', 7)"))  # fmt: skip
            db.session.commit()
            upgrade(revision="0007_audit_events")
            run(sa.text("INSERT INTO audit_entry (at, staff_id, target_staff_id, action) "
                        "VALUES (CURRENT_TIMESTAMP, NULL, 1, 'sign_in_failed')"))  # fmt: skip
            run(sa.text("UPDATE staff SET last_sign_in_at = CURRENT_TIMESTAMP"))
            db.session.commit()
            assert run(sa.text("SELECT action FROM audit_entry ORDER BY id")).scalars().all() == [
                "open", "sign_in_failed"
            ]  # fmt: skip
            db.session.remove()
            downgrade(revision="0006_municipality")
            columns = {c["name"] for c in sa.inspect(db.engine).get_columns("audit_entry")}
            assert "target_staff_id" not in columns
            staff_id = next(
                c for c in sa.inspect(db.engine).get_columns("audit_entry")
                if c["name"] == "staff_id"
            )  # fmt: skip
            assert staff_id["nullable"] is False
            assert "last_sign_in_at" not in {
                c["name"] for c in sa.inspect(db.engine).get_columns("staff")
            }
            kept = run(sa.text("SELECT action, staff_id FROM audit_entry")).all()
            assert [tuple(row) for row in kept] == [("open", 1)]
            db.session.remove()
            upgrade()
            db.session.remove()
            db.engine.dispose()
