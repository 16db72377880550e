"""The API's blueprint: the checks every request passes (language, key, rate limit), the lists a
partner's app starts from (languages, countries and their guides, pathways, country codes) and
the OpenAPI document. The conversation itself is in conversations.py."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import MethodNotAllowed

from portal.api import errors
from portal.api.errors import ApiError
from portal.api.inputs import read_body, requested_locale, use_locale
from portal.api.keys import bearer_key, find_key
from portal.api.spec import openapi_document
from portal.content import library
from portal.conversation.describe import plain, text_only
from portal.flows.forms import country_choices
from portal.formats import country_name
from portal.i18n import language_choices, translated_share
from portal.ratelimit import spend, who
from portal.rules.model import Flow

bp = Blueprint("api", __name__, url_prefix="/api/v1")
errors.init_blueprint(bp)
OPEN = "api.openapi"  # the one endpoint without a key
ELSEWHERE = "api.elsewhere"
EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@bp.before_request
def prepare() -> Response | None:
    """Language first, so every later refusal speaks it; then the key, then its budget."""
    g.channel = "api"  # statistics count this request under the api channel
    text_only()
    query = requested_locale({}) if "lang" in request.args else None
    use_locale(query or "en")
    if request.method == "OPTIONS":
        return options()
    if request.endpoint == ELSEWHERE:
        refuse()
    g.api_body = read_body() if request.method == "POST" else {}
    g.api_locale = requested_locale(g.api_body)
    use_locale(g.api_locale or "en")
    if request.endpoint == OPEN:
        return None
    key = find_key(bearer_key(request.headers.get("Authorization")))
    if key is None:
        raise ApiError(401, "unauthorized")
    spend("api", who("api-key", str(key.id)))
    return None


@bp.route("/<path:rest>", methods=EVERY_METHOD)
def elsewhere(rest: str) -> Response:
    """Any other address under /api/v1: without this route, the pages' /<lang>/<country>/…
    routes would answer some with a redirect to an HTML page."""
    refuse()


def allowed_methods() -> list[str]:
    """The methods of the API's own route for this address (none: not one of its addresses)."""
    path, rules = request.path, current_app.url_map.iter_rules()
    found = [r for r in rules if r.rule == path and r.endpoint != ELSEWHERE]
    return sorted({method for rule in found for method in rule.methods or ()})


def refuse() -> NoReturn:
    """404, or 405 with the methods the address takes when it is one of the API's."""
    allowed = allowed_methods()
    if not allowed:
        raise ApiError(404, "not_found")
    raise MethodNotAllowed(valid_methods=allowed)


def options() -> Response:
    """What Flask answers to OPTIONS, without the catch-all route's methods, and no CORS header:
    a browser's preflight from another site gets no access."""
    allowed = allowed_methods()
    if not allowed:
        raise ApiError(404, "not_found")
    return Response(status=200, headers={"Allow": ", ".join(allowed)})


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/languages")
def languages():
    return {
        "languages": [
            {"code": c["url"], "locale": c["code"], "name": c["name"], "dir": c["dir"]}
            for c in language_choices()
        ]
    }


def flow_data(flow: Flow, locale: str) -> dict[str, Any]:
    return {
        "pathway": flow.pathway,
        "flow": flow.id,
        "title": plain(flow.title),
        "summary": plain(flow.summary),
        "minutes": flow.minutes,
        "translated": round(translated_share(flow, locale), 3),
        "review": "reviewed" if flow.review.in_force else "draft",
    }


@bp.get("/countries")
def countries():
    found = library()
    locale = g.locale
    triage = [p.id for p in found.pathways.values() if p.kind == "triage"]
    listed = []
    for code in sorted(found.countries):
        chooser = next((f for p in triage if (f := found.flow(code.lower(), p))), None)
        listed.append(
            {
                "code": code.lower(),
                "name": country_name(code),
                "flows": [flow_data(f, locale) for f in found.flows_in(code)],
                "help_me_choose": flow_data(chooser, locale) if chooser else None,
            }
        )
    return {"countries": listed}


@bp.get("/pathways")
def pathways():
    listed = [
        {"id": p.id, "kind": p.kind, "title": plain(p.title), "description": plain(p.description)}
        for p in library().pathways.values()
    ]
    return {"pathways": listed}


@bp.get("/country-codes")
def country_codes():
    return {
        "countries": [
            {"code": c.value, "name": str(c.label), "name_lang": c.render_kw.get("lang")}
            for c in country_choices(g.locale)
        ]
    }
