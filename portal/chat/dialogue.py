"""The text channel's conversation, one message in and one reply out, free of any channel: the
webhook (views.py) keeps its state in the database, `flask chat` (commands.py) in memory.

Stages: a language menu (each language in its own name), a menu of the host countries that
have guides, a menu of the country's guides (and the help-me-choose questions), the questions
one per message, then the outcome, which offers a save-by-code code and the related guides.
"0" or the word for back goes back one step; "exit" ends the conversation (the caller deletes
it); "start" goes back to the country menu, keeping the language (the person changes it with
"0" there). The keywords are read in English and in the conversation's language.

Needs an app context (a request context for the webhook); statistics count under g.channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.chat import render, typed
from portal.content import library
from portal.conversation import steps
from portal.conversation.describe import plain, stripped
from portal.conversation.state import Conversation
from portal.formats import country_name
from portal.i18n import LOCALES, own_name
from portal.rules.model import Flow, Question

LANGUAGES = list(LOCALES.values())
KEYWORDS = ("back", "exit", "start")
STAGES = ("language", "country", "pathway", "question", "outcome")


@dataclass
class Reply:
    text: str
    state: dict[str, Any] | None  # None: the conversation is over, forget it at once


# Where the saved code opens, for a locale: given by the caller (it knows the portal's address).
ResumeAddress = Callable[[str], str]


def respond(state: dict[str, Any] | None, message: str, resume: ResumeAddress) -> Reply:
    """The reply to one message, and the state to keep until the next. `state` None (or not
    ours) starts a new conversation with the language menu, whatever the message says."""
    if not isinstance(state, dict) or state.get("stage") not in STAGES:
        with force_locale("en"):
            if _keyword(message) == "exit":
                return Reply(render.exit_text(), None)
            return Reply(_language_menu(), {"stage": "language"})
    locale = state.get("l")
    if locale not in LANGUAGES:  # the language menu: its keywords are English
        state, locale = {"stage": "language"}, "en"
    with force_locale(locale):
        return _Turn(dict(state), str(locale), resume).answer(message)


def _keyword(message: str) -> str | None:
    word = typed.folded(message)
    for name in KEYWORDS:
        if word in (name, typed.folded(render.keyword(name))):
            return name
    return None


def _language_menu() -> str:
    return render.menu("Camino", [own_name(code) for code in LANGUAGES])


def host_countries() -> list[str]:
    """The host countries that have guides, in the order of countries.yaml (the home page's)."""
    return [code for code in library().countries if library().flows_in(code)]


def guides(country: str) -> list[Flow]:
    """The country's guides as its page lists them, then the help-me-choose questions."""
    found = list(library().flows_in(country))
    for pathway in library().pathways.values():
        triage = library().flow(country.lower(), pathway.id) if pathway.kind == "triage" else None
        if triage is not None:
            found.append(triage)
    return found


class _Turn:
    def __init__(self, state: dict[str, Any], locale: str, resume: ResumeAddress) -> None:
        self.state = state
        self.locale = locale
        self.resume = resume

    def keep(self, text: str, **changes: Any) -> Reply:
        self.state.update(changes)
        return Reply(text, self.state)

    @property
    def conversation(self) -> Conversation | None:
        data = self.state.get("conv")
        return Conversation.from_dict(data) if isinstance(data, dict) else None

    def answer(self, message: str) -> Reply:
        word = _keyword(message)
        if word == "exit":
            return Reply(render.exit_text(), None)
        if word == "start":
            return self.country_menu()
        stage = self.state.get("stage")
        conversation = self.conversation
        if stage in ("question", "outcome") and conversation is not None:
            return self.in_flow(conversation, message, word == "back")
        going_back = word == "back" or message.strip() == "0"
        if stage == "pathway" and isinstance(self.state.get("c"), str):
            return self.country_menu() if going_back else self.pick_guide(message)
        if stage == "country" and not going_back:
            return self.pick_country(message)
        if stage == "language" and not going_back:
            return self.pick_language(message)
        return Reply(_language_menu(), {"stage": "language"})

    def pick_language(self, message: str) -> Reply:
        picked = typed.number(message)
        if picked is None or not 1 <= picked <= len(LANGUAGES):
            return Reply(_language_menu(), {"stage": "language"})
        self.locale = LANGUAGES[picked - 1]
        with force_locale(self.locale):
            return self.country_menu(render.privacy_note())

    def country_menu(self, note: str = "") -> Reply:
        names = [country_name(code) for code in host_countries()]
        title = _("Which country are you in now?")
        text = render.menu(
            title, names, [_("Reply with the number of your answer."), render.footer()]
        )
        return Reply(
            "\n\n".join(filter(None, [note, text])), {"stage": "country", "l": self.locale}
        )

    def pick_country(self, message: str) -> Reply:
        countries = host_countries()
        picked = typed.number(message)
        if picked is None or not 1 <= picked <= len(countries):
            return self.country_menu(str(_("Select one of the options shown")))
        return self.guide_menu(countries[picked - 1].lower())

    def guide_menu(self, country: str, note: str = "") -> Reply:
        flows = guides(country)
        titles = [plain(library().pathways[f.pathway].title) for f in flows]
        ordinary = len(library().flows_in(country))
        text = render.menu(_("What do you want to do?"), titles[:ordinary])
        if len(titles) > ordinary:  # help me choose, under its own heading as on the web
            triage = render.numbered(titles[ordinary:], first=ordinary + 1)
            text = "\n".join([text, "", _("Not sure?"), *triage])
        text = "\n".join([text, "", _("Reply with the number of your answer."), render.footer()])
        state = {"stage": "pathway", "l": self.locale, "c": country}
        return Reply("\n\n".join(filter(None, [note, text])), state)

    def pick_guide(self, message: str) -> Reply:
        country = str(self.state["c"])
        flows = guides(country)
        picked = typed.number(message)
        if picked is None or not 1 <= picked <= len(flows):
            return self.guide_menu(country, str(_("Select one of the options shown")))
        return self.start_guide(country, flows[picked - 1].pathway)

    def start_guide(self, country: str, pathway: str) -> Reply:
        conversation = steps.begin(country, pathway, self.locale)
        if conversation is None:  # the content changed since the menu was sent
            return self.guide_menu(country)
        return self.next_step(conversation)

    def next_step(self, conversation: Conversation, note: str = "") -> Reply:
        """The next question on the path, or the outcome once every one is answered."""
        walk = steps.progress(conversation)
        self.state = {"l": self.locale, "c": conversation.country, "conv": conversation.to_dict()}
        if walk.next_question is None:
            view = steps.outcome(conversation)
            assert view is not None  # no next question: the walk reached an outcome
            related = [str(stripped(r["title"])) for r in self.related(view.related)]
            self.state["conv"] = conversation.to_dict()  # outcome() marked the tally
            return self.keep(render.outcome_text(view, related), stage="outcome")
        question = conversation.flow.questions[walk.next_question]
        return self.keep(render.question_text(question, self.locale, note), stage="question")

    @staticmethod
    def related(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for item in items if item["flow"] is not None]

    def in_flow(self, conversation: Conversation, message: str, back: bool) -> Reply:
        walk = steps.progress(conversation)
        question = conversation.flow.questions.get(walk.next_question or "")
        zero_answers = question is not None and question.type == "number" and _takes_zero(question)
        if back or (message.strip() == "0" and not zero_answers):
            if not walk.path:
                return self.guide_menu(conversation.country)
            steps.back(conversation)
            return self.next_step(conversation)
        if question is None:
            return self.after_outcome(conversation, message)
        return self.take_answer(conversation, question, message)

    def take_answer(self, conversation: Conversation, question: Question, message: str) -> Reply:
        if question.type == "country":
            fields = self.country_fields(question, message)
            if isinstance(fields, Reply):
                return fields
        else:
            fields = _fields(question, message, self.locale)
        rejected = steps.answer(conversation, question.id, fields)
        if rejected is not None:
            note = "\n".join(rejected.messages)
            return self.next_step(conversation, note)
        return self.next_step(conversation)

    def country_fields(self, question: Question, message: str) -> MultiDict | Reply:
        """A pick from the countries listed last time, a "prefer not to say" number, or a name
        typed: one country fits, or several are listed to pick from."""
        listed = [c for c in self.state.pop("pick", None) or [] if isinstance(c, str)]
        picked = typed.number(message)
        if picked is not None and listed:
            chosen = listed[picked - 1] if 1 <= picked <= len(listed) else typed.REFUSED
            return MultiDict({"answer": chosen})
        if picked is not None:
            return typed.choice_fields(question, message)
        matches = typed.countries_matching(message, self.locale)
        if 1 < len(matches) <= typed.MANY:
            names = typed.country_names(matches, self.locale)
            listed = sorted(matches, key=lambda code: typed.folded(names[code]))
            text = render.countries_to_pick([names[c] for c in listed], self.locale)
            return self.keep(text, pick=listed)
        answer = matches[0] if len(matches) == 1 else (typed.REFUSED if message.strip() else "")
        return MultiDict({"answer": answer})

    def after_outcome(self, conversation: Conversation, message: str) -> Reply:
        view = steps.outcome(conversation)
        assert view is not None
        related = self.related(view.related)
        picked = typed.number(message)
        if picked == render.SAVE:
            code, expires = steps.save(conversation, "chat")
            address = self.resume(self.locale)
            return self.keep(render.saved_text(code, expires, address))
        if picked is not None and 1 <= picked - render.SAVE <= len(related):
            return self.start_guide(conversation.country, related[picked - render.SAVE - 1]["id"])
        return self.next_step(conversation)


def _takes_zero(question: Question) -> bool:
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 1000
    return low <= 0 <= high


def _fields(question: Question, message: str, locale: str) -> MultiDict:
    if question.type in ("choice", "yes_no"):
        return typed.choice_fields(question, message)
    if question.type == "multi":
        return typed.multi_fields(question, message)
    if question.type in ("date", "month_year"):
        return typed.date_fields(question, message, locale)
    return MultiDict({"answer": message.strip()})
