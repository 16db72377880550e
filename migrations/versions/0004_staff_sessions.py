"""A session generation per staff account, so one change ends every copy of its sessions.

Each staff session's token carries the account's generation; signing out, `flask users disable`
and `flask users reset` raise it, and tokens with an older generation no longer sign anyone in.
Existing accounts start at 0. Sessions signed in before this release carry no generation and
end on the first request after it: staff sign in again once.

Revision ID: 0004_staff_sessions
Revises: 0003_statistics
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_staff_sessions"
down_revision = "0003_statistics"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("session_generation")
