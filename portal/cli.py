"""Command-line tools for editors: `flask content check`, `sources`, `due`, `sign-off`,
`extract`, `graph`."""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from portal import clock
from portal.rules import ContentError, load_library
from portal.rules.due import due_items
from portal.rules.errors import Reporter
from portal.rules.extract import content_strings, write_pot
from portal.rules.graph import to_dot, to_mermaid
from portal.rules.languages import required_flows, required_strings
from portal.rules.library import check_scenarios
from portal.rules.review import sign_off as write_sign_off
from portal.rules.scenarios import run_scenarios
from portal.rules.source_report import source_report

content_cli = AppGroup("content", help="Check and extract the content in content/.")


@content_cli.command("check")
@click.argument("flow_id", required=False)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Check as of this date.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Content folder.")
def check(flow_id, today, directory):
    """Validate all content (or only FLOW_ID's file, e.g. br/regularization) and run the
    scenarios; exit non-zero on any error."""
    root = Path(directory or current_app.config["CONTENT_DIR"])
    when = today.date() if today else clock.today()
    if flow_id:
        sys.exit(_check_one(root, flow_id, when))
    try:
        library = load_library(root, today=when)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} error(s) in content.", err=True)
        sys.exit(1)
    for problem in library.problems:
        click.echo(str(problem))
    scenarios = sum(len(run_scenarios(flow, when)) for flow in library.flows.values())
    click.echo(
        f"OK: {len(library.flows)} flows, {len(library.offices)} offices, "
        f"{scenarios} scenarios passed, {len(library.problems)} warning(s)."
    )


def _check_one(root: Path, flow_id: str, when: dt.date) -> int:
    """One flow's own errors and warnings (those in its file), its scenarios run."""
    path = root / "flows" / f"{flow_id}.yaml"
    if not path.is_file():
        known = sorted(f"{p.parent.name}/{p.stem}" for p in (root / "flows").glob("*/*.yaml"))
        close = difflib.get_close_matches(flow_id, known, n=3)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        click.echo(f"No flow '{flow_id}' ({path}).{hint} Flows: {', '.join(known)}", err=True)
        return 2
    library = load_library(root, today=when, strict=False)
    name = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    report = Reporter()
    for problem in library.problems:
        if problem.path == name:
            report.problems.append(problem)
    flow = library.flows.get(flow_id)
    scenarios = check_scenarios(flow, report, when) if flow and not report.errors else 0
    for problem in sorted(report.problems):
        click.echo(str(problem), err=problem.severity == "error")
    if report.errors or flow is None:
        click.echo(f"{len(report.errors)} error(s) in {name}.", err=True)
        return 1
    click.echo(f"OK: {flow_id}, {scenarios} scenarios passed, {len(report.warnings)} warning(s).")
    return 0


@content_cli.command("sources")
@click.argument("flow_id", required=False)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Report as of this date.")
def sources(flow_id, today):
    """Per flow (or FLOW_ID only): what the answers rest on and what needs checking again."""
    when = today.date() if today else clock.today()
    library = load_library(current_app.config["CONTENT_DIR"], today=when)
    if flow_id and flow_id not in library.flows:
        click.echo(f"Unknown flow '{flow_id}'. Flows: {', '.join(sorted(library.flows))}", err=True)
        sys.exit(2)
    for fid in [flow_id] if flow_id else sorted(library.flows):
        for line in source_report(library.flows[fid], when):
            click.echo(line)


@content_cli.command("due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Report as of this date.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Content folder.")
def due(today, directory):
    """What needs an editor now: programmes past their check-by day, sources not read for six
    months, flows changed since their legal sign-off. Exits 1 when anything is due (for cron)."""
    when = today.date() if today else clock.today()
    library = load_library(Path(directory or current_app.config["CONTENT_DIR"]), today=when)
    items = due_items(library, when)
    for item in items:
        click.echo(str(item))
    if items:
        click.echo(f"{len(items)} item(s) due on {when}.", err=True)
        sys.exit(1)
    click.echo(f"Nothing due on {when}.")


