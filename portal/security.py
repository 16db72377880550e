"""Security headers, set in a plain after_request (cheaper than Flask-Talisman); the refusal of
request bodies that no form of the portal is built for; and of Host headers the portal does not
answer to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request, Response, abort, g, request
from werkzeug.exceptions import BadRequest
from werkzeug.wsgi import host_is_trusted

from portal.config import InsecureConfiguration
from portal.extensions import csrf
from portal.i18n import LOCALES

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
EVERY_RESPONSE = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Content-Security-Policy", CSP),
)
# RFC 6797 §7.2: a server must not send HSTS over plain HTTP.
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
# Pages (error pages too) may show a person's answers or a staff member's name: never kept in a
# shared phone's cache or a proxy. Only static files are cacheable.
NO_STORE = ("Cache-Control", "no-store")


def _headers(page: bool, https: bool) -> tuple[tuple[str, str, str], ...]:
    """What a response gets, as (name, value, name in lower case)."""
    chosen = EVERY_RESPONSE + ((HSTS,) if https else ()) + ((NO_STORE,) if page else ())
    return tuple((name, value, name.lower()) for name, value in chosen)


HEADERS = {
    (page, https): _headers(page, https) for page in (False, True) for https in (False, True)
}
BANNERS = frozenset({"server", "x-powered-by"})
REVISED = BANNERS | {"cache-control"}  # a view's value is removed or, on pages, replaced

BAD_HOST = "camino.bad_host"
HEALTH_CHECK = "/healthz"


class NoUploadsRequest(Request):
    """The portal takes no files. Flask-WTF would hand a file part to a text field (a 500), and
    Werkzeug leaks the temporary file of a part cut short, so a file part is refused on sight."""

    def _get_file_stream(self, *args, **kwargs):
        raise BadRequest()


def trusted_hosts(config: Any) -> list[str] | None:
    """TRUSTED_HOSTS (a list, or one string of names separated by commas or spaces) with
    PUBLIC_URL's host first, IDNA-encoded. None (any well-formed host) in development and
    testing when TRUSTED_HOSTS is unset; in production PUBLIC_URL is required (config.py)."""
    extra = config.get("TRUSTED_HOSTS") or []
    hosts = extra.replace(",", " ").split() if isinstance(extra, str) else list(extra)
    public = urlsplit(str(config.get("PUBLIC_URL") or "")).hostname
    if public and (hosts or config.get("ENV_NAME") == "production"):
        hosts.insert(0, public)
    trusted = []
    for host in hosts:
        name = str(host).strip().lower()
        dot = "." if name.startswith(".") else ""  # ".example.org": every subdomain too
        try:
            encoded = name.removeprefix(dot).encode("idna").decode("ascii")
        except UnicodeError:
            encoded = ""
        if not host_is_trusted(encoded, None):
            raise InsecureConfiguration(
                f"Refusing to start: TRUSTED_HOSTS holds {host!r}, which is not a host name."
            )
        trusted.append(dot + encoded)
    return list(dict.fromkeys(trusted)) or None


class HostCheck:
    """WSGI middleware for Host headers Flask cannot start a request with: malformed (`a..b`,
    `.`, a label over 63 characters, characters no host has) or, with TRUSTED_HOSTS, foreign.
    Flask would start the request without a URL adapter, so even the error page could not be
    built and the server sent a bare 500 without security headers. Such a request goes on with
    a host that works, marked for `refuse_bad_host` to answer with a 400 page.

    Load balancers and orchestrators check /healthz by the server's own address, and HTTP/1.0
    checks send no Host at all: both are answered (the check's answer names no host)."""

    def __init__(self, app: Flask, wsgi_app: Any) -> None:
        self.config = app.config
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        trusted = self.config["TRUSTED_HOSTS"]
        if (host is None and not trusted) or (host is not None and usable(host, trusted)):
            return self.wsgi_app(environ, start_response)
        health = environ.get("PATH_INFO") == HEALTH_CHECK
        refused = host is not None and not (health and usable(host, None))
        environ = {**environ, "HTTP_HOST": trusted[0].lstrip(".") if trusted else "localhost"}
        if refused:
            environ[BAD_HOST] = True
        return self.wsgi_app(environ, start_response)


def usable(host: str, trusted: list[str] | None) -> bool:
    """What Werkzeug checks when Flask binds the URL map to a request, without raising."""
    if not host_is_trusted(host, trusted):  # characters, port, and the trusted list
        return False
    try:
        host.lower().partition(":")[0].encode("idna")
    except UnicodeError:
        return False
    return True


# Called by machines, not browsers: the JSON API (a partner's key, portal/api) and Twilio's
# webhook (its request signature, portal/chat). Neither reads or sets the session cookie.
MACHINE_BLUEPRINTS = frozenset({"api", "chat"})


def init_app(app: Flask) -> None:
    app.request_class = NoUploadsRequest
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.wsgi_app = HostCheck(app, app.wsgi_app)  # type: ignore[method-assign]  # Flask's documented middleware hook

    config = app.config
    # Flask-WTF's own hook looks up the view's exemptions before the method, on every page
    # view; this one lets reading requests (GET, HEAD) straight through.
    config["WTF_CSRF_CHECK_DEFAULT"] = False

    # A URL value preprocessor runs before every before_request hook (the CSRF check too) and
    # before the one that takes the language out of the URL, so it does that itself.
    @app.url_value_preprocessor
    def refuse_bad_host(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if BAD_HOST in request.environ:
            lang = values.pop("lang", None) if values else None
            if lang in LOCALES:
                g.locale = LOCALES[lang]
            abort(400)

    @app.before_request
    def check_posted_forms() -> None:
        if request.method not in config["WTF_CSRF_METHODS"]:
            return
        if request.blueprint in MACHINE_BLUEPRINTS:
            return  # no browser, so no cookie to forge requests with: each checks its caller
        if config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)
        # Flask-WTF reads a JSON body as form data and fails on anything but an object. Browsers
        # never send JSON from the portal's forms.
        if request.is_json:
            abort(400)

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        page = not (request.endpoint or "").startswith("static")
        # One look at the few headers already set: asking Werkzeug for a missing header one by
        # one raises and catches an exception each time, which adds up on every request.
        present = {name.lower() for name, _value in headers}
        add = headers.add
        for name, value, key in HEADERS[page, request.is_secure]:
            if key not in present:  # a header the view set is kept, and not sent twice
                add(name, value)
        if not present.isdisjoint(REVISED):
            if page and "cache-control" in present:
                headers.set(*NO_STORE)
            for banner in BANNERS & present:
                headers.remove(banner)
        return response
