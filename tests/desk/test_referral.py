"""The referral slip (issue 16 §3): printed at a desk for the outcome on screen, to one of its
offices, with the outcome's headline as the reason, the date and optionally the saved code, in
the person's language and the office's."""

from __future__ import annotations

import re

import pytest

from tests.helpers import (
    BRAZIL,
    BRAZIL_ANSWERS,
    LIBRARY,
    answer_all,
    create_staff,
    pdf_text,
    saved_code,
    sign_in,
)
from tests.helpers_i18n import LOCALES, tr

pytestmark = pytest.mark.content_only
URL = "/{lang}/desk/referral/br/regularization"


def desk_result(app, client, lang: str = "es") -> str:
    create_staff(app)
    sign_in(client)
    answer_all(client, lang, BRAZIL, BRAZIL_ANSWERS)
    return client.get(f"/{lang}/br/regularization/result").get_data(as_text=True)


def first_office(html: str) -> str:
    return re.search(r'<select[^>]*id="referral-office"[^>]*>\s*<option value="([^"]+)"', html)[1]


@pytest.mark.parametrize("lang", ["es", "pt-BR"])
def test_the_slip_names_the_office_the_reason_and_the_date_in_both_languages(app, client, lang):
    html = desk_result(app, client, lang)
    assert "referral-office" in html
    office = first_office(html)
    response = client.post(URL.format(lang=lang), data={"office": office, "code": ""})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    title = BRAZIL.outcomes["likely"].title
    locale = LOCALES[lang]
    assert " ".join(tr(locale, title, "content").split()) in text  # the reason, person's language
    assert " ".join(tr("pt_BR", title, "content").split()) in text  # and the office's
    assert tr(locale, "Referral") in text and tr("pt_BR", "Referral") in text
    name = LIBRARY.offices[office].name
    assert " ".join(tr("pt_BR", name, "content").split())[:30] in text


def test_the_code_is_printed_only_when_given_and_must_exist(app, client):
    code = saved_code(app)
    office = first_office(desk_result(app, client))
    without = pdf_text(client.post(URL.format(lang="es"), data={"office": office}).data)
    assert code not in without
    given = client.post(URL.format(lang="es"), data={"office": office, "code": code.lower()})
    assert code in pdf_text(given.data)
    wrong = client.post(URL.format(lang="es"), data={"office": office, "code": "AAA-AAA-AAA"})
    assert wrong.status_code == 400 and wrong.mimetype != "application/pdf"


def test_only_the_outcomes_offices_and_only_at_a_desk(app, client):
    desk_result(app, client)
    assert client.post(URL.format(lang="es"), data={"office": "no-such-office"}).status_code == 400
    person = app.test_client()
    answer_all(person, "es", BRAZIL, BRAZIL_ANSWERS)
    page = person.get("/es/br/regularization/result").get_data(as_text=True)
    assert "referral-office" not in page
    refused = person.post(URL.format(lang="es"), data={"office": "x"})
    assert refused.status_code == 302 and "/desk/sign-in" in refused.headers["Location"]