@content_cli.command("sign-off")
@click.argument("flow_id")
@click.option("--by", required=True, help="The legal reviewer's name.")
@click.option("--organisation", required=True, help="The reviewer's organisation.")
@click.option(
    "--scope", default="rules, outcomes, sources and the English text", show_default=True,
    help="What the reviewer checked.",
)  # fmt: skip
@click.option("--on", "on_day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Default: today.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Content folder.")
def sign_off(flow_id, by, organisation, scope, on_day, directory):
    """Record a legal reviewer's sign-off of FLOW_ID (e.g. br/regularization) in its file, with
    a hash of its content: a later edit puts the draft notice back until the next sign-off."""
    root = Path(directory or current_app.config["CONTENT_DIR"])
    when = on_day.date() if on_day else clock.today()
    try:
        library = load_library(root, today=when)
    except ContentError as exc:
        click.echo(f"Content has {len(exc.problems)} error(s): run `flask content check` first.",
                   err=True)  # fmt: skip
        sys.exit(1)
    if flow_id not in library.flows:
        click.echo(f"Unknown flow '{flow_id}'. Flows: {', '.join(sorted(library.flows))}", err=True)
        sys.exit(2)
    path = root / "flows" / f"{flow_id}.yaml"
    try:
        before, after = write_sign_off(path, by, organisation, when, scope)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    path.write_text(after, encoding="utf-8")
    signed = load_library(root, today=when).flows[flow_id].review
    if not signed.in_force:  # pragma: no cover - a bug in rules/review.py, never content's fault
        path.write_text(before, encoding="utf-8")
        click.echo("The sign-off did not verify; the file is unchanged.", err=True)
        sys.exit(1)
    click.echo(f"Signed off {flow_id} ({path}): {by}, {organisation}, {when}.")


@content_cli.command("extract")
@click.option("--output", default="translations/content.pot", show_default=True)
def extract(output):
    """Write every translatable content string to a POT file for translators."""
    library = load_library(current_app.config["CONTENT_DIR"])
    count = write_pot(library, Path(output))
    click.echo(f"Wrote {count} content strings to {output}.")


@content_cli.command("graph")
@click.argument("flow_id")
@click.option(
    "--format", "fmt", type=click.Choice(["dot", "mermaid"]), default="dot", show_default=True
)
def graph(flow_id, fmt):
    """Print FLOW_ID (e.g. br/regularization) as a Graphviz DOT or Mermaid diagram."""
    library = current_app.extensions.get("content") or load_library(
        current_app.config["CONTENT_DIR"]
    )
    flow = library.flows.get(flow_id)
    if flow is None:
        click.echo(f"Unknown flow '{flow_id}'. Flows: {', '.join(sorted(library.flows))}", err=True)
        sys.exit(2)
    click.echo(to_dot(flow) if fmt == "dot" else to_mermaid(flow), nl=False)


translations_cli = AppGroup("translations", help="Report on the gettext catalogs.")


