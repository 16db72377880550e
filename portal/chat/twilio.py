"""Twilio's side of the webhook: its request signature, and the TwiML reply it expects."""

from __future__ import annotations

from flask import Request, Response, current_app
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

SIGNATURE = "X-Twilio-Signature"


def signed(request: Request, token: str) -> bool:
    """Whether Twilio (who alone knows the auth token) signed this request: its HMAC over the
    public URL Twilio called (CHAT_WEBHOOK_URL, needed behind a proxy that changes the scheme
    or host) and the posted fields."""
    signature = request.headers.get(SIGNATURE, "")
    if not signature:
        return False
    url = current_app.config.get("CHAT_WEBHOOK_URL") or request.url
    return bool(RequestValidator(token).validate(url, request.form, signature))


def twiml(text: str) -> Response:
    reply = MessagingResponse()
    reply.message(text)
    return Response(str(reply), mimetype="application/xml")
