"""Staff accounts (desk, editor, admin) and the audit log of every staff access to a saved result.

The audit log records who, when and which record — never the answers.

Revision ID: 0002_staff_and_audit
Revises: 0001_saved_results
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_staff_and_audit"
down_revision = "0001_saved_results"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_staff_email", "staff", ["email"], unique=True)
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("saved_result_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])


def downgrade():
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index("ix_staff_email", table_name="staff")
    op.drop_table("staff")
