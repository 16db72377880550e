"""Where a person is in a flow, for any page that needs it: the flow's URL values, the way back
to their next question, and their outcome once they have finished. Used by the flow pages, the
printed checklist, saving a result and the desk's referral slip."""

from __future__ import annotations

from typing import TypedDict

from flask import redirect, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from portal import clock
from portal.content import library
from portal.flows.answers import flow_answers
from portal.flows.presenter import OutcomeView, outcome_view
from portal.formats import country_name
from portal.offices.where import current_place
from portal.rules.engine import answers_on_path, walk
from portal.rules.model import Flow, Office


class FlowUrls(TypedDict):
    country: str
    pathway: str


def flow_urls(flow: Flow) -> FlowUrls:
    """URL values for this flow in the host country of the current request (a flow under
    flows/all/ serves every country)."""
    return {"country": host_country(), "pathway": flow.pathway}


def host_country() -> str:
    """The host country as written in the address of the current flow page."""
    if request.view_args is None:  # no route matched, so this is not a flow page
        raise RuntimeError("host_country() needs a request for a flow page")
    return request.view_args["country"]


def resume(flow: Flow) -> Response:
    """Send the person to where they are in the flow."""
    result = walk(flow, flow_answers(flow.id), clock.today())
    if result.next_question:
        return redirect(
            url_for("flows.question", question_id=result.next_question, **flow_urls(flow))
        )
    return redirect(url_for("flows.check", **flow_urls(flow)))


def current_outcome(flow: Flow) -> OutcomeView | None:
    """The person's outcome as a view, or None if they have not finished. Its offices are
    chosen for where the person is (a valid `?city=`, their answer, or the desk's city)."""
    answers = flow_answers(flow.id)
    progress = walk(flow, answers, clock.today())
    if progress.outcome is None:
        return None
    view = outcome_view(
        library(),
        flow,
        host_country().upper(),
        progress.outcome,
        answers_on_path(progress, answers),
        progress,
        str(get_locale()),
        clock.today(),
    )
    place = current_place(view.country, host_offices(view.country), request.args.get("city"))
    view.set_place(place, country_name(view.country))
    return view


def host_offices(code: str) -> list[Office]:
    """Every office in the host country `code` (upper case), in content order."""
    return [o for o in library().offices.values() if o.country == code]
