"""Remembered URL matching gives exactly what Werkzeug's matcher gives."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, RequestRedirect

from portal import routing
from portal.routing import RememberingMap

PATHS = [
    "/",
    "/en/",
    "/es/br/",
    "/pt-BR/br/regularization/",
    "/en/br/regularization/q/nationality",
    "/fr/mx/humanitarian_visa/check",
    "/ar/stats/by-country.csv",
    "/healthz",
    "/static/style.css",
]


def test_matches_are_those_of_werkzeug(app):
    plain = Map([rule.empty() for rule in app.url_map.iter_rules()])
    remembered = app.url_map.bind("localhost")
    reference = plain.bind("localhost")
    for path in PATHS:
        for _ in range(2):  # worked out, then remembered
            rule, values = remembered.match(path, return_rule=True)
            expected_rule, expected_values = reference.match(path, return_rule=True)
            assert (rule.rule, rule.endpoint, values) == (
                expected_rule.rule,
                expected_rule.endpoint,
                expected_values,
            )


def test_each_request_gets_its_own_values(app):
    adapter = app.url_map.bind("localhost")
    _rule, values = adapter.match("/en/br/regularization/q/nationality", return_rule=True)
    values.pop("lang")  # as Flask's language handling does
    _rule, again = adapter.match("/en/br/regularization/q/nationality", return_rule=True)
    assert again["lang"] == "en"


def test_misses_and_redirects_are_not_remembered(app):
    adapter = app.url_map.bind("localhost")
    known = app.url_map._matcher._known
    known.clear()
    with pytest.raises(NotFound):
        adapter.match("/en/br/regularization/nowhere/at/all")
    with pytest.raises(RequestRedirect):
        adapter.match("/en/br/regularization")  # to the trailing-slash URL
    assert known == {}


def test_what_is_remembered_is_bounded_and_forgotten_when_the_map_changes(monkeypatch):
    monkeypatch.setattr(routing, "MAX_REMEMBERED", 3)
    urls = RememberingMap()
    urls.add(routing.Rule("/<lang>/q/<question_id>", endpoint="question"))
    adapter = urls.bind("localhost")
    for number in range(10):
        assert adapter.match(f"/en/q/q{number}") == (
            "question",
            {"lang": "en", "question_id": f"q{number}"},
        )
        assert len(urls._matcher._known) <= 3
    urls.add(routing.Rule("/<lang>/about", endpoint="about"))
    assert urls._matcher._known == {}
    assert urls.bind("localhost").match("/en/about") == ("about", {"lang": "en"})


def test_question_pages_are_served_through_remembered_matches(client, app):
    app.url_map._matcher._known.clear()
    for _ in range(2):
        assert client.get("/en/br/regularization/q/nationality").status_code == 200
    assert any(
        path == "/en/br/regularization/q/nationality"
        for _d, path, *_ in app.url_map._matcher._known
    )
    assert client.get("/en/br/regularization/q/no-such-question").status_code == 404
