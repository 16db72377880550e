"""Evidence and programmes in a flow file: sources with their kind, address, date checked and
quote; programmes that open and close. Parsed here and checked against the outcomes citing them.

    sources:
      pi19: {title: …, kind: law, url: …, checked_on: 2026-12-02, lang: pt, quote: "…"}
    programmes:
      pep_tutor: {name: …, basis: [pep_tutor], opens: …, closes: …, status: closed,
                  check_by: …, check_at: https://…}
"""

from __future__ import annotations

import datetime as dt

from portal.rules.errors import Reporter, did_you_mean
from portal.rules.fields import Fields
from portal.rules.model import PROGRAMME_STATUSES, SOURCE_KINDS, Flow, Programme, Source, Where

QUOTE_MAX = 300
STALE_SOURCE_DAYS = 183  # about six months
SOURCE_KEYS = {"title", "kind", "url", "checked_on", "lang", "quote", "note", "verified"}
PROGRAMME_KEYS = {"name", "basis", "opens", "closes", "status", "check_by", "check_at"}


def parse_sources(top: Fields, path: str, report: Reporter) -> dict[str, Source]:
    result = {}
    raw = top.mapping("sources")
    for sid, sraw in raw.items():
        f = Fields(sraw, path, report, f"source '{sid}'", SOURCE_KEYS, raw.line_of(sid))
        title = f.text("title")
        kind = f.word("kind", choices=SOURCE_KINDS)
        checked_on = f.date("checked_on")
        verified = f.boolean("verified") is not False
        url = f.word("url", required=verified)
        quote = f.text("quote", required=verified)
        lang = f.word("lang", required=quote is not None)
        note = f.text("note", required=not verified)
        if url and not url.startswith("https://") and not url.startswith("http://"):
            report.error(path, f.line_of("url"), f"source '{sid}': url must start with https://")
        if quote and len(quote) > QUOTE_MAX:
            message = f"source '{sid}': quote is {len(quote)} characters; keep it ≤ {QUOTE_MAX}"
            report.error(path, f.line_of("quote"), message)
        if title and kind:
            result[sid] = Source(
                sid, title, url, note, verified, Where(path, raw.line_of(sid)),
                kind=kind, checked_on=checked_on, quote=quote, lang=lang,
            )  # fmt: skip
    return result


def parse_programmes(top: Fields, path: str, report: Reporter) -> dict[str, Programme]:
    result = {}
    raw = top.mapping("programmes", required=False)
    for pid, praw in raw.items():
        line = raw.line_of(pid)
        f = Fields(praw, path, report, f"programme '{pid}'", PROGRAMME_KEYS, line)
        name, status = f.text("name"), f.word("status", choices=PROGRAMME_STATUSES)
        basis = f.words("basis", required=True)
        opens, closes = f.date("opens", required=False), f.date("closes", required=False)
        check_by = f.date("check_by", required=status in ("open", "unknown"))
        check_at = f.word("check_at")
        if status == "closed" and closes is None:
            report.error(path, line, f"programme '{pid}' is closed: say when ('closes')")
        if opens and closes and closes < opens:
            report.error(path, f.line_of("closes"), f"programme '{pid}' closes before it opens")
        if f.ok and not basis:
            report.error(path, line, f"programme '{pid}' needs its legal basis ('basis')")
        if name and status and check_at:
            result[pid] = Programme(
                pid, name, basis, opens, closes, status, check_by, check_at, Where(path, line)
            )
    return result


def check_evidence(flow: Flow, report: Reporter, today: dt.date) -> None:
    """Errors: unknown references, a "likely" outcome without a verified law or official
    source, an outcome on a programme without its closed text. Warnings: stale sources and
    programmes past the date by which they must be checked again."""
    path = flow.where.path
    for source in flow.sources.values():
        if source.checked_on and source.checked_on > today:
            message = f"source '{source.id}' is checked on {source.checked_on}, after {today}"
            report.warning(path, source.where.line, message)
        elif source.checked_on and (today - source.checked_on).days > STALE_SOURCE_DAYS:
            message = (
                f"source '{source.id}' was last checked on {source.checked_on}, over 6 months ago"
            )
            report.warning(path, source.where.line, message)
    for programme in flow.programmes.values():
        line = programme.where.line
        for sid in programme.basis:
            if sid not in flow.sources:
                message = f"programme '{programme.id}' cites unknown source '{sid}'"
                report.error(path, line, message + did_you_mean(sid, flow.sources))
        if programme.status != "closed" and programme.check_by and programme.check_by < today:
            message = (
                f"programme '{programme.id}' had to be checked again by {programme.check_by}: "
                "its outcomes now say it could not be confirmed open"
            )
            report.warning(path, line, message)
    for outcome in flow.outcomes.values():
        cited = [flow.sources[s] for s in outcome.sources if s in flow.sources]
        if len(cited) < len(outcome.sources):
            continue  # an unknown source is reported already (checks.py); no knock-on error
        if outcome.kind == "likely" and not any(s.authoritative for s in cited):
            message = (
                f"outcome '{outcome.id}' says 'likely' but cites no verified law or official source"
            )
            report.error(path, outcome.where.line, message)
        if outcome.programme is None:
            if outcome.if_closed is not None:
                message = f"outcome '{outcome.id}' has 'if_closed' but no 'programme'"
                report.error(path, outcome.where.line, message)
            continue
        if outcome.programme not in flow.programmes:
            message = f"outcome '{outcome.id}' rests on unknown programme '{outcome.programme}'"
            report.error(path, outcome.where.line, message)
        if outcome.if_closed is None:
            message = (
                f"outcome '{outcome.id}' rests on programme '{outcome.programme}': "
                "say what shows once it has closed ('if_closed')"
            )
            report.error(path, outcome.where.line, message)
        if outcome.valid_until is not None:
            message = f"outcome '{outcome.id}': use its programme's dates, not 'valid_until'"
            report.error(path, outcome.where.line, message)
