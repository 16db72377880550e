"""The API's OpenAPI 3.1 document, written with apispec: every path, parameter, body and
response, errors too, as JSON Schema. Schemathesis checks the API's answers against it
(tests/api/test_schema.py), so it must say exactly what the views send."""

from __future__ import annotations

import functools
from typing import Any

from apispec import APISpec

from portal.api.errors import MESSAGES
from portal.i18n import LOCALES

VERSION = "1.0.0"
NULLABLE_TEXT = {"type": ["string", "null"]}
TEXT = {"type": "string"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def strict(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object with exactly these properties, all required but the optional ones."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


FLOW = strict({
    "pathway": TEXT, "flow": TEXT, "title": TEXT, "summary": TEXT,
    "minutes": {"type": "integer"},
    "translated": {"type": "number", "minimum": 0, "maximum": 1},
    "review": {"enum": ["draft", "reviewed"]},
})  # fmt: skip
QUESTION = strict({
    "id": TEXT, "type": TEXT, "text": TEXT, "hint": NULLABLE_TEXT, "why_we_ask": NULLABLE_TEXT,
    "translated": {"type": "boolean"},
    "options": {"type": "array", "items": strict({
        "id": TEXT, "label": TEXT, "hint": NULLABLE_TEXT,
    })},
    "min": {"type": ["integer", "null"]}, "max": {"type": ["integer", "null"]},
    "required_message": TEXT,
})  # fmt: skip
OFFICE = strict({
    "id": TEXT, "name": TEXT, "city": NULLABLE_TEXT, "address": NULLABLE_TEXT,
    "hours": NULLABLE_TEXT, "phone": NULLABLE_TEXT, "url": NULLABLE_TEXT, "note": NULLABLE_TEXT,
    "free": {"type": ["boolean", "null"]}, "languages": {"type": "array", "items": TEXT},
})  # fmt: skip
OUTCOME = strict({
    "id": TEXT, "kind": TEXT, "kind_label": TEXT, "headline": TEXT, "why": TEXT,
    "why_lead": NULLABLE_TEXT, "translated": {"type": "boolean"},
    "next_steps": {"type": "array", "items": TEXT},
    "documents": {"type": "array", "items": strict({"text": TEXT, "detail": NULLABLE_TEXT})},
    "fees": {"type": "array", "items": strict({
        "name": TEXT, "amount": {"type": ["number", "null"]}, "code": NULLABLE_TEXT,
        "exemption": NULLABLE_TEXT, "source_url": NULLABLE_TEXT,
    })},
    "programme": {"oneOf": [{"type": "null"}, strict({
        "name": TEXT, "state": TEXT, "opens": NULLABLE_TEXT, "closes": NULLABLE_TEXT,
    })]},
    "offices": {"type": "array", "items": ref("Office")},
    "sources": {"type": "array", "items": strict({
        "title": TEXT, "url": NULLABLE_TEXT, "kind": TEXT, "checked_on": NULLABLE_TEXT,
        "quote": NULLABLE_TEXT, "quote_lang": NULLABLE_TEXT,
    })},
    "evidence": strict({"level": TEXT, "checked": NULLABLE_TEXT}),
    "review": strict({
        "status": {"enum": ["draft", "reviewed"]}, "by": NULLABLE_TEXT, "on": NULLABLE_TEXT,
    }),
    "last_reviewed": TEXT,
    "related": {"type": "array", "items": strict({"pathway": TEXT, "title": TEXT})},
})  # fmt: skip
STEP = {
    "oneOf": [
        strict({
            "type": {"const": "question"}, "number": {"type": "integer", "minimum": 1},
            "question": ref("Question"),
        }),
        strict({
            "type": {"const": "outcome"}, "outcome": ref("Outcome"),
            "pdf_url": {"type": "string", "description": "The checklist PDF (needs the key)."},
        }),
    ]
}  # fmt: skip
ERROR = strict({
    "error": strict({
        "code": {"enum": sorted({*MESSAGES, "rate_limited"})},
        "message": {"type": "string", "description": "In the requested language."},
        "details": {
            "type": "array", "items": TEXT,
            "description": "The fields at fault, or (invalid_answer) every message of the form.",
        },
    })
})  # fmt: skip
LANG = {"type": "string", "enum": list(LOCALES), "description": "A language's URL code."}
TOKEN = {"type": "string", "minLength": 1, "description": "The token of the last response."}
CITY = {
    "type": ["string", "null"], "minLength": 1, "maxLength": 200,
    "description": "A city with offices in the host country: its offices come first.",
}  # fmt: skip
ANSWER_VALUE = {
    "description": (
        "The answer as stored: an option id, a list of option ids (multi), an ISO 3166 code "
        "(country), a whole number, YYYY-MM-DD (date) or YYYY-MM (month_year)."
    ),
    "oneOf": [
        {"type": "string"},
        {"type": "integer"},
        {"type": "array", "items": {"type": ["string", "integer"]}},
    ],
}
BODIES = {
    "Start": strict(
        {"country": {"type": "string", "minLength": 1, "maxLength": 200},
         "pathway": {"type": "string", "minLength": 1, "maxLength": 200}, "lang": LANG},
        optional=("lang",),
    ),
    "Answer": strict(
        {"token": TOKEN, "question": {"type": "string", "minLength": 1, "maxLength": 200},
         "answer": ANSWER_VALUE, "city": CITY, "lang": LANG},
        optional=("city", "lang"),
    ),
    "Back": strict({"token": TOKEN, "city": CITY, "lang": LANG}, optional=("city", "lang")),
    "Current": strict({"token": TOKEN, "city": CITY, "lang": LANG}, optional=("city", "lang")),
}  # fmt: skip
ERRORS = {
    "400": "Malformed JSON, a missing field or a field of the wrong type (bad_request), an "
    "unknown language (bad_language) or a bad or expired token (bad_token).",
    "401": "No key, or an unknown or revoked one (unauthorized).",
    "404": "No such guide for this country (unknown_flow), or no such address (not_found).",
    "405": "A method the address does not take (method_not_allowed).",
    "409": "The conversation has not reached an outcome (not_finished).",
    "413": "A body over 16 KiB (too_large).",
    "422": "An answer the question's form refuses (invalid_answer), a question not on the "
    "person's path (not_on_path), or a city without offices (unknown_city).",
    "429": "The key's rate limit is spent (rate_limited); Retry-After says when to try again.",
    "500": "An error on the server (server_error).",
    "503": "The service or its database is unavailable (unavailable).",
}


def error(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERRORS[status],
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if status == "429":
        response["headers"] = {"Retry-After": {"schema": {"type": "string"}, "required": True}}
    if status == "401":
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    if status == "405":
        response["headers"] = {"Allow": {"schema": {"type": "string"}, "required": True}}
    return response


def ok(description: str, schema: dict[str, Any], media: str = "application/json"):
    return {"description": description, "content": {media: {"schema": schema}}}


def operation(summary: str, responses: dict[str, Any], codes: tuple[str, ...], **more: Any):
    common = ("400", "401", "405", "413", "429", "500", "503")
    every = {**responses, **{code: error(code) for code in (*common, *codes)}}
    return {"summary": summary, "responses": every, "security": [{"bearer": []}], **more}


def lang_query() -> dict[str, Any]:
    return {"name": "lang", "in": "query", "required": False, "schema": LANG}


def body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": ref(name)}}}


def conversation_op(summary: str, name: str, status: str = "200", codes=("422",)):
    step = ok("The next step, with a fresh token.", ref("Step"))
    step["content"]["application/json"]["schema"] = strict({"token": TEXT, "step": ref("Step")})
    return {"post": operation(summary, {status: step}, codes, requestBody=body(name))}


@functools.cache
def openapi_document() -> dict[str, Any]:
    spec = APISpec(
        title="Camino partner API",
        version=VERSION,
        openapi_version="3.1.0",
        info={
            "description": (
                "The guides of Camino, one step at a time, for partners' apps. Every address "
                "but this document needs `Authorization: Bearer <key>`. Texts come in the "
                "language `lang` names (a content text without a translation in English)."
            )
        },
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    schemas = {"Error": ERROR, "Flow": FLOW, "Question": QUESTION, "Office": OFFICE,
               "Outcome": OUTCOME, "Step": STEP, **BODIES}  # fmt: skip
    for name, schema in schemas.items():
        spec.components.schema(name, schema)
    listing = {"lang": [lang_query()]}
    spec.path("/api/v1/openapi.json", operations={"get": {
        "summary": "This document.", "security": [],
        "responses": {"200": ok("The OpenAPI document.", {"type": "object"}),
                      "405": error("405"), "500": error("500")},
    }})  # fmt: skip
    spec.path("/api/v1/languages", operations={"get": operation(
        "The languages the guides are offered in.",
        {"200": ok("Each language.", strict({"languages": {"type": "array", "items": strict({
            "code": LANG, "locale": TEXT, "name": TEXT, "dir": {"enum": ["ltr", "rtl"]},
        })}}))}, (), parameters=listing["lang"],
    )})  # fmt: skip
    spec.path("/api/v1/countries", operations={"get": operation(
        "Host countries, each with its guides and its help-me-choose questions.",
        {"200": ok("Each host country.", strict({"countries": {"type": "array", "items": strict({
            "code": TEXT, "name": TEXT, "flows": {"type": "array", "items": ref("Flow")},
            "help_me_choose": {"oneOf": [{"type": "null"}, ref("Flow")]},
        })}}))}, (), parameters=listing["lang"],
    )})  # fmt: skip
    spec.path("/api/v1/pathways", operations={"get": operation(
        "The pathways, with their titles and descriptions.",
        {"200": ok("Each pathway.", strict({"pathways": {"type": "array", "items": strict({
            "id": TEXT, "kind": {"enum": ["pathway", "triage"]}, "title": TEXT,
            "description": TEXT,
        })}}))}, (), parameters=listing["lang"],
    )})  # fmt: skip
    spec.path("/api/v1/country-codes", operations={"get": operation(
        "The ISO 3166 codes a country question takes, with names in the language.",
        {"200": ok("Each country, sorted by name.", strict({"countries": {"type": "array",
            "items": strict({"code": TEXT, "name": TEXT, "name_lang": NULLABLE_TEXT})}}))},
        (), parameters=listing["lang"],
    )})  # fmt: skip
    spec.path("/api/v1/conversations", operations=conversation_op(
        "Start a guide for a host country.", "Start", "201", ("404",)))  # fmt: skip
    spec.path("/api/v1/conversations/answer", operations=conversation_op(
        "Answer a question on the path (the next one, or an earlier one to change it).",
        "Answer"))  # fmt: skip
    spec.path("/api/v1/conversations/back", operations=conversation_op(
        "Forget the last answer, so its question is asked again.", "Back"))  # fmt: skip
    spec.path("/api/v1/conversations/current", operations=conversation_op(
        "The current step again (e.g. the outcome with a city's offices first).",
        "Current"))  # fmt: skip
    spec.path("/api/v1/checklist.pdf", operations={"get": operation(
        "The outcome's printed checklist, as on the web.",
        {"200": ok("The checklist.", {"type": "string", "format": "binary"}, "application/pdf")},
        ("409", "422"), parameters=[
            {"name": "token", "in": "query", "required": True, "schema": TOKEN},
            {"name": "city", "in": "query", "required": False,
             "schema": {"type": "string", "maxLength": 200}},
        ],
    )})  # fmt: skip
    return spec.to_dict()
