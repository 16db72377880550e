"""`flask keys rotate-saved`: every saved result sealed with the current SECRET_KEY at once,
so the old key can leave SECRET_KEY_FALLBACKS without waiting for each code to be used."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.saved.rotation import rotate_saved
from portal.saved.store import secret_keys

keys_cli = AppGroup("keys", help="Key rotation (see README, 'Rotating the secret key').")


@keys_cli.command("rotate-saved")
def rotate_saved_command() -> None:
    """Seal every saved result with PORTAL_SECRET_KEY: those sealed with a key in
    PORTAL_SECRET_KEY_FALLBACKS are opened with it and sealed again. Safe to run again and
    while the portal serves."""
    keys = secret_keys()
    if len(keys) < 2:
        click.echo("PORTAL_SECRET_KEY_FALLBACKS is empty: there is no old key to move from.")
    report = rotate_saved(keys)
    click.echo(
        f"Sealed again with the current key: {report.resealed}. "
        f"Already sealed with it: {report.current}."
    )
    if report.format1:
        last = report.format1_last_expiry
        click.echo(
            f"Saved before format 2, so they need their code: {report.format1}. Each is sealed "
            "again when its code opens it; keep the old key until the last of them expires "
            f"({last:%Y-%m-%d}) or accept that those not opened by then are lost."
        )
    if report.no_key:
        click.echo(
            f"Opened by no configured key: {report.no_key}. They were sealed with a key that is "
            "no longer in PORTAL_SECRET_KEY or PORTAL_SECRET_KEY_FALLBACKS; add it back to the "
            "fallbacks and run this again, or they are lost.",
            err=True,
        )
        sys.exit(1)
    if not report.fallbacks_needed and len(keys) > 1:
        click.echo("No saved result needs the fallback keys any more.")
