"""`flask chat`: a conversation in the terminal through the same dialogue as WhatsApp and SMS,
its state in memory, so editors can try content as a chat user reads it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click
from flask import current_app, g
from flask.cli import with_appcontext

from portal.chat import dialogue
from portal.checklists.printing import public_address
from portal.conversation.describe import text_only
from portal.i18n import LOCALES, url_lang


@click.command("chat")
@click.option("--lang", type=click.Choice(list(LOCALES)), help="Language, e.g. es or pt-BR.")
@click.option("--country", help="Host country, e.g. br (needs --lang).")
@click.option("--pathway", help="Guide, e.g. regularization (needs --country).")
@with_appcontext
def chat(lang: str | None, country: str | None, pathway: str | None) -> None:
    """Talk to a guide as a WhatsApp or SMS user would: type a reply per line, "exit" or end
    of input (Ctrl-D) to stop. Nothing is stored but a code you ask for; statistics count
    the conversation under the chat channel."""
    with current_app.test_request_context("/chat/terminal"):
        g.channel = "chat"
        text_only()
        reply = _first(lang, country, pathway)
        click.echo(reply.text)
        state = reply.state
        for line in _lines():
            reply = dialogue.respond(state, line.rstrip("\n"), _resume)
            click.echo("")
            click.echo(reply.text)
            if reply.state is None:
                return
            state = reply.state


def _lines() -> Iterator[str]:
    """Lines typed at a "> " prompt, or read from a pipe or a file."""
    stream = sys.stdin
    if not stream.isatty():
        yield from stream
        return
    while True:
        try:
            yield input("> ")
        except EOFError:
            return


def _resume(locale: str) -> str:
    return public_address("saved.resume", lang=url_lang(locale))


def _first(lang: str | None, country: str | None, pathway: str | None) -> dialogue.Reply:
    """The first reply: the language menu, or as far into the menus as the options go."""
    if lang is None:
        return dialogue.respond(None, "", _resume)
    state: dict[str, Any] = {"stage": "language", "l": LOCALES[lang]}
    number = str(list(LOCALES.values()).index(LOCALES[lang]) + 1)
    reply = dialogue.respond(state, number, _resume)
    if country is None:
        return reply
    codes = [c.lower() for c in dialogue.host_countries()]
    if country.lower() not in codes:
        hint = f"no guides for {country}; try {', '.join(codes)}"
        raise click.BadParameter(hint, param_hint="--country")
    reply = dialogue.respond(reply.state, str(codes.index(country.lower()) + 1), _resume)
    if pathway is None:
        return reply
    known = [f.pathway for f in dialogue.guides(country.lower())]
    if pathway not in known:
        hint = f"no guide {pathway}; try {', '.join(known)}"
        raise click.BadParameter(hint, param_hint="--pathway")
    return dialogue.respond(reply.state, str(known.index(pathway) + 1), _resume)
