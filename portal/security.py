"""Security headers, set in a plain after_request (cheaper than Flask-Talisman), and the
refusal of request bodies that no form of the portal is built for."""

from __future__ import annotations

from flask import Flask, Response, abort, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_json_and_files() -> None:
        # Flask-WTF reads a JSON body or file parts as form data: the forms expect text fields
        # and would fail with a 500 (a JSON list, a file where a date should be). Browsers
        # send neither from the portal's forms.
        if request.method == "POST" and (request.is_json or request.files):
            abort(400)

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Permissions-Policy"] = PERMISSIONS
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.endpoint and not request.endpoint.startswith("static"):
            # Pages may show a person's answers: never keep them in a shared phone's cache.
            headers["Cache-Control"] = "no-store"
        headers.pop("Server", None)
        headers.pop("X-Powered-By", None)
        return response
