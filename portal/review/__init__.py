"""The review packet: one printable PDF per flow and language for a legal reviewer, with the
flow's diagram, every question and rule, every outcome with its sources, the scenarios, the
open points and a sign-off block (`flask content review-packet`, in commands.py).

This module holds what the others share: the languages a packet can be printed in, its file
name, and the Jinja environment that finds the packet's template. The package registers no
blueprint: its templates are found by an overlay of the app's own environment, which keeps the
app's globals (ct, format_day, gettext) and finds the checklists' shared print style too.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader

from portal.i18n import LOCALES, URL_FOR_LOCALE, own_name

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENVIRONMENT_KEY = "review_packet_jinja"


def language_codes() -> list[str]:
    """What --lang accepts: the URL codes (es, pt-BR, …) and the Babel locales (pt_BR)."""
    return sorted({*LOCALES, *LOCALES.values()})


def locale_for(code: str) -> str:
    """The Babel locale for a language code --lang accepts (pt-BR and pt_BR give pt_BR)."""
    if code in LOCALES:
        return LOCALES[code]
    if code in URL_FOR_LOCALE:
        return code
    raise ValueError(f"unknown language {code!r}; one of {', '.join(language_codes())}")


def file_name(flow_id: str, locale: str) -> str:
    """br/regularization in pt_BR: br-regularization.pt-BR.pdf."""
    return f"{flow_id.replace('/', '-')}.{URL_FOR_LOCALE[locale]}.pdf"


language_name = own_name


def template_environment(app: Flask) -> Environment:
    """The app's Jinja environment, also finding templates in this package; made once per app."""
    environment = app.extensions.get(ENVIRONMENT_KEY)
    if environment is None:
        loaders: list[BaseLoader] = [FileSystemLoader(TEMPLATES)]
        if app.jinja_env.loader is not None:
            loaders.append(app.jinja_env.loader)
        environment = app.jinja_env.overlay(loader=ChoiceLoader(loaders))
        app.extensions[ENVIRONMENT_KEY] = environment
    return environment
