"""The OpenAPI document describes what the API answers: schemathesis sends generated requests,
valid and not, with a partner's key, and checks every answer against the document."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from portal import create_app
from portal.extensions import db
from tests.api.conftest import API_CONFIG, make_key

TEST_CONFIG = {"ENV_NAME": "testing", "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests"}
# Made when the module is collected, since schemathesis reads the document then. Its database
# is in memory: SQLite keeps it for the connection of this thread, which runs every request.
APP = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", **API_CONFIG})
with APP.app_context():
    db.create_all()
KEY = make_key(APP)[1]
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
# Every check but positive_data_acceptance: a well-formed token or answer may still be refused
# (a random token was not sealed by us; "ZZ" is no option of any question).
EXCLUDED = [positive_data_acceptance]


def test_the_document_is_openapi_3_1_with_a_bearer_scheme():
    document = APP.test_client().get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_answer_matches_the_document(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, excluded_checks=EXCLUDED)
