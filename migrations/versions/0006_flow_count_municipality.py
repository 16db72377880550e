"""A municipality on every flow counter (issue 16 §5).

`flow_count.municipality` is the desk's city for desk journeys, otherwise the city the person
chose, or "_elsewhere", "_declined" or "_unknown" (never asked). It joins the counter's unique
key. Rows counted before this release had no city: they become "_unknown". Still counts only.

Downgrade folds the municipalities back together: rows that differ only by municipality are
summed into one, so no count is lost.

Revision ID: 0006_municipality
Revises: 0005_limits_and_runs
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_municipality"
down_revision = "0005_limits_and_runs"
branch_labels = None
depends_on = None

OLD_KEY = ["day", "country", "pathway", "event", "detail", "locale", "channel"]


def upgrade():
    with op.batch_alter_table("flow_count") as batch:
        batch.add_column(
            sa.Column(
                "municipality", sa.String(length=120), nullable=False, server_default="_unknown"
            )
        )
        batch.drop_constraint("uq_flow_count_key", type_="unique")
        batch.create_unique_constraint("uq_flow_count_key", [*OLD_KEY, "municipality"])


def downgrade():
    # Rows that differ only by municipality become one: the smallest id keeps their sum.
    op.execute(
        "UPDATE flow_count SET count = (SELECT SUM(o.count) FROM flow_count o"
        " WHERE o.day = flow_count.day AND o.country = flow_count.country"
        " AND o.pathway = flow_count.pathway AND o.event = flow_count.event"
        " AND o.detail = flow_count.detail AND o.locale = flow_count.locale"
        " AND o.channel = flow_count.channel)"
        " WHERE id IN (SELECT MIN(id) FROM flow_count"
        " GROUP BY day, country, pathway, event, detail, locale, channel)"
    )
    op.execute(
        "DELETE FROM flow_count WHERE id NOT IN (SELECT MIN(id) FROM flow_count"
        " GROUP BY day, country, pathway, event, detail, locale, channel)"
    )
    with op.batch_alter_table("flow_count") as batch:
        batch.drop_constraint("uq_flow_count_key", type_="unique")
        batch.create_unique_constraint("uq_flow_count_key", OLD_KEY)
        batch.drop_column("municipality")
