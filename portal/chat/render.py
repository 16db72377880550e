"""The text of each message: menus, a question with its numbered options, an outcome, a saved
code. Plain text in the request's language (flask_babel.force_locale), each within one message's
limit: a question too long loses its hint first, then its options' hints, never an option."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import pgettext

from portal.chat.typed import date_order
from portal.conversation.describe import option_label, plain, question_data, stripped
from portal.flows.presenter import OutcomeView, lead_of
from portal.formats import format_day
from portal.rules.model import Question

LIMIT = 1600  # characters in one WhatsApp message (and in one Twilio SMS reply)
ELLIPSIS = "…"
EXAMPLE = {"day": "27", "month": "3", "year": "2015"}
SAVE = 1  # at an outcome, the number that saves it under a code; related guides follow


def keyword(name: str) -> str:
    """A word a person types, in the current language ("back", "exit", "start")."""
    words = {
        # TRANSLATORS: a word a person types in WhatsApp or SMS to go back one question. One
        # short word, lower case, easy to type on a phone.
        "back": pgettext("typed word", "back"),
        # TRANSLATORS: a word a person types in WhatsApp or SMS to delete their conversation at
        # once (the quick exit). One short word, lower case, easy to type on a phone.
        "exit": pgettext("typed word", "exit"),
        # TRANSLATORS: a word a person types in WhatsApp or SMS to start again with another
        # guide. One short word, lower case, easy to type on a phone.
        "start": pgettext("typed word", "start"),
    }
    return words[name]


def numbered(lines: list[str], first: int = 1) -> list[str]:
    return [f"{n}. {line}" for n, line in enumerate(lines, start=first)]


def menu(title: str, lines: list[str], extra: list[str] | None = None) -> str:
    parts = [title, "", *numbered(lines)]
    if extra:
        parts += ["", *extra]
    return "\n".join(parts)


def privacy_note() -> str:
    # TRANSLATORS: sent once, when a person has chosen their language in WhatsApp or SMS.
    # Twilio is the company that carries the messages between the phone network and us.
    return _(
        "We never ask for your name. Your messages also pass through WhatsApp or your phone "
        "company, and through Twilio, which carries them to us: do not send names, document "
        "numbers or photos."
    )


def footer() -> str:
    # TRANSLATORS: under each question in WhatsApp or SMS. %(zero)s is 0, %(back)s and
    # %(exit)s are the words a person types to go back and to delete the conversation.
    return _(
        "%(zero)s or %(back)s: go back · %(exit)s: delete this conversation",
        zero="0", back=keyword("back"), exit=keyword("exit"),
    )  # fmt: skip


def how_to_answer(question: Question, locale: str) -> str:
    if question.type in ("choice", "yes_no"):
        # TRANSLATORS: under the numbered answers of a question in WhatsApp or SMS
        return _("Reply with the number of your answer.")
    if question.type == "multi":
        # TRANSLATORS: under the numbered answers of a question that takes several answers
        return _("Reply with the number of every answer that fits, for example: 1,3")
    if question.type == "country":
        # TRANSLATORS: a question asking for a country in WhatsApp or SMS
        return _("Type the name of the country.")
    if question.type == "number":
        return _("Enter a whole number, like 3")
    words = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    order = [p for p in date_order(locale) if question.type == "date" or p != "day"]
    # TRANSLATORS: how to type a date in WhatsApp or SMS. %(order)s is e.g. "Day Month Year"
    # (the words of the date boxes, in this language's order), %(example)s e.g. "27 3 2015".
    return _(
        "Type it in this order: %(order)s. For example: %(example)s",
        order=" ".join(words[p] for p in order), example=" ".join(EXAMPLE[p] for p in order),
    )  # fmt: skip


def cut(text: str, room: int) -> str:
    """`text` within `room` characters, cut at a word with an ellipsis; "" if none fits."""
    if len(text) <= room:
        return text
    if room <= len(ELLIPSIS):
        return ""
    kept = text[: room - len(ELLIPSIS)].rsplit(" ", 1)[0].rstrip(" ,;:")
    return kept + ELLIPSIS if kept else ""


def question_text(question: Question, locale: str, note: str = "") -> str:
    """The question, its hint, its numbered options (a country question's: only its "I prefer
    not to say"), how to answer and how to go back; `note` (why the last answer was refused)
    first."""
    data = question_data(question)
    hint = data["hint"] or ""
    labels = [o["label"] for o in data["options"]]
    option_hints = [o["hint"] or "" for o in data["options"]]

    def build(hint: str, option_hints: list[str]) -> str:
        head = [note, ""] if note else []
        head += [data["text"], *([hint] if hint else []), ""]
        pairs = zip(labels, option_hints, strict=True)
        options = [f"{label} ({h})" if h else label for label, h in pairs]
        tail = [*numbered(options), *([""] if options else []), how_to_answer(question, locale)]
        return "\n".join([*head, *tail, footer()])

    text = build(hint, option_hints)
    if len(text) > LIMIT:
        hint = cut(hint, len(hint) - (len(text) - LIMIT))
        text = build(hint, option_hints)
    longest = max((len(h) for h in option_hints), default=0)
    while len(text) > LIMIT and longest > 0:
        longest -= max(1, (len(text) - LIMIT) // max(1, sum(1 for h in option_hints if h)))
        option_hints = [cut(h, longest) for h in option_hints]
        text = build(hint, option_hints)
    return text


def countries_to_pick(names: list[str], locale: str) -> str:
    # TRANSLATORS: in WhatsApp or SMS, when the country a person typed fits several countries
    title = _("Several countries fit. Which one?")
    return menu(title, names, [_("Reply with the number of your answer."), footer()])


def outcome_text(view: OutcomeView, related: list[str]) -> str:
    """Kind and headline, the why in a sentence, what to do next, then what the person can
    reply: a number for a code, one for each related guide, "start", "exit"."""
    why = stripped(view.why_lead) if view.why_lead else plain(view.why)
    why = lead_of(why) or why
    offer = [
        # TRANSLATORS: at the end of a result in WhatsApp or SMS. Nothing is stored beyond the
        # conversation (2 hours) unless the person asks for a code.
        _(
            "%(number)s. Get a code to see this result again on the web or at a service desk. "
            "Without a code, nothing is kept after this conversation.",
            number=SAVE,
        ),
        *numbered(related, first=SAVE + 1),
        "",
        # TRANSLATORS: at the end of a result in WhatsApp or SMS. %(start)s and %(exit)s are the
        # words a person types to start another guide and to delete the conversation.
        _(
            "%(start)s: another guide · %(exit)s: delete this conversation",
            start=keyword("start"), exit=keyword("exit"),
        ),
    ]  # fmt: skip
    steps = [f"• {plain(step)}" for step in view.next_steps]
    head = [f"{view.kind_label}: {plain(view.title)}"]

    def build(why: str, steps: list[str]) -> str:
        middle = ["", why] if why else []
        if steps:
            middle += ["", _("What to do next"), *steps]
        return "\n".join([*head, *middle, "", *offer])

    text = build(why, steps)
    while len(text) > LIMIT and steps:
        steps = steps[:-1]
        text = build(why, [*steps, ELLIPSIS] if steps else [])
    if len(text) > LIMIT:
        text = build(cut(why, len(why) - (len(text) - LIMIT)), [])
    return text


def saved_text(code: str, expires: dt.datetime, address: str) -> str:
    """The code, where to open it, that a desk can too, and until when: the web's own words."""
    return "\n".join([
        _("Your answers are saved"),
        "",
        _("Your code is:"),
        code,
        "",
        _("To open your answers, go to this address and type the code:"),
        address,
        "",
        _("A service desk can open them with this code too."),
        _("It works until %(date)s.", date=format_day(expires.date())),
        _("Anyone who has the code can see your answers. Keep it safe."),
    ])  # fmt: skip


def exit_text() -> str:
    # TRANSLATORS: the reply to "exit" in WhatsApp or SMS: the portal deleted the conversation at
    # once, but the messages stay in the chat app until the person deletes them there.
    return _(
        "This conversation is deleted from our service. To remove it from this phone too, "
        "delete the chat in WhatsApp or in your messages app."
    )


def option_labels(question: Question) -> list[str]:
    return [option_label(o) for o in question.options]
