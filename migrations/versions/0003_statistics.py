"""Anonymous statistics: daily flow counters and monthly counters for the optional profile.

Counts only: no answers, addresses, codes or times finer than a day (a month for the profile).

Revision ID: 0003_statistics
Revises: 0002_staff_and_audit
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_statistics"
down_revision = "0002_staff_and_audit"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "flow_count",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("pathway", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "day", "country", "pathway", "event", "detail", "locale", "channel",
            name="uq_flow_count_key",
        ),
    )  # fmt: skip
    op.create_index("ix_flow_count_day", "flow_count", ["day"])
    op.create_table(
        "profile_count",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("pathway", sa.String(length=64), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "month", "country", "pathway", "dimension", "value", name="uq_profile_count_key"
        ),
    )
    op.create_index("ix_profile_count_month", "profile_count", ["month"])


def downgrade():
    op.drop_index("ix_profile_count_month", table_name="profile_count")
    op.drop_table("profile_count")
    op.drop_index("ix_flow_count_day", table_name="flow_count")
    op.drop_table("flow_count")
