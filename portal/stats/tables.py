"""The dashboard's tables: labelled, suppressed, with a chart each. The CSV export writes the
very same tables, so the screen and the file can never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import format_date, format_decimal
from flask_babel import lazy_gettext as _l

from portal.extensions import content_domain
from portal.flows.presenter import KIND_LABELS
from portal.formats import country_name
from portal.i18n import own_name
from portal.rules import ContentLibrary
from portal.stats import queries
from portal.stats.charts import BarChart, bar_chart
from portal.stats.counters import ANSWERED, OUTCOME, STARTED
from portal.stats.forms import AGE_BANDS, GENDERS, PREFER_NOT, STATELESS
from portal.stats.queries import Filters
from portal.stats.suppression import Cell, primary, protect_columns, roll_up

# "staff_test" (editors trying flows) is left out of every table: they are not people.
CHANNELS = {
    "self": _l("Self-service"),
    "desk": _l("Service desk (assisted)"),
    # TRANSLATORS: statistics: journeys made by text message (WhatsApp or SMS)
    "chat": _l("WhatsApp or SMS"),
    # TRANSLATORS: statistics: journeys made through a partner's app or bot calling our API
    "api": _l("Partner apps (API)"),
}
FEWER_THAN = _l("fewer than 5")
# TRANSLATORS: a statistics cell withheld so that a small number cannot be worked out from a total.
HIDDEN = _l("hidden")
STARTS = _l("Started")
OUTCOMES = _l("Reached an outcome")
# TRANSLATORS: statistics: a row summing the languages too few people used to be shown one by
# one; followed by a colon and their names, e.g. "Other languages: Français, Kreyòl ayisyen".
OTHER_LANGUAGES = _l("Other languages")


@dataclass
class Table:
    id: str
    title: str
    headers: list[str]  # the first names the row labels
    rows: list[tuple[str, list[Cell]]]
    totals: list[Cell] | None = None
    chart: BarChart | None = None
    series: list[str] = field(default_factory=list)


def cell_text(cell: Cell) -> str:
    if cell.status == "small":
        return str(FEWER_THAN)
    if cell.status == "hidden":
        return str(HIDDEN)
    return format_decimal(cell.value)


def chart_value(cell: Cell) -> int | str:
    return cell.value if cell.shown else cell_text(cell)


def plain(text: str) -> str:
    return content_domain.gettext(text)


language_name = own_name


def cells_table(table_id: str, title, first_header, measures, rows, totals) -> Table:
    """A table of cells already protected, with its chart."""
    chart = bar_chart([(label, [chart_value(c) for c in row]) for label, row in rows])
    return Table(
        id=table_id, title=str(title), headers=[str(first_header), *map(str, measures)],
        rows=rows, totals=totals or None, series=[str(m) for m in measures],
        chart=chart if rows else None,
    )  # fmt: skip


def _table(table_id: str, title, first_header, measures, labelled_rows) -> Table:
    """A table of counts whose columns add up to a total row, each column protected."""
    labelled_rows = [(label, values) for label, values in labelled_rows if any(values)]
    cells, totals = protect_columns([values for _, values in labelled_rows])
    rows = [(label, row) for (label, _), row in zip(labelled_rows, cells, strict=True)]
    return cells_table(table_id, title, first_header, measures, rows, totals)


def rolled_label(languages: list[str]) -> str:
    """The row that sums languages too small to show one by one, naming them."""
    return str(OTHER_LANGUAGES) + ": " + ", ".join(languages)


def _languages(filters: Filters):
    """Started by language; languages under 5 each are summed into "other languages"."""
    from portal.models import FlowCount

    rows, rolled = roll_up(
        [(key, values) for key, values in _by(filters, FlowCount.locale, str) if any(values)]
    )
    names = [language_name(code) for code in rolled]
    return [(language_name(key) if key else rolled_label(names), values) for key, values in rows]


def _by(filters: Filters, column, label: Callable[[str], str], order: Iterable[str] = ()):
    started = queries.event_totals(filters, STARTED, column)
    keys = list(order) or sorted(k for (k,) in started)
    return [(label(key), [started.get((key,), 0)]) for key in keys]


def build_tables(filters: Filters, library: ContentLibrary) -> list[Table]:
    from portal.models import FlowCount

    started, reached = queries.total(filters, STARTED), queries.total(filters, OUTCOME)
    summary = Table(
        id="summary", title=str(_l("Totals")), headers=[str(_l("Measure")), str(_l("Count"))],
        rows=[(str(STARTS), [primary(started)]), (str(OUTCOMES), [primary(reached)])],
    )  # fmt: skip
    outcomes = queries.event_totals(filters, OUTCOME, FlowCount.detail)
    by_period = [queries.per_period(filters, STARTED), queries.per_period(filters, OUTCOME)]
    period_fmt = "d MMM" if filters.by_day else "MMM y"
    periods = sorted(set(by_period[0]) | set(by_period[1]))
    return [
        summary,
        _table(
            "outcomes", _l("Outcomes"), _l("Outcome"), [OUTCOMES],
            [(str(label), [outcomes.get((kind,), 0)]) for kind, label in KIND_LABELS.items()],
        ),
        _table(
            "pathways", _l("By country and pathway"), _l("Country and pathway"),
            [STARTS, OUTCOMES],
            [(f"{country_name(c)} – {pathway_title(library, p)}", values)
             for (c, p), values in flow_totals(filters, library).items()],
        ),
        _table(
            "trend", _l("Over time"), _l("Day") if filters.by_day else _l("Month"),
            [STARTS, OUTCOMES],
            [(format_date(day, period_fmt), [counts.get(day, 0) for counts in by_period])
             for day in periods],
        ),
        _table("languages", _l("By language"), _l("Language"), [STARTS], _languages(filters)),
        _table("channels", _l("By channel"), _l("Channel"), [STARTS],
               _by(filters, FlowCount.channel, lambda c: str(CHANNELS.get(c, c)), CHANNELS)),
    ]  # fmt: skip


def flow_totals(filters: Filters, library: ContentLibrary) -> dict[tuple[str, str], list[int]]:
    """[started, reached an outcome] per (country, pathway), in the order of pathways.yaml."""
    from portal.models import FlowCount

    started = queries.event_totals(filters, STARTED, FlowCount.country, FlowCount.pathway)
    reached = queries.event_totals(filters, OUTCOME, FlowCount.country, FlowCount.pathway)
    order = list(library.pathways)
    keys = sorted(
        set(started) | set(reached),
        key=lambda k: (k[0], order.index(k[1]) if k[1] in order else len(order)),
    )
    return {key: [started.get(key, 0), reached.get(key, 0)] for key in keys}


def protected_flow_totals(filters: Filters, library: ContentLibrary) -> dict[tuple, list[Cell]]:
    """The cells of the "by country and pathway" table, exactly as it withholds them."""
    totals = {key: values for key, values in flow_totals(filters, library).items() if any(values)}
    cells, _ = protect_columns(list(totals.values()))
    return dict(zip(totals, cells, strict=True))


def pathway_title(library: ContentLibrary, pathway: str) -> str:
    item = library.pathways.get(pathway)
    return plain(item.title) if item else pathway


def funnel_tables(filters: Filters, library: ContentLibrary) -> list[Table]:
    """One drop-off funnel per flow: started, each question answered (in the flow's order),
    reached an outcome. Questions are not parts of a total, so only small numbers are withheld
    there; "started" and "reached an outcome" are the cells of the "by country and pathway"
    table, withheld exactly as there, or that table's total would give a withheld cell away."""
    tables = []
    flow_cells = protected_flow_totals(filters, library)
    for (country, pathway), counts in sorted(queries.funnel(filters).items()):
        flow = library.flow(country, pathway)
        if flow is None:
            continue
        started, reached = flow_cells.get((country, pathway), [primary(0), primary(0)])
        rows = [(str(STARTS), [started])]
        rows += [
            (plain(question.text), [primary(counts.get((ANSWERED, question.id), 0))])
            for question in flow.questions.values()
        ]
        rows.append((str(OUTCOMES), [reached]))
        tables.append(
            Table(
                id=f"funnel-{country.lower()}-{pathway}",
                title=f"{country_name(country)} – {pathway_title(library, pathway)}",
                headers=[str(_l("Step")), str(_l("People"))],
                rows=rows,
                chart=bar_chart([(label, [chart_value(row[0])]) for label, row in rows]),
                series=[str(_l("People"))],
            )
        )
    return tables


def profile_tables(filters: Filters) -> list[Table]:
    ages, genders = queries.profile(filters, "age_band"), queries.profile(filters, "gender")
    nationality = queries.profile(filters, "nationality")
    special = dict([STATELESS, PREFER_NOT])
    ordered = sorted(nationality, key=lambda code: (code in special, -nationality[code]))
    answers = [_l("Answers")]
    return [
        _table("age", _l("Age"), _l("Age band"), answers,
               [(str(label), [ages.get(value, 0)]) for value, label in AGE_BANDS]),
        _table("gender", _l("Gender"), _l("Gender"), answers,
               [(str(label), [genders.get(value, 0)]) for value, label in GENDERS]),
        _table("nationality", _l("Nationality"), _l("Nationality"), answers,
               [(str(special.get(code) or country_name(code)), [nationality[code]])
                for code in ordered]),
    ]  # fmt: skip


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months
