"""Security headers on every kind of response, and bodies no form is built for refused cleanly
(portal/security.py)."""

from __future__ import annotations

import io
import re

import pytest
from flask import Response
from flask.testing import FlaskClient

from portal import create_app
from portal.extensions import db
from tests.helpers import BRAZIL, answer_all, create_staff, sign_in
from tests.helpers_i18n import tr

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

ANSWERS = {"nationality": "VE", "birth_date": "1990-05-04", "has_id": "expired",
           "parents_named": "yes", "criminal_record": "no", "can_pay": "no"}  # fmt: skip
FLOW = "/es/br/regularization"


def finished(client):
    answer_all(client, "es", BRAZIL, ANSWERS)
    return client


def signed_in(app, client, role="desk"):
    email = f"{role}@example.org"
    create_staff(app, email, role=role)
    assert sign_in(client, email).status_code == 302
    return client


# name: (how to get the response, expected status)
PAGES = {
    "home": (lambda app, c: c.get("/es/"), 200),
    "country": (lambda app, c: c.get("/es/br/"), 200),
    "offices": (lambda app, c: c.get("/es/br/offices?city=Manaus"), 200),
    "privacy": (lambda app, c: c.get("/es/privacy"), 200),
    "flow start": (lambda app, c: c.get(f"{FLOW}/"), 200),
    "question": (lambda app, c: c.get(f"{FLOW}/q/nationality"), 200),
    "refused answer": (lambda app, c: c.post(f"{FLOW}/q/nationality", data={"answer": "XX"}), 400),
    "check answers": (lambda app, c: finished(c).get(f"{FLOW}/check"), 200),
    "result": (lambda app, c: finished(c).get(f"{FLOW}/result"), 200),
    "saved code": (lambda app, c: finished(c).post(f"{FLOW}/save"), 200),
    "resume by code": (lambda app, c: c.get("/es/resume"), 200),
    "wrong code": (lambda app, c: c.post("/es/resume", data={"code": "K7M-4QX-2PD"}), 400),
    "deleted": (lambda app, c: c.post("/es/saved/delete", data={"code": "K7M-4QX-2PD"}), 400),
    "desk sign-in": (lambda app, c: c.get("/es/desk/sign-in"), 200),
    "desk": (lambda app, c: signed_in(app, c).get("/es/desk/"), 200),
    "desk audit": (lambda app, c: signed_in(app, c, "admin").get("/es/desk/audit"), 200),
    "checklist PDF": (lambda app, c: finished(c).get(f"{FLOW}/checklist.pdf"), 200),
    "400": (lambda app, c: c.get(f"{FLOW}/blank.pdf?second=zz"), 400),
    "404": (lambda app, c: c.get("/es/zz/nowhere/"), 404),
    "405": (lambda app, c: c.post(f"{FLOW}/check"), 405),
    "413": (lambda app, c: c.post(f"{FLOW}/q/nationality", data={"answer": "x" * 20_000}), 413),
    "quick exit": (lambda app, c: c.get("/exit"), 302),
    "health": (lambda app, c: c.get("/healthz"), 200),
    "stylesheet": (lambda app, c: c.get("/static/style.css"), 200),
}
# Pages that may show a person's answers, a code or a staff member's view.
PRIVATE = {"question", "refused answer", "check answers", "result", "saved code",
           "resume by code", "wrong code", "deleted", "desk sign-in", "desk", "desk audit",
           "checklist PDF"}  # fmt: skip


def directives(csp: str) -> dict[str, str]:
    return {
        part.strip().split()[0]: " ".join(part.strip().split()[1:])
        for part in csp.split(";")
        if part.strip()
    }


class HttpsClient(FlaskClient):
    """Every request over https://localhost, as browsers reach the portal."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", "https://localhost")
        return super().open(*args, **kwargs)


@pytest.fixture(scope="module")
def responses(make_database_uri):
    """Each page fetched once per module from one app over HTTPS; the tests below each check
    one rule."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "SQLALCHEMY_DATABASE_URI": make_database_uri(),
            "WTF_CSRF_ENABLED": False,
            "PDF_TIMEOUT_SECONDS": 120,  # the first render starts a worker; CI machines are slow
        }
    )
    app.test_client_class = HttpsClient
    with app.app_context():
        db.create_all()
    yield app, {}
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=sorted(PAGES))
def page(request, responses):
    app, fetched = responses
    if request.param not in fetched:
        response = PAGES[request.param][0](app, app.test_client())
        response.get_data()  # read a streamed file (the stylesheet) now, then close it
        response.close()
        fetched[request.param] = response
    response = fetched[request.param]
    assert response.status_code == PAGES[request.param][1], response.get_data(as_text=True)[:300]
    return request.param, response


def test_content_security_policy_allows_nothing_inline_and_no_framing(page):
    _, response = page
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-" not in csp  # no 'unsafe-inline', 'unsafe-eval' or 'unsafe-hashes'
    policy = directives(csp)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"  # for browsers without CSP level 2


def test_transport_sniffing_referrer_and_permissions_headers(page):
    _, response = page
    assert response.request.scheme == "https"
    hsts = response.headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000
    assert "includeSubDomains" in hsts
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # same-origin, not no-referrer: Flask-WTF's CSRF check over HTTPS needs a same-origin Referer
    assert response.headers["Referrer-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_no_version_banners(page):
    _, response = page
    assert "Server" not in response.headers
    assert "X-Powered-By" not in response.headers
    body = response.get_data()
    assert b"Werkzeug" not in body and b"gunicorn" not in body and b"Python/" not in body


def test_pages_with_answers_codes_or_staff_views_are_never_stored(page):
    name, response = page
    cache = response.headers.get("Cache-Control", "")
    if name in PRIVATE:
        assert cache == "no-store"
    if name == "stylesheet":
        assert "no-store" not in cache  # the one stylesheet may be cached on the phone


def test_html_pages_need_nothing_the_policy_blocks(page):
    _, response = page
    if response.mimetype != "text/html":
        return
    html = response.get_data(as_text=True)
    assert "<script" not in html and "<style" not in html
    assert not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)


