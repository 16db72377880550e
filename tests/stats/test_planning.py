"""Outcomes by language, with the languages too small to show one by one summed into "other
languages", protected against the outcomes table's own cells."""

from __future__ import annotations

import pytest

from portal.stats.suppression import protect_columns, roll_up
from tests.helpers_i18n import tr
from tests.stats.helpers import add, csv_rows, table


def test_roll_up_sums_rows_that_would_all_be_withheld():
    rows, rolled = roll_up([("es", [30, 8]), ("fr", [2, 0]), ("ht", [3, 1]), ("ar", [1, 4])])
    assert rolled == ["fr", "ht", "ar"]
    assert rows == [("es", [30, 8]), ("", [6, 5])]


def test_roll_up_needs_two_rows_to_say_more():
    rows, rolled = roll_up([("es", [30]), ("fr", [2])])
    assert rolled == [] and rows == [("es", [30]), ("fr", [2])]


def test_rolling_up_withholds_fewer_cells():
    values = {"es": [30], "fr": [2], "ht": [3], "ar": [1]}
    separate, _ = protect_columns(list(values.values()))
    rows, _ = roll_up(list(values.items()))
    together, _ = protect_columns([v for _, v in rows])
    assert sum(not c.shown for row in separate for c in row) == 3
    assert sum(not c.shown for row in together for c in row) == 0


def test_outcomes_by_language_with_other_languages(app, editor):
    add(app, "outcome", "likely", count=30, locale="es")
    add(app, "outcome", "maybe", count=9, locale="es")
    add(app, "outcome", "likely", count=6, locale="pt_BR")
    add(app, "outcome", "maybe", count=5, locale="pt_BR")
    for locale, likely in (("fr", 2), ("ht", 3), ("ar", 1)):
        add(app, "outcome", "likely", count=likely, locale=locale)
    assert table(editor, "language-outcomes") == [
        ["Language", "Likely eligible", "You may be eligible — get advice"],
        ["Español", "30", "9"],
        ["Português (Brasil)", "6", "hidden"],  # goes with the 0 below it
        ["Other languages: العربية, Français, Kreyòl Ayisyen", "6", "fewer than 5"],
        ["Total", "42", "14"],
    ]
    rows = csv_rows(editor, "language-outcomes")
    assert rows[4][1:] == ["6", "", "1"]
    # the same languages are rolled up in "By language" when they started fewer than 5 each
    add(app, "started", count=20, locale="es")
    add(app, "started", count=2, locale="fr")
    add(app, "started", count=4, locale="ht")
    assert table(editor, "languages")[1:] == [
        ["Español", "20"], ["Other languages: Français, Kreyòl Ayisyen", "6"], ["Total", "26"],
    ]  # fmt: skip


def test_an_outcome_the_outcomes_table_withholds_is_withheld_in_every_language(app, editor):
    """Outcomes: likely 40, maybe 3 (fewer than 5), not this way 7 (hidden with it). By
    language, not-this-way's 7 must not be shown as its column's total, nor be recoverable
    from its cells, or 50 minus 40 minus 7 would give the 3 away."""
    add(app, "outcome", "likely", count=40, locale="es")
    add(app, "outcome", "maybe", count=3, locale="es")
    add(app, "outcome", "not_this_way", count=7, locale="fr")
    assert [row[1] for row in table(editor, "outcomes")[1:]] == [
        "40",
        "fewer than 5",
        "hidden",
        "50",
    ]
    rows = table(editor, "language-outcomes")
    assert rows[1:] == [  # French's 0 likely (fewer than 5) takes Spanish's 40 with it
        ["Español", "hidden", "fewer than 5", "fewer than 5"],
        ["Français", "fewer than 5", "fewer than 5", "hidden"],
        ["Total", "40", "fewer than 5", "hidden"],
    ]


@pytest.mark.parametrize(("lang", "locale"), [("es", "es"), ("pt-BR", "pt_BR")])
def test_outcomes_by_language_in_es_and_pt(app, editor, lang, locale):
    for code in ("fr", "ht"):
        add(app, "outcome", "likely", count=2, locale=code)
    add(app, "outcome", "likely", count=9, locale="es")
    html = " ".join(editor.get(f"/{lang}/stats/").get_data(as_text=True).split())
    assert tr(locale, "Outcomes by language") in html
    rolled = tr(locale, "Other languages") + ": Français, Kreyòl Ayisyen"
    assert rolled in html
    assert tr(locale, "Likely eligible") in html
