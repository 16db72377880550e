"""The dialogue's own behaviour: going back, several answers, a refused date in Spanish, a
country typed by name, starting again, a saved code that opens on the web, and `flask chat`."""

from __future__ import annotations

import re
from dataclasses import replace

from portal.chat.commands import chat
from portal.chat.render import LIMIT, question_text
from portal.conversation import steps
from tests.chat.conftest import Person, chat_context, menu_numbers, typed
from tests.helpers import LIBRARY
from tests.helpers_i18n import tr


def opened(app, locale: str, country: str, pathway: str) -> Person:
    person = Person()
    person.says("hola")
    for number in menu_numbers(locale, country, pathway):
        person.says(number)
    return person


def test_back_a_refused_date_and_start_again(app):
    with chat_context(app):
        person = opened(app, "es", "br", "regularization")
        assert "nacionalidad" in person.replies[-1]
        assert "Día Mes Año" in person.says("venezuela")
        assert person.conversation.answers == {"nationality": "VE"}
        refused = person.says("31 2 1990")
        assert refused.startswith(tr("es", "Enter a real date"))
        assert person.conversation.answers == {"nationality": "VE"}
        person.says("0")
        assert person.conversation.answers == {}
        assert "nacionalidad" in person.replies[-1]
        person.says("VE")
        person.says("BACK")
        assert person.conversation.answers == {}
        menu = person.says("start")
        assert tr("es", "Which country are you in now?") in menu
        assert person.state == {"stage": "country", "l": "es"}


def test_several_answers_and_a_country_typed_by_part_of_its_name(app):
    with chat_context(app):
        person = opened(app, "es", "br", "help_me_choose")
        person.says("1,3")
        needs = person.conversation.answers["needs"]
        question = LIBRARY.flows["all/help_me_choose"].questions["needs"]
        assert needs == [question.options[0].value, question.options[2].value]

        person = opened(app, "pt_BR", "br", "regularization")
        listed = person.says("guin")  # Guiné, Guiné-Bissau, Guiné Equatorial, …
        assert "Guiné-Bissau" in listed and "Guiné Equatorial" in listed
        names = re.findall(r"^(\d+)\. (.+)$", listed, re.M)
        number = next(n for n, name in names if name == "Guiné-Bissau")
        person.says(number)
        assert person.conversation.answers == {"nationality": "GW"}


def test_a_saved_code_opens_on_the_web(app):
    flow = LIBRARY.flow("BR", "regularization")
    scenario = flow.scenarios[0]
    with chat_context(app):
        app.config["TODAY"] = scenario.today
        person = opened(app, "es", "br", "regularization")
        person.says("Venezuela")
        while person.state["stage"] == "question":
            asked = steps.progress(person.conversation).next_question
            person.says(typed(flow.questions[asked], scenario.answers[asked], "es"))
        saved = person.says("1")
    code = re.search(r"^([A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3})$", saved, re.M).group(1)
    assert "http://localhost/es/resume" in saved
    assert tr("es", "A service desk can open them with this code too.") in saved
    response = app.test_client().post("/es/resume", data={"code": code})
    assert response.status_code == 302 and "/es/br/regularization/" in response.headers["Location"]


def test_a_long_question_loses_its_hint_never_an_option(app):
    flow = LIBRARY.flow("BR", "regularization")
    question = flow.questions["has_id"]
    long = replace(question, hint="word " * 400)
    with chat_context(app):
        text = question_text(long, "en")
    assert len(text) <= LIMIT
    assert all(f"{n}. " in text for n in range(1, len(question.options) + 1))


def test_flask_chat_reaches_an_outcome(app):
    flow = LIBRARY.flow("BR", "regularization")
    app.config["TODAY"] = flow.scenarios[0].today
    lines = ["Venezuela", "19 3 1987", "2", "1", "2", "2", "exit"]
    runner = app.test_cli_runner()
    result = runner.invoke(chat, ["--lang", "es", "--country", "br", "--pathway", "regularization"],
                           input="\n".join(lines) + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert tr("es", "What to do next") in result.output
    assert "WhatsApp" in result.output.splitlines()[-1]
