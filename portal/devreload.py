"""`make run` for editors (development only): the server restarts when a content file or a
catalog changes (`flask run --reload --extra-files`, with the files listed by `flask
dev-files`), and the new process compiles any catalog edited since its .mo was written, so a
translator sees a change in the PO file on the next page load."""

from __future__ import annotations

import os
from pathlib import Path

import click
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app
from flask.cli import with_appcontext


def compile_stale_catalogs(directory: Path) -> list[Path]:
    """Write the .mo of every .po newer than it (fuzzy entries left out, as pybabel does)."""
    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


def watched_files(content: Path, translations: Path) -> list[Path]:
    return sorted([*content.rglob("*.yaml"), *translations.glob("*/LC_MESSAGES/*.po")])


@click.command("dev-files")
@with_appcontext
def dev_files() -> None:
    """Print the content and catalog files for `flask run --extra-files` (os.pathsep-separated)."""
    config = current_app.config
    files = watched_files(Path(config["CONTENT_DIR"]), Path(config["TRANSLATIONS_DIR"]))
    click.echo(os.pathsep.join(str(f) for f in files))
