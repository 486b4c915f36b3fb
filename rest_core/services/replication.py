"""Replication: orders and cancellations another system of record already made, kept as made.

While the legacy service still takes the writes, the SOAP edge tells the REST core each change
the legacy confirmed: its ids, amounts and times are kept; the business rules (credit, customer
status) were the other system's to apply and are not applied again. A repeat of the same change
is answered with what is stored and changes nothing.
"""

from __future__ import annotations

import datetime
import decimal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.models import Order, OrderLine, Product
from rest_core.problems import ProblemError, field_error, validation
from rest_core.services.orders import _lock_customer, _not_found, total_cents


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """As stored: UTC, naive, whole seconds (a naive time is taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _cents(money: schemas.Money, field: str, errors: list[dict[str, str]]) -> int:
    try:
        value = decimal.Decimal(money.amount) * 100
    except decimal.InvalidOperation:
        value = decimal.Decimal("0.5")
    if value != value.to_integral_value():
        errors.append(field_error(field, "invalid", "An amount with at most two decimals."))
        return 0
    return int(value)


def _same(order: Order, replica: schemas.OrderReplica, total: int) -> bool:
    return (
        order.customer_id == replica.customer_id
        and order.created_at == _utc(replica.created_at)
        and total_cents(order) == total
    )


def put_order(session: Session, order_id: int, body: bytes) -> tuple[Order, bool]:
    """Store the order as given, with its id: (order, created). The customer's balance grows by
    its total unless it is cancelled; a repeat of the same order changes nothing."""
    replica = schemas.parse_body(schemas.OrderReplica, body)
    errors: list[dict[str, str]] = []
    total = _cents(replica.total, "total", errors)
    with session.begin():
        customer = _lock_customer(session, replica.customer_id)
        existing = session.get(Order, order_id)
        if existing is not None:
            if _same(existing, replica, total):
                return existing, False
            raise ProblemError(
                "order-exists",
                f"Order {order_id} exists with another customer, time or total.",
                order_id=order_id,
            )
        skus = {line.sku for line in replica.lines}
        catalogue = {
            p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))
        }
        lines = []
        for number, line in enumerate(replica.lines, 1):
            product = catalogue.get(line.sku)
            if line.unit_price is not None:
                price = _cents(line.unit_price, f"lines[{number - 1}].unit_price", errors)
            elif product is not None:
                price = product.unit_price_cents
            else:
                errors.append(
                    field_error(
                        f"lines[{number - 1}].sku",
                        "unknown_sku",
                        f"Unknown SKU {line.sku}: give its unit_price.",
                    )
                )
                price = 0
            lines.append(
                OrderLine(
                    line_number=number,
                    sku=line.sku,
                    description=product.description if product else None,
                    quantity=line.quantity,
                    unit_price_cents=price,
                )
            )
        if not errors and sum(line.quantity * line.unit_price_cents for line in lines) != total:
            errors.append(field_error("total", "conflict", "total is not the sum of the lines."))
        if errors:
            raise validation(errors)
        created_at = _utc(replica.created_at)
        shipping = replica.shipping_address.columns("shipping_") if replica.shipping_address else {}
        order = Order(
            id=order_id,
            customer_id=customer.id,
            order_date=created_at.date(),
            status=replica.status.value,
            currency=replica.currency,
            notes=replica.notes,
            created_at=created_at,
            cancelled_at=None,
            client_reference=replica.client_reference or None,
            requested_delivery_date=replica.requested_delivery_date,
            lines=lines,
            **shipping,
        )
        if replica.status != schemas.OrderStatus.cancelled:
            customer.balance_cents += total
        session.add(order)
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            # Orders placed here later take ids after the replicated ones.
            session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('orders', 'id'), "
                    "(SELECT MAX(id) FROM orders))"
                )
            )
    return order, True


def put_cancellation(session: Session, order_id: int, body: bytes) -> Order:
    """Cancel the order with the given time and reason; the balance shrinks by its total. A
    repeat of the same cancellation changes nothing."""
    replica = schemas.parse_body(schemas.CancellationReplica, body)
    at = _utc(replica.cancelled_at)
    with session.begin():
        owner = session.scalar(select(Order.customer_id).where(Order.id == order_id))
        if owner is None:
            raise _not_found(order_id)
        customer = _lock_customer(session, owner)
        order = session.scalars(select(Order).where(Order.id == order_id).with_for_update()).one()
        if order.status == "cancelled":
            if order.cancelled_at == at and order.cancel_reason == replica.reason:
                return order
            raise ProblemError(
                "order-already-cancelled",
                f"Order {order_id} is already cancelled.",
                order_id=order_id,
            )
        if order.status == "shipped":
            raise ProblemError(
                "order-already-shipped",
                f"Order {order_id} has shipped and cannot be cancelled.",
                order_id=order_id,
            )
        order.status = "cancelled"
        order.cancelled_at = at
        order.cancel_reason = replica.reason
        customer.balance_cents -= total_cents(order)
    return order