@translations_cli.command("status")
@click.option(
    "--missing", "missing_in", metavar="LOCALE",
    help="List LOCALE's untranslated and fuzzy strings with file:line.",
)  # fmt: skip
def status(missing_in):
    """Completeness per locale and domain; exit 1 if a language a flow requires (its
    `required_languages:`) lacks a translation of the interface or of that flow."""
    index = current_app.extensions["catalogs"]
    library = current_app.extensions.get("content") or load_library(
        current_app.config["CONTENT_DIR"]
    )
    if missing_in:
        sys.exit(_list_missing(index, library, missing_in))
    required = required_flows(library)
    failures = []
    click.echo(f"{'locale':8} {'messages':>22} {'content':>22}  required by")
    for locale in sorted(set(index.locales) | set(required)):
        if locale not in index.locales:
            click.echo(f"{locale:8} no catalog: translations/{locale}/ is missing  FAIL")
            failures.append(locale)
            continue
        cells = []
        for domain in ("messages", "content"):
            state = index.state(locale, domain)
            cells.append(
                f"{len(state.translated)}/{state.total} {state.percent:5.1f}% {len(state.fuzzy)}f"
            )
        flows = required.get(locale, ())
        ui = index.state(locale, "messages")
        needed = required_strings(library, locale)
        coverage = index.coverage(locale, "content", needed) if needed else 1.0
        ok = not flows or (ui.percent == 100.0 and not ui.fuzzy and coverage == 1.0)
        label = ", ".join(flows) or "—"
        if len(flows) == len(library.flows):
            label = "every flow"
        elif len(flows) > 3:
            label = f"{len(flows)} of {len(library.flows)} flows"
        verdict = "" if ok else "  FAIL"
        done = f"{coverage:.1%}" if coverage < 1 else "100%"
        click.echo(f"{locale:8} {cells[0]:>22} {cells[1]:>22}  {label}: {done}{verdict}")
        if not ok:
            failures.append(locale)
    if failures:
        click.echo(f"Incomplete or fuzzy translations for: {', '.join(failures)}", err=True)
        sys.exit(1)


def _list_missing(index, library, locale: str) -> int:
    """Print each untranslated or fuzzy entry of both domains with its file:line, and the
    content strings a flow requires in the locale that are not in its catalog yet."""
    if locale not in index.locales:
        click.echo(f"No catalog for '{locale}'. Locales: {', '.join(index.locales)}", err=True)
        return 2
    count = 0
    in_catalog: set[str] = set()
    for domain in ("messages", "content"):
        for message in index.untranslated(locale, domain):
            where = ", ".join(f"{path}:{line}" for path, line in message.locations) or "?"
            state = "fuzzy" if message.fuzzy else "untranslated"
            text = message.id[0] if isinstance(message.id, tuple) else message.id
            click.echo(f"{where}: {domain}: {state}: {text}")
            in_catalog.add(text)
            count += 1
    known = index.state(locale, "content")
    required = set(required_strings(library, locale))
    for text, path, line in content_strings(library):
        if text in required and text not in in_catalog and text not in known.translated:
            click.echo(f"{path}:{line}: content: not in the catalog (run make update): {text}")
            in_catalog.add(text)
            count += 1
    click.echo(f"{count} string(s) to translate in {locale}.", err=True)
    return 0


@click.command("purge")
@with_appcontext
def purge():
    """Delete saved answers whose time is up, spent rate-limit counters, retired runs past
    their cookies' expiry, the desks' lists of earlier days and idle chat conversations (run
    daily, e.g. from cron)."""
    from portal.chat.store import purge_idle
    from portal.desk.day import purge_old_days
    from portal.flows.runs import purge_retired
    from portal.ratelimit import purge_spent
    from portal.saved.store import purge_expired

    click.echo(f"Deleted {purge_expired()} expired saved result(s).")
    click.echo(
        f"Deleted {purge_spent()} spent rate-limit counter(s), {purge_retired()} old run(s)."
    )
    click.echo(f"Deleted {purge_old_days()} line(s) of earlier days' desk work.")
    click.echo(f"Deleted {purge_idle()} idle chat conversation(s).")


def init_app(app: Flask) -> None:
    from portal.api.keys import api_keys_cli
    from portal.chat.commands import chat
    from portal.desk.accounts import users_cli
    from portal.devreload import dev_files
    from portal.review.commands import review_packet
    from portal.saved.commands import keys_cli

    content_cli.add_command(review_packet)

    app.cli.add_command(users_cli)
    app.cli.add_command(api_keys_cli)
    app.cli.add_command(keys_cli)
    app.cli.add_command(purge)
    app.cli.add_command(chat)
    app.cli.add_command(dev_files)
    app.cli.add_command(content_cli)
    app.cli.add_command(translations_cli)
