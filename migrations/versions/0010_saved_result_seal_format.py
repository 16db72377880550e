"""Saved results sealed in two layers, so a key rotation can move them without their codes.

`saved_result.seal_format` says how a row is sealed: 1 for every row saved before this
revision (one AES-GCM layer under a SECRET_KEY key, the code as associated data, indexed by an
HMAC of the code), 2 for rows saved or opened after it (portal/saved/codes.py). Format 1 rows
keep opening with their codes and become format 2 when opened.

Downgrade drops the column. Run it only with no format 2 rows left (the code before this
revision cannot open them): it refuses otherwise rather than leave rows nobody can open.

Revision ID: 0010_saved_result_seal_format
Revises: 0009_api_keys_and_chat
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_saved_result_seal_format"
down_revision = "0009_api_keys_and_chat"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("saved_result") as batch:
        batch.add_column(
            sa.Column("seal_format", sa.SmallInteger(), nullable=False, server_default="1")
        )


def downgrade():
    newer = op.get_bind().scalar(sa.text("SELECT count(*) FROM saved_result WHERE seal_format > 1"))
    if newer:
        raise RuntimeError(
            f"{newer} saved result(s) are sealed in format 2, which the code before revision "
            "0010 cannot open. Delete them (or let them expire and run `flask purge`) first."
        )
    with op.batch_alter_table("saved_result") as batch:
        batch.drop_column("seal_format")
