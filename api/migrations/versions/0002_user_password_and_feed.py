"""user password hash and calendar feed token

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("feed_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_users_feed_token_hash", ["feed_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_feed_token_hash", type_="unique")
        batch_op.drop_column("feed_token_hash")
        batch_op.drop_column("password_hash")
