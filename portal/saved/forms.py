"""The saved-code form and what opening a code leads to, shared by the person's own pages
(saved/views.py) and the service desk's "Open by code" (desk/views.py)."""

from __future__ import annotations

from flask import redirect, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from portal.content import library
from portal.flows.runs import ensure_run
from portal.i18n import url_lang
from portal.models import SavedResult
from portal.saved.changed import remember_saved_then
from portal.saved.opened import remember_opened
from portal.stats.counters import RunTally


class CodeForm(FlaskForm):
    code = StringField(
        _l("Your code"),
        validators=[
            InputRequired(message=_l("Enter your code")),
            Length(max=40, message=_l("Enter your code")),
        ],
    )


def restore(record: SavedResult, data: dict, lang: str | None = None) -> Response | None:
    """Put saved answers back into this device's session and go to their result (in `lang`,
    else the page's language); None when the flow no longer exists."""
    flow = library().flow(data["country"], data["pathway"])
    if flow is None:
        return None
    ensure_run()
    session.setdefault("answers", {})[flow.id] = data["answers"]
    remember_opened(flow.id, record.id)
    remember_saved_then(flow, data, record.created_at.date())
    RunTally(flow.id).mark("outcome")  # counted when first reached; opening it again is not new
    lang = lang or url_lang()
    return redirect(
        url_for("flows.result", lang=lang, country=data["country"], pathway=data["pathway"])
    )
