"""Partner API keys and text-channel conversations (issue 21).

`api_key` holds a partner's name, a SHA-256 hash of its key and the key's first characters;
`chat_conversation` holds one sealed conversation per sender, keyed by an HMAC of the phone
number (never the number), deleted after two hours idle or on "exit".

Downgrade drops both tables: partners need new keys, and conversations in progress start again.

Revision ID: 0009_api_keys_and_chat
Revises: 0008_desk_work
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_api_keys_and_chat"
down_revision = "0008_desk_work"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_key_key_hash", "api_key", ["key_hash"], unique=True)
    op.create_table(
        "chat_conversation",
        sa.Column("sender_hash", sa.String(64), primary_key=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_chat_conversation_updated_at", "chat_conversation", ["updated_at"])


def downgrade():
    op.drop_index("ix_chat_conversation_updated_at", table_name="chat_conversation")
    op.drop_table("chat_conversation")
    op.drop_index("ix_api_key_key_hash", table_name="api_key")
    op.drop_table("api_key")
