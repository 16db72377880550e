"""The statistics dashboard and its CSV: who may see it, exact figures, small numbers withheld
on screen and in the file, filters, funnels and the optional profile."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from portal.extensions import db
from portal.models import ProfileCount
from tests.helpers import create_staff, sign_in, visible_text
from tests.helpers_i18n import LOCALES, tr
from tests.stats.helpers import MONTH, TODAY, add, csv_rows, finish, table


@pytest.mark.parametrize(("role", "status"), [("desk", 403), ("editor", 200), ("admin", 200)])
def test_only_editors_and_admins_see_statistics(app, role, status):
    create_staff(app, f"{role}@example.org", role=role)
    staff = app.test_client()
    sign_in(staff, f"{role}@example.org")
    assert staff.get("/en/stats/").status_code == status
    assert staff.get("/en/stats/outcomes.csv").status_code == status


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/es/stats/")
    assert response.status_code == 302 and "/es/desk/sign-in" in response.headers["Location"]
    assert client.get("/es/stats/summary.csv").status_code == 302


def test_figures_from_real_journeys(app, editor):
    for _ in range(6):
        finish(app.test_client())
    for _ in range(2):
        finish(app.test_client(), lang="pt-BR")
    assert table(editor, "summary") == [
        ["Measure", "Count"],
        ["Started", "8"],
        ["Reached an outcome", "8"],
    ]
    # Spanish 6, Portuguese 2: the 2 is withheld, and so is the 6, or 8 minus 6 would give it away
    assert table(editor, "languages") == [
        ["Language", "Started"], ["Español", "hidden"], ["Português (Brasil)", "fewer than 5"],
        ["Total", "8"],
    ]  # fmt: skip
    assert table(editor, "outcomes") == [
        ["Outcome", "Reached an outcome"],
        ["Likely eligible", "8"],
        ["Total", "8"],
    ]
    html = visible_text(editor.get("/en/stats/").get_data(as_text=True))
    assert "Brazil – Get papers to stay" in html
    assert "fewer than 5" in html and "hidden" in html


def test_the_screen_shows_what_the_csv_shows(app, editor):
    add(app, "started", count=40)
    add(app, "started", count=3, locale="fr")
    add(app, "started", count=9, locale="ar")
    html = editor.get("/en/stats/").get_data(as_text=True)
    languages = html[html.index('id="languages-title"') :]
    languages = visible_text(languages[: languages.index("</table>")])
    for label, value in table(editor, "languages")[1:]:
        assert f"{label} {value}" in languages
    assert "Français fewer than 5" in languages and "العربية hidden" in languages
    assert "Total 52" in languages


def test_filters_by_channel_language_country_and_period(app, editor):
    add(app, "started", count=7, channel="desk")
    add(app, "started", count=11, channel="self", locale="ht")
    add(app, "started", count=13, country="MX")
    last_year = TODAY.replace(day=1) - dt.timedelta(days=370)
    add(app, "started", count=17, day=last_year)
    summary = lambda **q: table(editor, "summary", **q)[1][1]  # noqa: E731
    assert summary() == str(7 + 11 + 13)  # the default period is the last 12 months
    assert summary(channel="desk") == "7"
    assert summary(language="ht") == "11"
    assert summary(country="MX") == "13"
    first = last_year.strftime("%Y-%m")
    assert summary(start=first, until=first) == "17"
    assert summary(start=first, until=MONTH) == str(7 + 11 + 13 + 17)


@pytest.mark.parametrize(
    "query",
    [
        {"channel": "robot"},
        {"country": "ZZ"},
        {"start": "1999-01"},
        {"until": "<script>"},
        {"start": MONTH, "until": "2000-01"},
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(app, editor, query):
    add(app, "started", count=5, day=TODAY.replace(day=1) - dt.timedelta(days=40))
    response = editor.get("/es/stats/", query_string=query)
    assert response.status_code == 400
    text = visible_text(response.get_data(as_text=True))
    assert "Hay un problema" in text
    assert editor.get("/es/stats/summary.csv", query_string=query).status_code == 400


def test_period_cannot_end_before_it_starts(app, editor):
    add(app, "started", count=5, day=TODAY.replace(day=1) - dt.timedelta(days=40))
    earlier = (TODAY.replace(day=1) - dt.timedelta(days=40)).strftime("%Y-%m")
    response = editor.get("/en/stats/", query_string={"start": MONTH, "until": earlier})
    assert response.status_code == 400
    assert "must not be before its start" in response.get_data(as_text=True)


def test_unexpected_query_parameters_are_ignored(app, editor):
    add(app, "started", count=5)
    response = editor.get("/en/stats/", query_string={"table_id": "x", "lang": "fr", "_": "1"})
    assert response.status_code == 200
    assert f"/en/stats/summary.csv?start={MONTH}&amp;until={MONTH}" in response.get_data(
        as_text=True
    )


def test_unknown_table_is_not_found(editor):
    assert editor.get("/en/stats/nothing.csv").status_code == 404


def test_funnel_shows_each_question_of_the_flow(app, editor):
    add(app, "started", count=20)
    add(app, "answered", "nationality", count=18)
    add(app, "answered", "birth_date", count=12)
    add(app, "answered", "has_id", count=4)
    add(app, "outcome", "likely", count=6)
    rows = table(editor, "funnel-br-regularization")
    assert rows[0] == ["Step", "People"]
    assert rows[1] == ["Started", "20"]
    assert rows[-1] == ["Reached an outcome", "6"]
    values = [value for _, value in rows[2:-1]]
    assert values[:3] == ["18", "12", "fewer than 5"]
    questions = app.extensions["content"].flows["br/regularization"].questions
    assert len(rows) == 2 + 1 + len(questions)  # header, started, outcome and every question
    html = editor.get("/en/stats/").get_data(as_text=True)
    assert '<details class="funnel">' in html and "<svg" in html


def test_trend_is_by_day_for_one_month_and_by_month_otherwise(app, editor):
    add(app, "started", count=6)
    add(app, "started", count=8, day=TODAY.replace(day=1) - dt.timedelta(days=1))
    rows = table(editor, "trend", start=MONTH, until=MONTH)
    assert rows[0][0] == "Day" and rows[1:] == [
        [TODAY.strftime("%-d %b"), "6", "fewer than 5"],
        ["Total", "6", "fewer than 5"],
    ]
    rows = table(editor, "trend")
    assert rows[0][0] == "Month" and [row[1] for row in rows[1:]] == ["8", "6", "14"]


def test_profile_answers_are_counted_separately_and_withheld_when_small(app, editor):
    for _ in range(5):
        person = app.test_client()
        finish(person)
        response = person.post(
            "/es/br/regularization/improve",
            data={"age_band": "25_34", "gender": "woman", "nationality": "VE"},
        )
        assert response.status_code == 302 and response.headers["Location"].endswith("#improve")
    person = app.test_client()
    finish(person)
    person.post("/es/br/regularization/improve", data={"nationality": "HT"})
    with app.app_context():
        rows = db.session.scalars(db.select(ProfileCount)).all()
        assert {(r.dimension, r.value, r.count) for r in rows} == {
            ("age_band", "25_34", 5), ("gender", "woman", 5), ("nationality", "VE", 5),
            ("nationality", "HT", 1),
        }  # fmt: skip
        assert {r.month for r in rows} == {TODAY.replace(day=1)}
    assert table(editor, "age") == [["Age band", "Answers"], ["25 to 34", "5"], ["Total", "5"]]
    assert table(editor, "nationality") == [
        ["Nationality", "Answers"], ["Venezuela", "hidden"], ["Haiti", "fewer than 5"],
        ["Total", "6"],
    ]  # fmt: skip


@pytest.mark.parametrize(("lang", "locale"), LOCALES.items())
def test_dashboard_and_csv_in_every_language(app, lang, locale):
    create_staff(app, "editor@example.org", role="editor")
    staff = app.test_client()
    sign_in(staff, "editor@example.org")
    finish(app.test_client())
    html = staff.get(f"/{lang}/stats/").get_data(as_text=True)
    assert f'lang="{locale.replace("_", "-")}"' in html
    for msgid in ("Statistics", "Where people stop", "fewer than 5"):
        assert unescape(tr(locale, msgid)) in unescape(html)
    rows = csv_rows(staff, "summary", lang)
    assert rows[0][0].startswith("# country=all;")
    assert rows[1] == [tr(locale, "Measure"), tr(locale, "Count"), "suppressed"]
    assert rows[2] == [tr(locale, "Started"), "", "1"]


def test_a_funnel_never_shows_what_the_pathway_table_withholds(app, editor):
    """Brazil 3 (fewer than 5), Colombia 10 (hidden with it), Mexico 50: the Colombian funnel
    must not print 10, or 63 minus 50 minus 10 would give Brazil's 3 away."""
    add(app, "started", count=3)
    add(app, "started", count=10, country="CO")
    add(app, "started", count=50, country="MX")
    assert [row[1] for row in table(editor, "pathways")[1:]] == [
        "fewer than 5",
        "hidden",
        "50",
        "63",
    ]
    assert table(editor, "funnel-co-regularization")[1] == ["Started", "hidden"]
    assert table(editor, "funnel-br-regularization")[1] == ["Started", "fewer than 5"]
    assert table(editor, "funnel-mx-regularization")[1] == ["Started", "50"]
