"""What the statistics tests share: counts read back from the database, journeys that end on a
result, counters added by hand, and the dashboard's tables read as a person and a spreadsheet
see them. (The signed-in editor is a fixture, in conftest.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

from sqlalchemy import select

from portal.extensions import db
from portal.models import FlowCount
from tests.helpers import BRAZIL, BRAZIL_ANSWERS, answer_all

TODAY = dt.date.today()
MONTH = TODAY.strftime("%Y-%m")


def add(app, event, detail="", count=1, day=TODAY, country="BR", pathway="regularization",
        locale="es", channel="self"):  # fmt: skip
    with app.app_context():
        db.session.add(FlowCount(day=day, country=country, pathway=pathway, event=event,
                                 detail=detail, locale=locale, channel=channel, count=count))  # fmt: skip
        db.session.commit()


# The questions BRAZIL_ANSWERS answers, in the order they are asked.
PATH = ["nationality", "birth_date", "has_id", "parents_named", "criminal_record", "can_pay"]


def counts(app, event: str | None = None) -> dict[tuple, int]:
    """Every counter above zero but the "last" ones (tests/stats/test_drop_off.py), or only
    those of `event`."""
    with app.app_context():
        rows = db.session.scalars(select(FlowCount)).all()
        return {
            (r.country, r.pathway, r.event, r.detail, r.locale, r.channel): r.count
            for r in rows
            if r.count and (r.event == event if event else r.event != "last")
        }


def finish(client, lang="es", flow=BRAZIL, answers=BRAZIL_ANSWERS):
    answer_all(client, lang, flow, answers)
    return client.get(f"/{lang}/{flow.country.lower()}/{flow.pathway}/result")


def csv_rows(staff, table_id, lang="en", **query) -> list[list[str]]:
    """The CSV file's rows, the first (the filters, as a comment) included."""
    response = staff.get(f"/{lang}/stats/{table_id}.csv", query_string=query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def table(staff, table_id, lang="en", **query) -> list[list[str]]:
    """The table as the dashboard shows it: header, rows and total, each cell's text. The CSV
    must hold the same cells: numbers where shown, empty and flagged where withheld."""
    html = staff.get(f"/{lang}/stats/", query_string=query).get_data(as_text=True)
    section = html[html.index(f'id="{table_id}-title"') :]
    section = section[: section.index("</table>")]
    rows = [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in
         re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)
    ]  # fmt: skip
    in_csv = csv_rows(staff, table_id, lang, **query)[1:]
    assert in_csv[0] == [*rows[0], "suppressed"]
    for shown, written in zip(rows[1:], in_csv[1:], strict=True):
        assert written[0] == shown[0]
        withheld = [not value.replace(",", "").isdigit() for value in shown[1:]]
        assert written[1:-1] == ["" if w else v.replace(",", "") for v, w in zip(
            shown[1:], withheld, strict=True)]  # fmt: skip
        assert written[-1] == str(int(any(withheld)))
    return rows


def add_place(app, municipality, count, country="BR", event="started", **key):
    add(app, event, count=count, country=country, **key)
    with app.app_context():  # the row just added, moved to its municipality
        row = db.session.scalars(select(FlowCount).order_by(FlowCount.id.desc())).first()
        row.municipality = municipality
        db.session.commit()
