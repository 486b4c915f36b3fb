"""WS-Security nonces remember the attempt that used them (X-Attempt-ID) and its request, so
that the edge's retry of a failed attempt is not taken for a replay.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("used_nonces", sa.Column("attempt", sa.String(64)))
    op.add_column("used_nonces", sa.Column("request", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("used_nonces") as table:
        table.drop_column("request")
        table.drop_column("attempt")
