"""Command-line tools for editors: `flask content check`, `flask content extract`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.rules import ContentError, load_library
from portal.rules.extract import write_pot
from portal.rules.graph import to_dot, to_mermaid
from portal.rules.scenarios import run_scenarios

content_cli = AppGroup("content", help="Check and extract the content in content/.")


@content_cli.command("check")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Check as of this date.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Content folder.")
def check(today, directory):
    """Validate all content and run every scenario; exit non-zero on any error."""
    root = Path(directory or current_app.config["CONTENT_DIR"])
    when = today.date() if today else dt.date.today()
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


def init_app(app: Flask) -> None:
    app.cli.add_command(content_cli)
