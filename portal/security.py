"""Security headers, set in a plain after_request (cheaper than Flask-Talisman), and the
refusal of request bodies that no form of the portal is built for."""

from __future__ import annotations

from flask import Flask, Request, Response, abort, request
from werkzeug.datastructures import Headers
from werkzeug.exceptions import BadRequest

from portal.extensions import csrf

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
STATIC_HEADERS = (*FIXED_HEADERS, ("Content-Security-Policy", CSP))
PAGE_HEADERS = (*STATIC_HEADERS, ("Cache-Control", "no-store"))
BANNERS = ("Server", "X-Powered-By")
# Headers that, when a response already has them, need set_headers' slower path.
SET_BY_VIEWS = frozenset(
    name.lower() for name in ("Content-Security-Policy", "Cache-Control", *BANNERS)
)
Headers(PAGE_HEADERS)  # Werkzeug's check of the values, once, for the fast path below


class NoUploadsRequest(Request):
    """The portal takes no files. Flask-WTF would hand a file part to a text field (a 500), and
    Werkzeug leaks the temporary file of a part cut short, so a file part is refused on sight."""

    def _get_file_stream(self, *args, **kwargs):
        raise BadRequest()


def init_app(app: Flask) -> None:
    app.request_class = NoUploadsRequest

    config = app.config
    # Flask-WTF's own hook looks up the view's exemptions before the method, on every page
    # view; this one lets reading requests (GET, HEAD) straight through.
    config["WTF_CSRF_CHECK_DEFAULT"] = False

    @app.before_request
    def check_posted_forms() -> None:
        if request.method not in config["WTF_CSRF_METHODS"]:
            return
        if config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)
        # Flask-WTF reads a JSON body as form data and fails on anything but an object. Browsers
        # never send JSON from the portal's forms.
        if request.is_json:
            abort(400)

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        # One look at the few headers already set: asking Werkzeug for a missing header one by
        # one raises and catches an exception each time, which adds up on every request.
        present = {name.lower() for name, _value in headers}
        # Pages (error pages too) may show a person's answers or a staff member's name: never
        # keep them in a shared phone's cache or a proxy. Only static files are cacheable.
        page = not (request.endpoint or "").startswith("static")
        if present.isdisjoint(SET_BY_VIEWS):
            # Werkzeug checks each value it is given for line breaks; these constants were
            # checked once at import, so they join the header list as they are.
            headers._list.extend(PAGE_HEADERS if page else STATIC_HEADERS)
            return response
        added = list(FIXED_HEADERS)
        if "content-security-policy" not in present:
            added.append(("Content-Security-Policy", CSP))
        if page:
            if "cache-control" in present:
                headers["Cache-Control"] = "no-store"
            else:
                added.append(("Cache-Control", "no-store"))
        headers.extend(added)
        for banner in BANNERS:
            if banner.lower() in present:
                del headers[banner]
        return response
