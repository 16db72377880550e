"""The audit log records more than openings, and staff accounts their last sign-in (issue 16 §4).

`audit_entry.staff_id` (who did it) becomes nullable: a failed sign-in has no known actor, and a
change made with `flask users` none either. The new `audit_entry.target_staff_id` names the
account acted on (the one a failed sign-in named, or the one created, disabled, enabled or
reset), kept apart from who acted. `staff.last_sign_in_at` is when the account last signed in;
accounts signed in before this release show none until their next sign-in. Existing audit lines
keep their actor. Still no answers, codes or passwords anywhere.

Downgrade drops `target_staff_id` and `last_sign_in_at`, and deletes the audit lines without an
actor (failed sign-ins and command-line changes), which the older schema cannot hold.

Revision ID: 0007_audit_events
Revises: 0006_municipality
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_audit_events"
down_revision = "0006_municipality"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("target_staff_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_audit_entry_target_staff_id", "staff", ["target_staff_id"], ["id"]
        )
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("last_sign_in_at")
    op.execute("DELETE FROM audit_entry WHERE staff_id IS NULL")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_constraint("fk_audit_entry_target_staff_id", type_="foreignkey")
        batch.drop_column("target_staff_id")
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=False)
