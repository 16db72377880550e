"""Questions and outcomes as plain data in the person's language, for channels that are not an
HTML page: the JSON API and the text channel. The same texts the pages show (a content string
without a current translation is given in English, and says so with `lang`), without markup."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import gettext as _
from markupsafe import Markup

from portal.flows.forms import unanswered_message
from portal.flows.presenter import OutcomeView
from portal.i18n import content_translation
from portal.offices.hours import opening_hours
from portal.rules.model import Office, Question

TEXT_ONLY = "pending_badges"  # content_text() marks English without a visible badge


def text_only() -> None:
    """For this request: content strings without the HTML "translation pending" badge."""
    g.setdefault(TEXT_ONLY, False)


def plain(text: str | None) -> str:
    """A content string in the request's language, or its English when it has no current
    translation; no markup either way."""
    if not text:
        return ""
    translated = content_translation(text)
    return " ".join((translated if translated is not None else text).split())


def stripped(text: Any) -> str:
    """Text already made for a page (it may hold <span lang> or <bdi>), as plain text."""
    if not text:
        return ""
    return Markup.escape(text).striptags()  # escape() leaves Markup as it is


def translated(text: str | None) -> bool:
    return not text or content_translation(text) is not None


def option_label(option) -> str:
    return _(option.label) if option.ui_label else plain(option.label)


def question_data(question: Question) -> dict[str, Any]:
    """A question: its id and type, its texts, and its options with their ids. A country
    question lists only its extra answers ("I prefer not to say"): the answer is an ISO 3166
    code (GET /api/v1/countries lists them with their names)."""
    return {
        "id": question.id,
        "type": question.type,
        "text": plain(question.text),
        "hint": plain(question.hint) or None,
        "why_we_ask": plain(question.why_we_ask) or None,
        "translated": all(translated(t) for t in (question.text, question.hint)),
        "options": [
            {"id": o.value, "label": option_label(o), "hint": plain(o.hint) or None}
            for o in question.options
        ],
        "min": int(question.min) if question.min is not None else None,
        "max": int(question.max) if question.max is not None else None,
        "required_message": stripped(unanswered_message(question)),
    }


def office_data(office: Office) -> dict[str, Any]:
    return {
        "id": office.id,
        "name": plain(office.name),
        "city": office.city,
        "address": office.address,
        "hours": stripped(opening_hours(office)) or None,
        "phone": office.phone,
        "url": office.url,
        "note": plain(office.note) or None,
        "free": office.free,
        "languages": list(office.languages),
    }


def outcome_data(view: OutcomeView, offices: list[Office]) -> dict[str, Any]:
    """An outcome as the result page shows it: what it says, what to bring (conditions already
    resolved from the answers), the fees, where to go, and what it rests on."""
    review = view.flow.review
    return {
        "id": view.outcome.id,
        "kind": view.kind,
        "kind_label": view.kind_label,
        "headline": plain(view.title),
        "why": plain(view.why),
        "why_lead": stripped(view.why_lead) or None,
        "translated": all(translated(t) for t in (view.title, view.why)),
        "next_steps": [plain(step) for step in view.next_steps],
        "documents": [
            {"text": stripped(item["text"]), "detail": stripped(item["detail"]) or None}
            for item in view.checklist
        ],
        "fees": [
            {
                "name": stripped(fee["name"]),
                "amount": fee["amount"],
                "code": fee["code"],
                "exemption": stripped(fee["exemption"]) or None,
                "source_url": fee["source"].url,
            }
            for fee in view.fees
        ],
        "programme": programme_data(view.programme),
        "offices": [office_data(office) for office in offices],
        "sources": [
            {
                "title": stripped(source["title"]),
                "url": source["url"],
                "kind": source["kind"],
                "checked_on": source["checked_on"],
                "quote": source["quote"],
                "quote_lang": source["lang"],
            }
            for source in view.sources
        ],
        "evidence": {"level": view.evidence["level"], "checked": view.evidence["checked"]},
        "review": {
            "status": "reviewed" if review.in_force else "draft",
            "by": review.by if review.in_force else None,
            "on": review.on.isoformat() if review.in_force and review.on else None,
        },
        "last_reviewed": view.last_reviewed,
        "related": [{"pathway": r["id"], "title": stripped(r["title"])} for r in view.related],
    }


def programme_data(programme: dict[str, Any] | None) -> dict[str, Any] | None:
    if programme is None:
        return None
    keys = ("state", "opens", "closes")
    return {"name": plain(programme["name"]), **{key: programme[key] for key in keys}}
