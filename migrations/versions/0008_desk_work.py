"""Today's work at a service desk (issue 16 §3): `desk_work` holds one line per result a clerk
opened by code or answered with a person — how, the host country, the pathway, the outcome's
kind and the time; never answers, codes, names or cities. `flask purge` deletes the lines of
earlier days.

Downgrade drops the table (its lines are a day's list, nothing else depends on them).

Revision ID: 0008_desk_work
Revises: 0007_audit_events
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_desk_work"
down_revision = "0007_audit_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "desk_work",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("pathway", sa.String(64), nullable=False),
        sa.Column("outcome_kind", sa.String(32), nullable=False),
    )
    op.create_index("ix_desk_work_staff_id", "desk_work", ["staff_id"])
    op.create_index("ix_desk_work_at", "desk_work", ["at"])


def downgrade():
    op.drop_index("ix_desk_work_at", table_name="desk_work")
    op.drop_index("ix_desk_work_staff_id", table_name="desk_work")
    op.drop_table("desk_work")
