"""Orders: reading, placing (with the credit and idempotency rules) and cancelling."""

from __future__ import annotations

import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.models import Customer, Order, OrderLine, Product
from rest_core.problems import ProblemError, field_error, validation
from rest_core.services import customers

SUPPORTED_CURRENCIES = ("EUR",)
MAX_QUANTITY = 999


def total_cents(order: Order) -> int:
    return sum(line.quantity * line.unit_price_cents for line in order.lines)


def render(order: Order) -> schemas.Order:
    currency = order.currency
    return schemas.Order(
        id=order.id,
        customer_id=order.customer_id,
        order_date=order.order_date,
        status=schemas.OrderStatus(order.status),
        currency=currency,
        lines=[
            schemas.OrderLine(
                line_number=line.line_number,
                sku=line.sku,
                description=line.description,
                quantity=line.quantity,
                unit_price=schemas.Money.of(line.unit_price_cents, currency),
                line_total=schemas.Money.of(line.quantity * line.unit_price_cents, currency),
            )
            for line in order.lines
        ],
        total=schemas.Money.of(total_cents(order), currency),
        notes=order.notes,
        created_at=schemas.timestamp(order.created_at) or "",
        cancelled_at=schemas.timestamp(order.cancelled_at),
        cancel_reason=order.cancel_reason,
    )


def _not_found(order_id: int) -> ProblemError:
    return ProblemError("order-not-found", f"Order {order_id} was not found.", order_id=order_id)


def get(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise _not_found(order_id)
    return order


def list_for_customer(
    session: Session,
    customer_id: int,
    *,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    status: schemas.OrderStatus | None,
) -> list[Order]:
    customers.get(session, customer_id)
    if from_date is not None and to_date is not None and from_date > to_date:
        raise validation(
            [field_error("from_date", "invalid_range", "from_date must not be after to_date.")]
        )
    query = select(Order).where(Order.customer_id == customer_id)
    if from_date is not None:
        query = query.where(Order.order_date >= from_date)
    if to_date is not None:
        query = query.where(Order.order_date <= to_date)
    if status is not None:
        query = query.where(Order.status == status.value)
    return list(session.scalars(query.order_by(Order.id)))


def _lock_customer(session: Session, customer_id: int) -> Customer:
    """The customer row, locked until commit (PostgreSQL; SQLite holds the database lock)."""
    customer = session.scalars(
        select(Customer).where(Customer.id == customer_id).with_for_update()
    ).first()
    if customer is None:
        raise ProblemError(
            "customer-not-found", f"Customer {customer_id} was not found.", customer_id=customer_id
        )
    return customer


def _existing(session: Session, customer_id: int, key: str | None) -> Order | None:
    if key is None:
        return None
    return session.scalars(
        select(Order).where(Order.customer_id == customer_id, Order.idempotency_key == key)
    ).first()


def place(session: Session, customer_id: int, body: bytes, key: str | None) -> tuple[Order, bool]:
    """Place an order in one transaction, the customer locked: (order, created). The rules run
    in the documented order; a repeated key returns the first order and creates nothing."""
    try:
        with session.begin():
            customer = _lock_customer(session, customer_id)
            new = schemas.parse_body(schemas.NewOrder, body)
            existing = _existing(session, customer_id, key)
            if existing is not None:
                return existing, False
            order = _build(session, customer, new, key)
            session.add(order)
            session.flush()
    except IntegrityError:
        # Another process placed the same key between our check and insert: answer with its order.
        session.rollback()
        existing = _existing(session, customer_id, key)
        if existing is None:
            raise
        return existing, False
    return order, True


def _build(session: Session, customer: Customer, new: schemas.NewOrder, key: str | None) -> Order:
    errors = []
    if new.currency not in SUPPORTED_CURRENCIES:
        errors.append(field_error("currency", "unsupported", "Only EUR is supported."))
    if not new.lines:
        errors.append(field_error("lines", "required", "An order needs at least one line."))
    skus = {line.sku for line in new.lines}
    catalogue = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    for index, line in enumerate(new.lines):
        product = catalogue.get(line.sku)
        if product is None or not product.active:
            errors.append(
                field_error(f"lines[{index}].sku", "unknown_sku", f"Unknown SKU {line.sku}.")
            )
        if not 1 <= line.quantity <= MAX_QUANTITY:
            errors.append(
                field_error(
                    f"lines[{index}].quantity",
                    "out_of_range",
                    f"Quantity must be between 1 and {MAX_QUANTITY}.",
                )
            )
    if errors:
        raise validation(errors)
    if customer.status != "active":
        raise ProblemError(
            "customer-not-active",
            f"Customer {customer.id} is {customer.status} and cannot place orders.",
            customer_id=customer.id,
            customer_status=customer.status,
        )
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    lines = [
        OrderLine(
            line_number=number,
            sku=line.sku,
            description=catalogue[line.sku].description,
            quantity=line.quantity,
            unit_price_cents=catalogue[line.sku].unit_price_cents,
        )
        for number, line in enumerate(new.lines, 1)
    ]
    total = sum(line.quantity * line.unit_price_cents for line in lines)
    available = customer.credit_limit_cents - customer.balance_cents
    if total > available:
        raise ProblemError(
            "credit-limit-exceeded",
            f"Order total {schemas.Money.of(total).amount} EUR exceeds available credit "
            f"{schemas.Money.of(available).amount} EUR.",
            customer_id=customer.id,
            order_total=schemas.Money.of(total).model_dump(),
            available_credit=schemas.Money.of(available).model_dump(),
        )
    customer.balance_cents += total
    return Order(
        customer_id=customer.id,
        order_date=now.date(),
        status="confirmed",
        currency=new.currency,
        notes=new.notes,
        created_at=now,
        idempotency_key=key,
        lines=lines,
    )


def cancel(session: Session, order_id: int, body: bytes) -> Order:
    """Cancel in one transaction, locking the customer, then the order (the order `place`
    locks in too, so the two never deadlock); the balance shrinks by the order's total."""
    with session.begin():
        owner = session.scalar(select(Order.customer_id).where(Order.id == order_id))
        if owner is None:
            raise _not_found(order_id)
        customer = _lock_customer(session, owner)  # customer first, then order: one lock order
        order = session.scalars(select(Order).where(Order.id == order_id).with_for_update()).one()
        reason = schemas.parse_body(schemas.Cancellation, body).reason
        if order.status == "shipped":
            raise ProblemError(
                "order-already-shipped",
                f"Order {order_id} has shipped and cannot be cancelled.",
                order_id=order_id,
            )
        if order.status == "cancelled":
            raise ProblemError(
                "order-already-cancelled",
                f"Order {order_id} is already cancelled.",
                order_id=order_id,
            )
        order.status = "cancelled"
        order.cancelled_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
        order.cancel_reason = reason
        customer.balance_cents -= total_cents(order)
    return order
