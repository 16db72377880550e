"""The municipality on flow counters (issue 16 §5): the desk's city, or the city the person
chose, "somewhere else", "not said" or "not asked"; editors trying flows counted apart; the
dashboard's municipality filter and table, withheld as carefully as every other table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import FlowCount
from tests.helpers import STAFF_PASSWORD, sign_in
from tests.helpers_i18n import catalog, tr
from tests.stats.helpers import add, add_place, csv_rows, finish, table

STAFF_RUNS = (
    "Not included in any table: %(count)s run started by editors trying the guides.",
    "Not included in any table: %(count)s runs started by editors trying the guides.",
)


def plural(locale: str, msgids: tuple[str, str], count: int) -> str:
    """The page's text for a plural message (English until the lead translates it)."""
    translated = catalog(locale, "messages").get(msgids)
    if translated and all(translated):
        return translated[1] if count != 1 and len(translated) > 1 else translated[0]
    return msgids[count != 1]


def places(app, event="started") -> dict[tuple[str, str], int]:
    with app.app_context():
        rows = db.session.scalars(select(FlowCount).where(FlowCount.event == event))
        return {(r.channel, r.municipality): r.count for r in rows if r.count}


def staff_account(app, email: str, role: str, city: str | None = None) -> None:
    args = ["users", "create", email, "--role", role, "--password", STAFF_PASSWORD]
    result = app.test_cli_runner().invoke(args=args + (["--city", city] if city else []))
    assert result.exit_code == 0, result.output


def choose_city(client, city: str, lang: str = "es") -> None:
    response = client.post(f"/{lang}/br/city", data={"city": city})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("answer", "counted"),
    [("Boa Vista", "Boa Vista"), ("São Paulo", "São Paulo"), ("_elsewhere", "_elsewhere"),
     ("_declined", "_declined")],
)  # fmt: skip
def test_self_service_counts_the_city_the_person_chose(app, client, answer, counted):
    choose_city(client, answer)
    finish(client)
    assert places(app) == {("self", counted): 1}
    assert places(app, "outcome") == {("self", counted): 1}


def test_never_asked_is_unknown_and_a_city_chosen_later_counts_from_then(app, client):
    finish(client)  # the outcome is counted before the person is asked
    assert places(app) == {("self", "_unknown"): 1}
    choose_city(client, "Manaus")
    finish(client)  # a second run, now with the city
    assert places(app) == {("self", "_unknown"): 1, ("self", "Manaus"): 1}


def test_a_city_chosen_for_another_country_does_not_count_here(app, client):
    client.post("/es/co/city", data={"city": "_elsewhere"})
    finish(client)
    assert places(app) == {("self", "_unknown"): 1}


def test_desk_journeys_count_the_desks_city_not_the_persons(app, client):
    staff_account(app, "clerk@example.org", "desk", city="Boa Vista")
    sign_in(client, "clerk@example.org")
    choose_city(client, "Manaus")
    finish(client)
    assert places(app) == {("desk", "Boa Vista"): 1}


def test_a_desk_without_a_city_is_unknown(app, client):
    staff_account(app, "clerk@example.org", "desk")
    sign_in(client, "clerk@example.org")
    finish(client)
    assert places(app) == {("desk", "_unknown"): 1}


def test_staff_test_channel_is_counted_apart(app, client):
    """An editor's sign-in marks the session "staff_test" (portal/desk); whoever sets it, the
    counters keep it, and the dashboard leaves those runs out of every table."""
    with client.session_transaction() as session:
        session["channel"] = "staff_test"
    finish(client)
    assert places(app) == {("staff_test", "_unknown"): 1}


@pytest.mark.parametrize("lang", ["es", "pt-BR"])
def test_dashboard_leaves_out_staff_tests_and_says_so(app, editor, lang):
    add(app, "started", count=7, channel="staff_test")
    add(app, "started", count=9)
    assert table(editor, "summary")[1] == ["Started", "9"]
    assert table(editor, "channels")[1:] == [["Self-service", "9"], ["Total", "9"]]
    html = " ".join(editor.get(f"/{lang}/stats/").get_data(as_text=True).split())
    said = plural(lang.replace("-", "_"), STAFF_RUNS, 7).replace("%(count)s", "7")
    assert said in html
    assert editor.get("/en/stats/", query_string={"channel": "staff_test"}).status_code == 400


