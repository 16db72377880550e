"""Access to the loaded content library from the web layer."""

from __future__ import annotations

from flask import abort, current_app

from portal.rules import ContentLibrary
from portal.rules.model import Flow


def library() -> ContentLibrary:
    return current_app.extensions["content"]


def flow_or_404(country: str, pathway: str) -> Flow:
    flow = library().flow(country, pathway)
    if flow is None:
        abort(404)
    return flow
