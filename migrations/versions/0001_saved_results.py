"""Saved results: answers a person chooses to keep under a short code.

The code is stored only as a hash and the answers only as authenticated ciphertext, with an
expiry date so that `flask purge` can delete them. Nothing is written here unless the person
asks to save.

Revision ID: 0001_saved_results
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_saved_results"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(length=128), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_saved_result_code_hash", "saved_result", ["code_hash"], unique=True)
    op.create_index("ix_saved_result_expires_at", "saved_result", ["expires_at"])


def downgrade():
    op.drop_index("ix_saved_result_expires_at", table_name="saved_result")
    op.drop_index("ix_saved_result_code_hash", table_name="saved_result")
    op.drop_table("saved_result")
