"""Security headers, set in a plain after_request (cheaper than Flask-Talisman)."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self' {exit}; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def init_app(app: Flask) -> None:
    csp = CSP.format(exit="").replace("  ", " ")

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp)
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
        return response
