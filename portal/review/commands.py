"""`flask content review-packet`: print a flow's review packet (PDF) for a legal reviewer.

    flask content review-packet br/regularization --lang es [--output packet.pdf]
    flask content review-packet --all --lang es --output-dir packets/

Without --output the file is named after the flow and language in the current folder
(br-regularization.es.pdf); --all writes one such file per flow into --output-dir.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import clock
from portal.review import file_name, language_codes, locale_for
from portal.review.packet import packet_pdf
from portal.rules import ContentError, ContentLibrary, load_library

DRAWN_BY = {"graphviz": "Graphviz", "python": "the pure-Python layout"}


def _library() -> ContentLibrary:
    """The app's validated content, or (when it failed to load) a fresh load that names every
    problem and stops."""
    library = current_app.extensions.get("content")
    if library is not None:
        return library
    try:
        return load_library(current_app.config["CONTENT_DIR"])
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} error(s) in content: run `flask content check`.", err=True)
        sys.exit(1)


def _write(
    library: ContentLibrary, flow_id: str, locale: str, today: dt.date, target: Path
) -> None:
    started = time.monotonic()
    pdf, engine = packet_pdf(library, library.flows[flow_id], locale, today)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    seconds = time.monotonic() - started
    click.echo(
        f"Wrote {target} ({len(pdf) // 1024} KiB in {seconds:.1f} s; "
        f"diagram by {DRAWN_BY[engine]})."
    )


@click.command("review-packet")
@click.argument("flow_id", required=False)
@click.option(
    "--lang", default="en", show_default=True, type=click.Choice(language_codes()),
    help="Language of the packet (es, pt-BR, en, fr, ht, ar).",
)  # fmt: skip
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write. Default: <country>-<pathway>.<lang>.pdf here.",
)  # fmt: skip
@click.option("--all", "every", is_flag=True, help="One packet per flow, into --output-dir.")
@click.option(
    "--output-dir", type=click.Path(file_okay=False, path_type=Path),
    help="With --all: the folder to write the packets into.",
)  # fmt: skip
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Show programmes' states as on this date (default: today).",
)  # fmt: skip
@with_appcontext
def review_packet(
    flow_id: str | None,
    lang: str,
    output: Path | None,
    every: bool,
    output_dir: Path | None,
    today: dt.datetime | None,
) -> None:
    """Print FLOW_ID's review packet (e.g. br/regularization) as a PDF for a legal reviewer:
    its diagram, questions and rules, outcomes with their sources, scenarios, open points and
    a sign-off block, in the chosen language."""
    if every == bool(flow_id):
        raise click.UsageError("Name one FLOW_ID, or give --all (with --output-dir).")
    if every and (output_dir is None or output is not None):
        raise click.UsageError("--all writes one file per flow: give --output-dir, not --output.")
    if flow_id and output_dir is not None:
        raise click.UsageError("--output-dir goes with --all; for one flow use --output.")
    locale = locale_for(lang)
    when = today.date() if today else clock.today()
    library = _library()
    if flow_id:
        if flow_id not in library.flows:
            flows = ", ".join(sorted(library.flows))
            click.echo(f"Unknown flow '{flow_id}'. Flows: {flows}", err=True)
            sys.exit(2)
        _write(library, flow_id, locale, when, output or Path(file_name(flow_id, locale)))
        return
    assert output_dir is not None  # checked above
    for fid in sorted(library.flows):
        _write(library, fid, locale, when, output_dir / file_name(fid, locale))
    click.echo(f"{len(library.flows)} packet(s) in {output_dir}.")
