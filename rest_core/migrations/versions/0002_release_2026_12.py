"""Release 2026-12: customer phone and shipping address; order client reference (the former
idempotency key, data kept), requested delivery date and shipping address.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SHIPPING = ("shipping_street", "shipping_city", "shipping_postal_code", "shipping_country_code")


def _shipping_columns() -> list[sa.Column[str]]:
    return [
        *(sa.Column(name, sa.Text()) for name in _SHIPPING[:3]),
        sa.Column("shipping_country_code", sa.String(2)),
    ]


def upgrade() -> None:
    # Only ALTER TABLE ... ADD COLUMN and RENAME COLUMN, which both databases do in place:
    # no table is rebuilt (SQLite would have to drop `orders`, which order_lines refers to),
    # and the unique constraint uq_orders_customer_key follows the renamed column.
    op.add_column("customers", sa.Column("phone", sa.String(32)))
    for column in _shipping_columns():
        op.add_column("customers", column)
    op.alter_column(
        "orders",
        "idempotency_key",
        new_column_name="client_reference",
        existing_type=sa.String(200),
        existing_nullable=True,
    )
    op.add_column("orders", sa.Column("requested_delivery_date", sa.Date()))
    for column in _shipping_columns():
        op.add_column("orders", column)


def downgrade() -> None:
    for table in ("orders", "customers"):
        for name in _SHIPPING:
            op.drop_column(table, name)
    op.drop_column("orders", "requested_delivery_date")
    op.alter_column(
        "orders",
        "client_reference",
        new_column_name="idempotency_key",
        existing_type=sa.String(200),
        existing_nullable=True,
    )
    op.drop_column("customers", "phone")
