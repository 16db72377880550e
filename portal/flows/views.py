"""The one generic flow blueprint: start page, one question per page, check your answers and
the outcome. Which flow, question and outcome come from the URL and the content, never code."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale

from portal.content import flow_or_404, library
from portal.flows.answers import clear_flow, flow_answers, store_answer
from portal.flows.forms import form_class
from portal.flows.presenter import answer_rows, outcome_view
from portal.rules.engine import answers_on_path, walk
from portal.rules.model import Flow

bp = Blueprint(
    "flows", __name__, url_prefix="/<lang>/<country>/<pathway>", template_folder="templates"
)


def _today() -> dt.date:
    return dt.date.today()


def _flow_urls(flow: Flow) -> dict[str, str]:
    return {"country": flow.country.lower(), "pathway": flow.pathway}


def _resume(flow: Flow):
    """Send the person to where they are in the flow."""
    result = walk(flow, flow_answers(flow.id), _today())
    if result.next_question:
        return redirect(
            url_for("flows.question", question_id=result.next_question, **_flow_urls(flow))
        )
    return redirect(url_for("flows.check", **_flow_urls(flow)))


@bp.get("/")
def start(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    answers = flow_answers(flow.id)
    return render_template(
        "flows/start.html", flow=flow, started=bool(answers), first=flow.start, in_flow=True
    )


@bp.post("/restart")
def restart(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    clear_flow(flow.id)
    return redirect(url_for("flows.question", question_id=flow.start, **_flow_urls(flow)))


@bp.route("/q/<question_id>", methods=["GET", "POST"])
def question(country: str, pathway: str, question_id: str):
    flow = flow_or_404(country, pathway)
    item = flow.questions.get(question_id)
    if item is None:
        abort(404)
    answers = flow_answers(flow.id)
    progress = walk(flow, answers, _today())
    if not progress.on_path(question_id):
        return _resume(flow)
    locale = str(get_locale())
    form_type = form_class(item, locale)
    if request.method == "POST":
        form = form_type()
        if form.validate():
            store_answer(flow.id, question_id, form.answer_value())
            return _resume(flow)
        status = 400
    else:
        data = form_type.prefill_data(answers[question_id]) if question_id in answers else {}
        form = form_type(formdata=None, data=data)
        status = 200
    back = progress.previous(question_id)
    back_url = (
        url_for("flows.question", question_id=back, **_flow_urls(flow))
        if back
        else url_for("flows.start", **_flow_urls(flow))
    )
    return (
        render_template(
            "flows/question.html",
            flow=flow,
            question=item,
            form=form,
            back_url=back_url,
            in_flow=True,
            step=len(progress.path) + 1,
        ),
        status,
    )


@bp.get("/check")
def check(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    answers = flow_answers(flow.id)
    progress = walk(flow, answers, _today())
    if progress.outcome is None:
        return _resume(flow)
    rows = answer_rows(flow, progress, answers, str(get_locale()))
    back_url = url_for("flows.question", question_id=progress.path[-1], **_flow_urls(flow))
    return render_template(
        "flows/check.html", flow=flow, rows=rows, back_url=back_url, in_flow=True
    )


@bp.get("/result")
def result(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    answers = flow_answers(flow.id)
    progress = walk(flow, answers, _today())
    if progress.outcome is None:
        return _resume(flow)
    view = outcome_view(
        library(),
        flow,
        progress.outcome,
        answers_on_path(progress, answers),
        progress,
        str(get_locale()),
        _today(),
    )
    return render_template(
        "flows/result.html",
        flow=flow,
        view=view,
        in_flow=True,
        back_url=url_for("flows.check", **_flow_urls(flow)),
    )
