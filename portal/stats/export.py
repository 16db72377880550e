"""CSV files of the dashboard's tables, for spreadsheets.

The file says what it holds: its name and a first comment row carry the filters, e.g.
`camino-outcomes_BR_2026-11-01_2026-11-30_es.csv` starting with
`# country=BR; pathway=all; municipality=all; from=2026-11-01; to=2026-11-30; language=es; …`.
Numbers stay numbers, so a spreadsheet can add them up: a withheld cell is left empty and the
row's last column, "suppressed", is 1 when any cell of the row is withheld (0 otherwise). The
cells are those of the table on screen: the two can never disagree.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from portal.stats.counters import STAFF_TEST
from portal.stats.queries import Filters
from portal.stats.suppression import Cell
from portal.stats.tables import Table

TOTAL = _l("Total")
SUPPRESSED = "suppressed"  # a column name for programs, never translated
ALL = "all"


def slug(text: str) -> str:
    """ASCII letters, digits and hyphens, for a file name: "São Paulo" -> "Sao-Paulo"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-") or "x"


def filter_pairs(filters: Filters) -> list[tuple[str, str]]:
    return [
        ("country", filters.country or ALL),
        ("pathway", filters.pathway or ALL),
        ("municipality", filters.municipality or ALL),
        ("from", filters.first.isoformat()),
        ("to", filters.end.isoformat()),
        ("language", filters.locale or ALL),
        # without a channel, editors trying flows are left out
        ("channel", filters.channel or f"{ALL} except {STAFF_TEST}"),
    ]


def csv_name(table_id: str, filters: Filters) -> str:
    """camino-<table>_<country>_<pathway>_<municipality>_<from>_<to>_<language>_<channel>.csv,
    leaving out the filters not chosen."""
    parts = [f"camino-{table_id}"]
    parts += [slug(value) for value in (filters.country, filters.pathway, filters.municipality)
              if value]  # fmt: skip
    parts += [filters.first.isoformat(), filters.end.isoformat()]
    parts += [slug(value) for value in (filters.locale, filters.channel) if value]
    return "_".join(parts) + ".csv"


def number(cell: Cell) -> int | str:
    return cell.value if cell.shown else ""


def flag(cells: list[Cell]) -> int:
    return int(any(not cell.shown for cell in cells))


def safe_csv(text: str) -> str:
    """A label that a spreadsheet would run as a formula is written as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(table: Table, filters: Filters) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(out)
    writer.writerow(["# " + "; ".join(f"{key}={value}" for key, value in filter_pairs(filters))])
    writer.writerow([*map(safe_csv, table.headers), SUPPRESSED])
    for label, cells in table.rows:
        writer.writerow([safe_csv(label), *map(number, cells), flag(cells)])
    if table.totals:
        writer.writerow([str(TOTAL), *map(number, table.totals), flag(table.totals)])
    return out.getvalue()
