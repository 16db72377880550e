"""Which routes the fuzz tests cover, so that a new form route cannot be forgotten."""

from __future__ import annotations

FUZZED: set[str] = set()

# Templates with a GET form (filters, print options) and the endpoint that reads it: GET forms
# have no POST route to find them by.
GET_FORMS = {
    "offices/directory.html": "offices.directory",
    "flows/result.html": "flows.result",
    "stats/dashboard.html": "stats.dashboard",
    "desk/audit.html": "desk.audit",
}


def fuzzes(*endpoints: str):
    """Mark a test as the fuzzer of these endpoints."""

    def mark(test):
        FUZZED.update(endpoints)
        return test

    return mark


def post_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())}
