"""The tear-off slip with a saved code: printed only when the person asks, by a post from the
page shown after saving (the code a hidden field, never in an address); it holds the code, its
expiry, where to open it and how to delete it; a wrong code gets a 400 page and no PDF; the code
is in no header, no log record and no cache."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from flask_babel import force_locale
from pypdf import PdfReader
from sqlalchemy import select

from portal.checklists.pdf import renderer_for
from portal.extensions import db
from portal.formats import format_day
from portal.models import SavedResult
from tests.helpers import (
    BRAZIL,
    BRAZIL_ANSWERS,
    SAVED_CODE,
    answer_all,
    app_on,
    pdf_pages,
    save_by_code,
)
from tests.helpers_i18n import catalog

WRONG = "We could not find answers with that code. Check it, or it may have expired."


def pdf_text(data: bytes) -> tuple[int, str]:
    pages = pdf_pages(data)
    return len(pages), " ".join(" ".join(text.split()) for text in pages)


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text)  # pdf text may break a line anywhere


def said(locale: str, msgid: str) -> str:
    return catalog(locale, "messages").get(msgid, msgid)


def expiry(app, locale: str) -> str:
    with app.test_request_context(), force_locale(locale):
        record = db.session.scalar(select(SavedResult))
        return format_day(record.expires_at.date())


@pytest.fixture
def public_app(database_uri):
    yield from app_on(database_uri, TESTING=True, WTF_CSRF_ENABLED=False,
                      PUBLIC_URL="https://camino.example.org")  # fmt: skip


@pytest.mark.parametrize(("lang", "locale"), [("es", "es"), ("pt-BR", "pt_BR"), ("ar", "ar")])
def test_the_slip_holds_the_code_its_expiry_and_how_to_open_and_delete_it(public_app, lang,
                                                                          locale):  # fmt: skip
    client = public_app.test_client()
    code = save_by_code(client, lang)
    response = client.post(f"/{lang}/saved/slip.pdf", data={"code": code})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="camino-saved-code.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    pages, text = pdf_text(response.data)
    assert pages == 1
    assert code in text
    assert f"https://camino.example.org/{lang}/resume" in text
    if locale == "ar":
        return  # right to left: pypdf gives the words out of order; the code and link are whole
    assert expiry(public_app, locale) in text
    for msgid in [
        "Anyone who has the code can see your answers. Keep it safe.",
        "Delete these answers now",
    ]:
        assert squeeze(said(locale, msgid)) in squeeze(text), msgid


def test_the_slip_is_on_the_countrys_paper(client):
    code = save_by_code(client)  # answers about Brazil: A4
    data = client.post("/es/saved/slip.pdf", data={"code": code}).data
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_saved_page_offers_the_slip_by_post_with_the_code_hidden(client):
    answer_all(client, "es", BRAZIL, BRAZIL_ANSWERS)
    html = client.post("/es/br/regularization/save").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/es/saved/slip.pdf">(.*?)</form>', html, re.S)
    assert form, "no slip form"
    assert 'name="csrf_token"' in form.group(1)
    code = SAVED_CODE.search(html).group(1)
    assert f'<input type="hidden" name="code" value="{code}">' in form.group(1)
    assert said("es", "Print a slip with this code (PDF)") in form.group(1)


def test_a_slip_without_the_csrf_token_is_refused(csrf_app):
    response = csrf_app.test_client().post("/es/saved/slip.pdf", data={"code": "K7M-4QX-2PD"})
    assert response.status_code == 400 and response.mimetype == "text/html"


@pytest.mark.parametrize("typed", ["K7M-4QX-2PD", "", "not a code", "💥" * 50])
def test_a_wrong_code_gets_a_400_page_and_no_pdf(client, typed):
    response = client.post("/es/saved/slip.pdf", data={"code": typed})
    assert response.status_code == 400
    assert response.mimetype == "text/html" and "Content-Disposition" not in response.headers
    assert said("es", WRONG) in response.get_data(as_text=True)


def test_an_expired_or_deleted_code_gets_no_slip(client):
    code = save_by_code(client)
    assert client.post("/es/saved/delete", data={"code": code}).status_code == 200
    assert client.post("/es/saved/slip.pdf", data={"code": code}).status_code == 400


def test_the_slip_is_only_posted_and_never_reads_the_code_from_the_address(client):
    code = save_by_code(client)
    for url in ["/es/saved/slip.pdf", f"/es/saved/slip.pdf?code={code}"]:
        # No GET route: the address falls to the flows' /<lang>/<country>/<pathway>/ (a slash
        # redirect, as /es/saved/delete does), which ends in a 404 page, never a PDF.
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 404 and response.mimetype == "text/html"
    assert client.post(f"/es/saved/slip.pdf?code={code}").status_code == 400


def test_the_slip_spends_the_code_lookup_budget(client):
    for _ in range(5):
        assert client.post("/es/resume", data={"code": "AAA-AAA-AAA"}).status_code == 400
    for _ in range(5):
        assert client.post("/es/saved/slip.pdf", data={"code": "AAA-AAA-AAA"}).status_code == 400
    assert client.post("/es/saved/slip.pdf", data={"code": "AAA-AAA-AAA"}).status_code == 429
    assert client.post("/es/resume", data={"code": "AAA-AAA-AAA"}).status_code == 429


def test_the_code_is_in_no_header_log_record_cookie_or_cache(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            caplog.set_level(logging.DEBUG, logger=name)
    code = save_by_code(client)
    renderer = renderer_for(Path(app.static_folder or "static"), app.config)
    before = renderer.renders
    for _ in range(2):
        response = client.post("/es/saved/slip.pdf", data={"code": code})
        assert response.status_code == 200
        for value in (*response.headers.values(), client.get_cookie("camino").value or ""):
            assert code not in value and code.replace("-", "") not in value
    assert renderer.renders == before + 2  # rendered afresh each time: never kept in the cache
    logged = caplog.text + " ".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert code not in logged and code.replace("-", "") not in logged
