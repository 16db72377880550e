"""POST /chat/twilio: Twilio's webhook for WhatsApp and SMS messages alike. Off (404) until
TWILIO_AUTH_TOKEN is set; a request Twilio did not sign is refused (403) before anything is
read or stored. Never reads or sets the session cookie (Twilio would keep it)."""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import Blueprint, Response, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from portal import outage
from portal.chat import dialogue, store
from portal.chat.twilio import signed, twiml
from portal.checklists.printing import public_address
from portal.conversation.describe import text_only
from portal.extensions import db
from portal.i18n import url_lang

log = logging.getLogger(__name__)
bp = Blueprint("chat", __name__)


@bp.before_request
def as_chat() -> None:
    g.channel = "chat"  # statistics count this channel (stats/counters.py)
    text_only()


def resume_address(locale: str) -> str:
    """Where a saved code opens: /<lang>/resume on PUBLIC_URL (or this request's host)."""
    return public_address("saved.resume", lang=url_lang(locale))


@bp.post("/chat/twilio")
def twilio_webhook() -> Response:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    if not token:
        return Response(status=404)
    if not signed(request, str(token)):
        return Response(status=403)
    sender = request.form.get("From", "")
    if not sender.strip():
        return Response(status=400)
    key = store.sender_hash(sender)
    reply = dialogue.respond(store.load(key), request.form.get("Body", ""), resume_address)
    if reply.state is None:
        store.forget(key)
    else:
        store.keep(key, reply.state)
    return twiml(reply.text)


@bp.errorhandler(SQLAlchemyError)
def database_unavailable(error: SQLAlchemyError) -> Response:
    """The database went away: a reply the person sees (Twilio shows nothing for an error
    status), in English since the conversation's language could not be read."""
    outage.database_failed()
    with suppress(SQLAlchemyError):  # the connection is already gone; the pool replaces it
        db.session.rollback()
    log.error("chat: the database is unavailable (%s)", type(error).__name__)
    return twiml(
        f"{_('Sorry, the service is not available right now')} {_('Please try again later.')}"
    )
