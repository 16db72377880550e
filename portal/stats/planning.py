"""Tables for planners (issue 16 §5): by municipality, outcomes by language, and true drop-off.

Each is protected against the totals the dashboard already publishes elsewhere, not only its
own: a country's municipalities add up to that country's rows of the "by country and pathway"
table, and a column of outcomes by language adds up to a row of the "outcomes" table. Where that
published total is withheld, every part of it is withheld too; where it is shown, the parts are
protected against it as any column is (portal/stats/suppression.py).
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l

from portal.flows.presenter import KIND_LABELS
from portal.formats import country_name
from portal.offices.where import DECLINED, ELSEWHERE
from portal.rules import ContentLibrary
from portal.stats import queries
from portal.stats.counters import LAST, OUTCOME, STARTED, UNKNOWN
from portal.stats.queries import Filters
from portal.stats.suppression import Cell, primary, protect_columns, protect_part, roll_up
from portal.stats.tables import (
    OUTCOMES,
    STARTS,
    Table,
    cells_table,
    language_name,
    pathway_title,
    plain,
    protected_flow_totals,
    rolled_label,
)

MUNICIPALITY_LABELS = {
    # TRANSLATORS: statistics, a municipality: the person's city is not one the portal lists.
    ELSEWHERE: _l("Somewhere else"),
    # TRANSLATORS: statistics, a municipality: the person chose "I prefer not to say".
    DECLINED: _l("Not said"),
    # TRANSLATORS: statistics, a municipality: the person was never asked their city.
    UNKNOWN: _l("Not asked"),
}
# TRANSLATORS: statistics, a table column: runs whose last answer was this question and that
# have not reached an outcome (yet).
STOPPED = _l("Runs without an outcome")
# TRANSLATORS: statistics, a table title; %(flow)s is a country and guide, as in the title
# of the table above it.
STOPS_TITLE = _l("%(flow)s: the last question answered by runs without an outcome")


def flow_title(library: ContentLibrary, country: str, pathway: str) -> str:
    return f"{country_name(country)} – {pathway_title(library, pathway)}"


def municipality_label(value: str) -> str:
    label = MUNICIPALITY_LABELS.get(value)
    return str(label) if label else value


def _municipality_order(value: str) -> tuple:
    specials = list(MUNICIPALITY_LABELS)
    return (value in specials, specials.index(value) if value in specials else 0, value)


def country_totals(filters: Filters, library: ContentLibrary) -> dict[str, list[Cell]]:
    """Each country's total in each column of the pathway table, as that table lets it be
    known: shown when every one of the country's cells in that column is shown (their sum is
    then public), withheld otherwise."""
    sums: dict[str, list[list[Cell]]] = defaultdict(list)
    for (country, _), cells in protected_flow_totals(filters, library).items():
        sums[country].append(cells)
    result = {}
    for country, rows in sums.items():
        result[country] = [
            Cell(
                sum(c.value for c in column), "shown" if all(c.shown for c in column) else "hidden"
            )
            for column in zip(*rows, strict=True)
        ]
    return result


def municipality_table(filters: Filters, library: ContentLibrary) -> Table:
    """Started and reached an outcome per country and municipality."""
    from portal.models import FlowCount

    columns = [FlowCount.country, FlowCount.municipality]
    started = queries.event_totals(filters, STARTED, *columns)
    reached = queries.event_totals(filters, OUTCOME, *columns)
    by_country: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for country, place in set(started) | set(reached):
        values = [started.get((country, place), 0), reached.get((country, place), 0)]
        if any(values):
            by_country[country][place] = values
    published = country_totals(filters, library)
    rows: list[tuple[str, list[Cell]]] = []
    for country in sorted(by_country):
        places = sorted(by_country[country], key=_municipality_order)
        totals = published.get(country, [Cell(0, "hidden"), Cell(0, "hidden")])
        protected = [
            protect_part([by_country[country][p][index] for p in places], totals[index])
            for index in range(2)
        ]
        for place, cells in zip(places, zip(*protected, strict=True), strict=True):
            rows.append((f"{country_name(country)} – {municipality_label(place)}", list(cells)))
    grand = [primary(sum(v[i] for p in by_country.values() for v in p.values())) for i in (0, 1)]
    return cells_table(
        "municipalities", _l("By municipality"), _l("Country and municipality"),
        [STARTS, OUTCOMES], rows, grand if rows else None,
    )  # fmt: skip


def outcome_cells(filters: Filters) -> dict[str, Cell]:
    """The cells of the "outcomes" table, exactly as it withholds them."""
    from portal.models import FlowCount

    counts = queries.event_totals(filters, OUTCOME, FlowCount.detail)
    kinds = [kind for kind in KIND_LABELS if counts.get((kind,), 0)]
    cells, _ = protect_columns([[counts[(kind,)]] for kind in kinds])
    return {kind: row[0] for kind, row in zip(kinds, cells, strict=True)}


def language_outcome_table(filters: Filters) -> Table:
    """Outcomes by language. Languages whose every cell would be under 5 are summed into one
    "other languages" row, so fewer cells are withheld. No chart: seven series of bars would
    say less than the table."""
    from portal.models import FlowCount

    published = outcome_cells(filters)
    kinds = list(published)
    counts = queries.event_totals(filters, OUTCOME, FlowCount.locale, FlowCount.detail)
    locales = sorted({locale for locale, _ in counts})
    rows = [(locale, [counts.get((locale, kind), 0) for kind in kinds]) for locale in locales]
    rows, rolled = roll_up([(locale, values) for locale, values in rows if any(values)])
    columns = [
        protect_part([values[index] for _, values in rows], published[kind])
        for index, kind in enumerate(kinds)
    ]
    names = [language_name(code) for code in rolled]
    labels = [language_name(key) if key else rolled_label(names) for key, _ in rows]
    cells = [list(row) for row in zip(*columns, strict=True)] if columns else []
    table = cells_table(
        "language-outcomes", _l("Outcomes by language"), _l("Language"),
        [KIND_LABELS[kind] for kind in kinds], list(zip(labels, cells, strict=True)),
        [published[kind] for kind in kinds] if cells else None,
    )  # fmt: skip
    table.chart = None
    return table


def stop_tables(filters: Filters, library: ContentLibrary) -> list[Table]:
    """For each flow: how many runs that have not reached an outcome gave their last answer to
    each question (runs still in progress included)."""
    tables = []
    for (country, pathway), counts in sorted(queries.funnel(filters).items()):
        flow = library.flow(country, pathway)
        if flow is None:
            continue
        questions = [
            (plain(question.text), [counts.get((LAST, question.id), 0)])
            for question in flow.questions.values()
            if counts.get((LAST, question.id), 0)
        ]
        cells, totals = protect_columns([values for _, values in questions])
        rows = [(label, row) for (label, _), row in zip(questions, cells, strict=True)]
        tables.append(
            cells_table(
                f"stops-{country.lower()}-{pathway}",
                str(STOPS_TITLE) % {"flow": flow_title(library, country, pathway)},
                _l("Last question answered"), [STOPPED], rows, totals,
            )
        )  # fmt: skip
    return tables
