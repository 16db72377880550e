"""The one generic flow blueprint: start page, one question per page, check your answers and
the outcome. Which flow, question and outcome come from the URL and the content, never code."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.datastructures import MultiDict

from portal import clock
from portal.content import flow_or_404
from portal.desk.day import note_result
from portal.desk.person import staff_signed_in
from portal.flows.answers import clear_flow, flow_answers, store_answer
from portal.flows.blank_pages import blank_page
from portal.flows.forms import form_class
from portal.flows.presenter import answer_rows
from portal.flows.progress import current_outcome, flow_urls, host_offices, resume
from portal.i18n import flow_translation
from portal.offices.where import city_question
from portal.rules.engine import walk
from portal.rules.lifecycle import programme_state
from portal.rules.model import Flow
from portal.saved.changed import rules_changed
from portal.stats import counters

bp = Blueprint(
    "flows", __name__, url_prefix="/<lang>/<country>/<pathway>", template_folder="templates"
)


def _page(template: str, flow: Flow, status: int = 200, **context):
    urls = flow_urls(flow)
    html = render_template(
        template,
        flow=flow,
        urls=urls,
        host=urls["country"].upper(),
        in_flow=True,
        translated=flow_translation(flow),
        **context,
    )
    return html, status


@bp.get("/")
def start(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    today = clock.today()
    programmes = [
        {"name": p.name, "state": programme_state(p, today), "closes": p.closes, "opens": p.opens}
        for p in flow.programmes.values()
    ]
    return _page(
        "flows/start.html", flow, started=bool(flow_answers(flow.id)), programmes=programmes
    )


@bp.post("/restart")
def restart(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    clear_flow(flow.id)
    counters.flow_started(country, flow.pathway, flow.id, str(get_locale()))
    return redirect(url_for("flows.question", question_id=flow.start, **flow_urls(flow)))


def _back_url(flow: Flow, back: str | None) -> str:
    if back:
        return url_for("flows.question", question_id=back, **flow_urls(flow))
    return url_for("flows.start", **flow_urls(flow))


@bp.route("/q/<question_id>", methods=["GET", "POST"])
def question(country: str, pathway: str, question_id: str):
    flow = flow_or_404(country, pathway)
    item = flow.questions.get(question_id)
    if item is None:
        abort(404)
    answers = flow_answers(flow.id)
    today = clock.today()
    progress = walk(flow, answers, today)
    if not progress.on_path(question_id):
        return resume(flow)
    back = progress.previous(question_id)
    step = len(progress.path) + 1
    if request.method == "GET" and question_id not in answers and not staff_signed_in():
        # The same empty form for everyone who gets here this way (see blank_pages.py).
        def render(csrf_token) -> str:
            form = form_class(item, str(get_locale()))(formdata=None)
            return _page(
                "flows/question.html",
                flow,
                question=item,
                form=form,
                back_url=_back_url(flow, back),
                step=step,
                csrf_token=csrf_token,
            )[0]

        return blank_page((request.path, back, step), render)  # all the template reads
    back_url = _back_url(flow, back)
    form_type = form_class(item, str(get_locale()))
    if request.method == "POST":
        form = form_type()
        if form.validate():
            if question_id not in answers:
                counters.question_answered(
                    country, flow.pathway, flow.id, question_id, str(get_locale())
                )
            store_answer(flow.id, question_id, form.answer_value())
            return resume(flow)
        status = 400
    else:
        data = form_type.prefill_data(answers[question_id]) if question_id in answers else {}
        form = form_type(formdata=None, data=data)
        status = 200
    return _page(
        "flows/question.html", flow, status, question=item, form=form, back_url=back_url, step=step
    )


@bp.get("/check")
def check(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    answers = flow_answers(flow.id)
    progress = walk(flow, answers, clock.today())
    if progress.outcome is None:
        return resume(flow)
    rows = answer_rows(flow, progress, answers, str(get_locale()))
    back_url = url_for("flows.question", question_id=progress.path[-1], **flow_urls(flow))
    return _page("flows/check.html", flow, rows=rows, back_url=back_url)


@bp.get("/result")
def result(country: str, pathway: str):
    flow = flow_or_404(country, pathway)
    view = current_outcome(flow)
    if view is None:
        return resume(flow)
    counters.outcome_reached(country, flow.pathway, flow.id, view.kind, str(get_locale()))
    note_result(country, flow.pathway, flow.id, view.kind)  # the desk's list of today's work
    code = country.upper()
    offices = host_offices(code)
    asked = request.args.get("city")
    question = city_question(code, offices, pathway=flow.pathway)
    valid = True
    if asked and view.kind != "suggestions":  # a city in the address must be one we list
        checked = city_question(code, offices, MultiDict({"city": asked}), only_cities=True)
        valid = checked.validate()
        question = question if valid else checked
    # The PDF follows the same address (Any: url_for's own keywords are not all str).
    city: dict[str, Any] = {"city": asked} if asked and valid else {}
    return _page(
        "flows/result.html", flow, 200 if valid else 400, view=view, city=city,
        city_question=question,  # no Back link: "See or change your answers" is at the end
        pdf_url=url_for("checklists.checklist_pdf", **flow_urls(flow), **city),
        profiled=counters.RunTally(flow.id).reached("profiled"),
        rules_changed=rules_changed(flow, view.outcome.id),
    )  # fmt: skip
