"""Rate-limit counters every worker shares, and the runs Quick exit or "Delete my answers" ended.

`rate_limit_counter` counts tries per keyed hash of an address or account when no Redis is
configured; `retired_run` holds hashes of ended runs until their cookies would have expired.
Neither holds an address, email, code or answer.

Revision ID: 0005_limits_and_runs
Revises: 0004_staff_sessions
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_limits_and_runs"
down_revision = "0004_staff_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_counter",
        sa.Column("key", sa.String(length=160), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_rate_limit_counter_expires_at", "rate_limit_counter", ["expires_at"])
    op.create_table(
        "retired_run",
        sa.Column("run_hash", sa.String(length=64), primary_key=True),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_retired_run_expires_at", "retired_run", ["expires_at"])


def downgrade():
    op.drop_index("ix_retired_run_expires_at", table_name="retired_run")
    op.drop_table("retired_run")
    op.drop_index("ix_rate_limit_counter_expires_at", table_name="rate_limit_counter")
    op.drop_table("rate_limit_counter")
