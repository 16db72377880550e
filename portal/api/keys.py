"""Partners' API keys: made by `flask api-keys create`, shown once, kept only as a SHA-256 hash
(a key is 32 random bytes, so a slow hash would add nothing) and its first characters."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.extensions import db
from portal.models import ApiKey

KEY_PREFIX = "cam_"
SHOWN = 8  # characters kept in the clear, to tell keys apart
LONGEST = 200  # far above a real key: anything longer is not looked up

api_keys_cli = AppGroup("api-keys", help="Manage partners' keys for the JSON API.")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(name: str) -> tuple[ApiKey, str]:
    """A new key record and the key itself, which is never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        name=name, key_hash=key_hash(key), prefix=key[:SHOWN], created_at=dt.datetime.now(dt.UTC)
    )
    db.session.add(record)
    return record, key


def find_key(key: str) -> ApiKey | None:
    """The key's record if it exists and is not revoked."""
    if not key or len(key) > LONGEST or not key.isascii():
        return None
    wanted = key_hash(key)
    record = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == wanted))
    if record is None or record.revoked_at is not None:
        return None
    return record if hmac.compare_digest(record.key_hash, wanted) else None


def bearer_key(header: str | None) -> str:
    """The key of an `Authorization: Bearer <key>` header, or "" without one."""
    scheme, _, value = (header or "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


@api_keys_cli.command("create")
@click.option("--name", required=True, help="Who the key is for, e.g. the partner's name.")
def create(name: str) -> None:
    """Make a key and print it once: only its hash is kept."""
    record, key = new_key(name.strip()[:120])
    db.session.commit()
    click.echo(f"Created key {record.id} for {record.name}. Give it to them now; it is not kept:")
    click.echo(key)


@api_keys_cli.command("list")
def list_keys() -> None:
    """Every key: id, name, first characters, when made, whether revoked."""
    for record in db.session.scalars(select(ApiKey).order_by(ApiKey.id)):
        revoked = record.revoked_at.isoformat(timespec="seconds") if record.revoked_at else "-"
        created = record.created_at.isoformat(timespec="seconds")
        click.echo(f"{record.id}\t{record.name}\t{record.prefix}…\t{created}\trevoked: {revoked}")


@api_keys_cli.command("revoke")
@click.argument("key_id", type=int)
def revoke(key_id: int) -> None:
    """Stop a key working at once."""
    record = db.session.get(ApiKey, key_id)
    if record is None:
        raise click.ClickException(f"no key {key_id}")
    if record.revoked_at is None:
        record.revoked_at = dt.datetime.now(dt.UTC)
        db.session.commit()
    click.echo(f"Revoked key {record.id} ({record.name}).")