FORM_POSTS = [f"{FLOW}/q/nationality", "/es/resume", "/es/saved/delete", "/es/desk/sign-in"]


@pytest.mark.parametrize("url", FORM_POSTS)
@pytest.mark.parametrize("document", [b"[1]", b'"VE"', b"7", b'{"answer": "VE"}'])
def test_json_bodies_are_a_clear_400_not_a_500(client, url, document):
    client.post(f"{FLOW}/restart")
    response = client.post(url, data=document, content_type="application/json")
    assert response.status_code == 400
    assert tr("es", "Something in the form was not right") in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "names"),
    [(f"{FLOW}/q/birth_date", ["day", "month", "year"]), ("/es/resume", ["code"]),
     ("/es/saved/delete", ["code"]), ("/es/desk/sign-in", ["email", "password"])],
)  # fmt: skip
def test_file_uploads_are_a_clear_400_not_a_500(client, url, names):
    client.post(f"{FLOW}/restart")
    client.post(f"{FLOW}/q/nationality", data={"answer": "VE"})
    data = {name: (io.BytesIO(b"1990"), "answer.txt") for name in names}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert tr("es", "Something in the form was not right") in response.get_data(as_text=True)
    # the earlier answer is still there: the next question opens, not the first one
    assert client.get(f"{FLOW}/q/birth_date").status_code == 200


@pytest.mark.parametrize("url", ["/es/", f"{FLOW}/q/nationality", "/es/zz/nowhere/", "/healthz"])
def test_hsts_only_over_https(client, url):
    """RFC 6797 §7.2: HSTS over plain HTTP is not allowed (and would be ignored)."""
    assert "Strict-Transport-Security" not in client.get(url).headers
    secure = client.get(url, base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    static = client.get("/static/style.css", base_url="https://localhost")
    static.close()
    assert "Strict-Transport-Security" in static.headers


VIEW_HEADERS = {
    "Content-Security-Policy": "default-src 'none'",
    "Cache-Control": "max-age=600",
    "X-Frame-Options": "SAMEORIGIN",
    "Strict-Transport-Security": "max-age=60",
    "Referrer-Policy": "no-referrer",
    "Server": "Werkzeug/3",
}


def test_a_header_the_view_sets_is_sent_once(app):
    app.add_url_rule("/own-headers", "own_headers", lambda: Response("x", headers=VIEW_HEADERS))
    response = app.test_client().get("/own-headers", base_url="https://localhost")
    for name in ["Content-Security-Policy", "X-Frame-Options", "Strict-Transport-Security",
                 "Referrer-Policy", "Cache-Control", "X-Content-Type-Options"]:  # fmt: skip
        assert len(response.headers.getlist(name)) == 1, name
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"  # the view's own
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Cache-Control"] == "no-store"  # a page is never stored, even so
    assert "Server" not in response.headers
    static = app.test_client().get("/static/style.css", base_url="https://localhost")
    static.close()
    assert len(static.headers.getlist("Cache-Control")) == 1
    assert "no-store" not in static.headers["Cache-Control"]


BAD_HOSTS = ["a..b", ".", "a" * 64 + ".example.org", "bad host", "", "localhost:99999", "<x>"]
HOST_CHECKED = [
    ("GET", "/es/"),
    ("GET", "/ar/"),
    ("GET", f"{FLOW}/"),
    ("GET", f"{FLOW}/q/nationality"),
    ("POST", f"{FLOW}/q/nationality"),
    ("GET", "/es/zz/nowhere/"),
    ("GET", "/zz/br/"),
    ("GET", "/healthz"),
    ("GET", "/static/style.css"),
]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize(("method", "url"), HOST_CHECKED)
def test_a_malformed_host_is_a_400_page_with_the_security_headers(csrf_app, host, method, url):
    """Werkzeug cannot route such a host, so Flask once had no URL adapter to build even the
    error page with: a bare 500 from gunicorn, without any of these headers."""
    response = csrf_app.test_client().open(
        url, method=method, headers={"Host": host}, data={"answer": "VE"}
    )
    assert response.status_code == 400
    assert directives(response.headers["Content-Security-Policy"])["default-src"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"
    html = response.get_data(as_text=True)
    lang = url.split("/")[1]
    if lang in ("es", "ar"):  # the page is in the URL's language
        assert f'<html lang="{lang}"' in html
        assert tr(lang, "Something in the form was not right") in html
    assert host not in html or host in ("", ".")


def test_a_malformed_host_changes_nothing(client):
    client.post(f"{FLOW}/restart")
    refused = client.post(f"{FLOW}/q/nationality", data={"answer": "VE"}, headers={"Host": "a..b"})
    assert refused.status_code == 400
    assert client.get(f"{FLOW}/q/birth_date").status_code == 302  # no answer was taken


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:8000", "[::1]:5000",
                                  "camino.example.org", "xn--caf-dma.example"])  # fmt: skip
def test_well_formed_hosts_are_answered_in_development_and_testing(client, host):
    assert client.get("/es/", headers={"Host": host}).status_code == 200
