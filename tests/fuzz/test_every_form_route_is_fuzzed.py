"""A new form route fails this test until a fuzz test covers it."""

from __future__ import annotations

import re

from portal import PROJECT_ROOT
from tests.fuzz import (  # noqa: F401 - importing them registers what they fuzz
    test_admin_forms,
    test_city_form,
    test_code_and_desk_forms,
    test_desk_person_forms,
    test_get_forms,
    test_question_forms,
    test_stats_forms,
)
from tests.fuzz.routes import FUZZED, GET_FORMS, post_endpoints


def test_every_post_route_has_a_fuzz_test(app):
    missing = post_endpoints(app) - FUZZED
    assert not missing, f"no fuzz test posts to {sorted(missing)}: add one in tests/fuzz/"


def test_every_get_form_has_a_fuzz_test(app):
    templates = {
        f"{path.parent.name}/{path.name}"
        for path in (PROJECT_ROOT / "portal").rglob("templates/*/*.html")
        if re.search(r'<form[^>]*method="get"', path.read_text(encoding="utf-8"))
    }
    unknown = templates - set(GET_FORMS)
    assert not unknown, f"GET form in {sorted(unknown)}: fuzz it, list it in tests/fuzz/routes.py"
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints >= set(GET_FORMS.values()), "GET_FORMS names a route that is gone"
    assert not set(GET_FORMS.values()) - FUZZED
