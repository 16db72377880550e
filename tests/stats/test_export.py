"""CSV files a spreadsheet can use: the filters in the name and in a first comment row, numbers
as numbers, withheld cells empty and flagged."""

from __future__ import annotations

import calendar
import csv
import io

from tests.stats.helpers import MONTH, TODAY, add, add_place, csv_rows

LAST_DAY = TODAY.replace(day=calendar.monthrange(TODAY.year, TODAY.month)[1])


def test_file_name_and_first_row_carry_the_filters(app, editor):
    add(app, "outcome", "likely", count=8)
    query = {"start": MONTH, "until": MONTH, "country": "BR", "language": "es"}
    response = editor.get("/en/stats/outcomes.csv", query_string=query)
    first, last = f"{MONTH}-01", LAST_DAY.isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="camino-outcomes_BR_{first}_{last}_es.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        f"# country=BR; pathway=all; municipality=all; from={first}; to={last}; language=es; "
        "channel=all except staff_test"
    ]
    assert rows[1:] == [
        ["Outcome", "Reached an outcome", "suppressed"],
        ["Likely eligible", "8", "0"],
        ["Total", "8", "0"],
    ]


def test_every_filter_is_in_the_name_and_a_city_is_plain_ascii(app, editor):
    add_place(app, "São Paulo", 6, channel="desk")
    query = {"country": "BR", "pathway": "regularization", "municipality": "São Paulo",
             "channel": "desk", "start": MONTH, "until": MONTH}  # fmt: skip
    response = editor.get("/es/stats/municipalities.csv", query_string=query)
    name = response.headers["Content-Disposition"].split('"')[1]
    assert name == (
        f"camino-municipalities_BR_regularization_Sao-Paulo_{MONTH}-01_{LAST_DAY}_desk.csv"
    )
    first = response.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert "municipality=São Paulo;" in first and "channel=desk" in first


def test_numbers_stay_numbers_so_a_spreadsheet_can_add_them_up(app, editor):
    add(app, "started", count=1234)
    add(app, "started", count=3, locale="fr")
    add(app, "started", count=9, locale="ar")
    rows = csv_rows(editor, "languages")
    header, body = rows[1], rows[2:]
    assert header == ["Language", "Started", "suppressed"]
    assert body == [
        ["العربية", "", "1"], ["Español", "1234", "0"], ["Français", "", "1"],
        ["Total", "1246", "0"],
    ]  # fmt: skip
    shown = sum(int(row[1]) for row in body[:-1] if row[1])
    withheld = int(body[-1][1]) - shown
    assert withheld == 12 and all(row[1] == "" for row in body if row[2] == "1")


def test_a_label_a_spreadsheet_would_run_is_written_as_text(app, editor):
    add_place(app, "=HYPERLINK(1)", 6)
    add(app, "started", count=7, country="CO")
    rows = csv_rows(editor, "municipalities")
    assert rows[2][0] == "Brazil – =HYPERLINK(1)"  # does not start with "=": left alone
    add_place(app, "-1", 5, country="MX")
    assert csv_rows(editor, "municipalities")[4][0].startswith("Mexico")
