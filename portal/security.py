"""Security headers, set in a plain after_request (cheaper than Flask-Talisman), and the
refusal of request bodies that no form of the portal is built for."""

from __future__ import annotations

from flask import Flask, Request, Response, abort, request
from werkzeug.exceptions import BadRequest

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
# Headers no view sets: appended as they are, without first looking for an old value.
FIXED_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


class NoUploadsRequest(Request):
    """The portal takes no files. Flask-WTF would hand a file part to a text field (a 500), and
    Werkzeug leaks the temporary file of a part cut short, so a file part is refused on sight."""

    def _get_file_stream(self, *args, **kwargs):
        raise BadRequest()


def init_app(app: Flask) -> None:
    app.request_class = NoUploadsRequest

    @app.before_request
    def refuse_json() -> None:
        # Flask-WTF reads a JSON body as form data and fails on anything but an object. Browsers
        # never send JSON from the portal's forms.
        if request.method == "POST" and request.is_json:
            abort(400)

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        # One look at the few headers already set: asking Werkzeug for a missing header one by
        # one raises and catches an exception each time, which adds up on every request.
        present = {name.lower() for name, _value in headers}
        if "content-security-policy" not in present:
            headers.add("Content-Security-Policy", CSP)
        headers.extend(FIXED_HEADERS)
        if request.endpoint and not request.endpoint.startswith("static"):
            # Pages may show a person's answers: never keep them in a shared phone's cache.
            headers["Cache-Control"] = "no-store"
        for banner in ("Server", "X-Powered-By"):
            if banner.lower() in present:
                del headers[banner]
        return response
