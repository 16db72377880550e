"""A referral slip printed at a service desk (issue 16 §3): the office chosen from the outcome's
offices, the reason (the outcome's headline), the date and, if the person wants it, their saved
code — in the person's language and the office's. Nothing of it is stored."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_babel import force_locale, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from portal import clock
from portal.checklists.document import language, second_default, second_locale
from portal.checklists.printing import pdf_response
from portal.content import flow_or_404, library
from portal.flows.progress import current_outcome
from portal.formats import format_day
from portal.i18n import content_text, flow_translation
from portal.ratelimit import spend_on_code
from portal.rules.model import Office
from portal.saved import store
from portal.saved.codes import normalise

bp = Blueprint("referral", __name__, url_prefix="/<lang>/desk/referral")
WRONG_CODE = _l("We could not find answers with that code. Check it, or it may have expired.")


class ReferralForm(FlaskForm):
    office = SelectField(
        _l("Office to refer the person to"),
        validators=[InputRequired(message=_l("Choose an office from the list"))],
    )
    code = StringField(
        _l("The person's saved code (optional)"),
        description=_l("Printed on the slip only if the person wants the office to open it."),
        validators=[Optional(), Length(max=40, message=_l("Enter the code as it was given"))],
    )


@bp.app_template_global("referral_form")
def referral_form(offices: list[Office]) -> ReferralForm:
    form = ReferralForm()
    form.office.choices = [(o.id, content_text(o.name)) for o in offices]
    return form


def _office_language(country: str) -> str | None:
    """The office's language (the host country's), when it is not the page's own."""
    url_code = second_default(library().countries.get(country.upper()), str(get_locale()))
    return second_locale(url_code) if url_code else None


@bp.post("/<country>/<pathway>")
@login_required  # any staff account: desk clerks, and editors and admins trying the desk
def referral_pdf(country: str, pathway: str) -> Response:
    """A referral slip (PDF) for the outcome on screen."""
    flow = flow_or_404(country, pathway)
    view = current_outcome(flow)
    if view is None or view.kind == "suggestions" or not view.offices:
        abort(400)
    form = referral_form(view.offices)
    if not form.validate() or form.office.data not in {o.id for o in view.offices}:
        abort(400)
    code = ""
    if form.code.data:
        spend_on_code()
        canonical_code = normalise(form.code.data)
        if not canonical_code or store.find(store.secret_keys(), canonical_code) is None:
            abort(400, description=str(WRONG_CODE))
        code = canonical_code
    flow_translation(flow)
    office = library().offices[form.office.data]
    today = clock.today()
    second = _office_language(country)
    parts = [_part(view.title, office, today)]
    if second:
        with force_locale(second):
            parts.append(_part(view.title, office, today))
    paper = library().countries[country.upper()].paper
    html = render_template(
        "desk/referral.html", parts=parts, office=office, code=code, paper=paper,
        first_lang=language(str(get_locale())), city=current_user.city,
    )  # fmt: skip
    # a slip holding a saved code is a secret: never kept in the render cache
    filename = f"referral-{country}-{flow.pathway}.pdf"
    return pdf_response(html, filename, "referral slip", keep=not code)


def _part(title: str, office: Office, today) -> dict:
    """The slip's words in the current locale."""
    return {
        "lang": language(str(get_locale())),
        # TRANSLATORS: title of a slip a service desk gives a person to take to another office
        "heading": gettext("Referral"),
        "to": gettext("To"),
        # TRANSLATORS: on a referral slip: why the person is sent to the office
        "reason_label": gettext("Reason"),
        "date_label": gettext("Date"),
        "code_label": gettext("Saved code"),
        "from_label": gettext("From the service desk"),
        "note": gettext(
            "The person was told about this office by a service desk using the Camino guide. "
            "The saved code, if any, opens their answers; it is valid until its expiry date."
        ),
        "reason": content_text(title),
        "office_name": content_text(office.name),
        "date": format_day(today),
    }