def test_municipality_table_and_filter(app, editor):
    add_place(app, "Boa Vista", 12)
    add_place(app, "Manaus", 20)
    add_place(app, "_declined", 6)
    add_place(app, "Bogotá", 30, country="CO")
    assert table(editor, "municipalities") == [
        ["Country and municipality", "Started", "Reached an outcome"],
        ["Brazil – Boa Vista", "12", "fewer than 5"],
        ["Brazil – Manaus", "20", "fewer than 5"],
        ["Brazil – Not said", "6", "fewer than 5"],
        ["Colombia – Bogotá", "30", "fewer than 5"],
        ["Total", "68", "fewer than 5"],
    ]
    assert table(editor, "summary", municipality="Manaus")[1] == ["Started", "20"]
    assert table(editor, "summary", municipality="_declined")[1] == ["Started", "6"]
    assert editor.get("/en/stats/", query_string={"municipality": "Atlantis"}).status_code == 400
    html = editor.get("/en/stats/").get_data(as_text=True)
    assert '<option value="Rio de Janeiro">' in html  # offered before anything was counted
    assert '<option value="_unknown">Not asked</option>' in html


def test_a_small_municipality_takes_a_second_one_with_it(app, editor):
    """Boa Vista 3 is under 5; Manaus 50 is withheld with it, or Brazil's 53 in the pathway
    table minus 50 would give the 3 away."""
    add_place(app, "Boa Vista", 3)
    add_place(app, "Manaus", 50)
    add_place(app, "Bogotá", 40, country="CO")
    assert [row[:2] for row in table(editor, "pathways")[1:]] == [
        ["Brazil – Get papers to stay", "53"], ["Colombia – Get papers to stay", "40"],
        ["Total", "93"],
    ]  # fmt: skip
    assert [row[:2] for row in table(editor, "municipalities")[1:]] == [
        ["Brazil – Boa Vista", "fewer than 5"], ["Brazil – Manaus", "hidden"],
        ["Colombia – Bogotá", "40"], ["Total", "93"],
    ]  # fmt: skip
    rows = csv_rows(editor, "municipalities")
    assert rows[2:4] == [["Brazil – Boa Vista", "", "", "1"], ["Brazil – Manaus", "", "", "1"]]


def test_a_country_the_pathway_table_withholds_has_every_municipality_withheld(app, editor):
    """Brazil 3 (fewer than 5) takes Colombia 13 with it in the pathway table. Colombia's
    municipalities (6 and 7 would both be shown on their own) are withheld too: together they
    would give Colombia's 13 away, and 66 minus 50 minus 13 is Brazil's 3."""
    add_place(app, "Boa Vista", 3)
    add_place(app, "Bogotá", 6, country="CO")
    add_place(app, "Cali", 7, country="CO")
    add_place(app, "Ciudad de México", 50, country="MX")
    assert [row[1] for row in table(editor, "pathways")[1:]] == [
        "fewer than 5", "hidden", "50", "66"
    ]  # fmt: skip
    assert [row[:2] for row in table(editor, "municipalities")[1:]] == [
        ["Brazil – Boa Vista", "fewer than 5"], ["Colombia – Bogotá", "hidden"],
        ["Colombia – Cali", "hidden"], ["Mexico – Ciudad de México", "50"], ["Total", "66"],
    ]  # fmt: skip


@pytest.mark.parametrize(("lang", "locale"), [("es", "es"), ("pt-BR", "pt_BR")])
def test_municipality_labels_and_explanations_in_the_page_language(app, editor, lang, locale):
    add_place(app, "_elsewhere", 8)
    add_place(app, "_unknown", 9)
    html = " ".join(editor.get(f"/{lang}/stats/").get_data(as_text=True).split())
    for msgid in ("By municipality", "Somewhere else", "Not asked", "Municipality",
                  "Where people are"):  # fmt: skip
        assert tr(locale, msgid) in html
    assert f'lang="{lang}"' in html
