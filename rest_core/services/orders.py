"""Orders: reading, placing (with the credit and idempotency rules), cancelling, and setting
the shipping address."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.db import Query
from rest_core.models import Customer, Order, OrderLine, Product
from rest_core.problems import ProblemError, field_error, validation
from rest_core.services import customers
from rest_core.settings import Settings

SUPPORTED_CURRENCIES = ("EUR",)
MAX_QUANTITY = 999
SCHEDULED_AFTER_DAYS = 31  # a delivery this many days or more after the order date: scheduled
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20  # when only `page` is given


def total_cents(order: Order) -> int:
    return sum(line.quantity * line.unit_price_cents for line in order.lines)


def document(order: Any, lines: Iterable[Any]) -> dict[str, Any]:
    """The order's JSON document (schemas.Order) from its row and its lines' rows, in line
    order: an ORM Order and its `lines`, or Core rows."""
    currency = order.currency
    items = []
    total = 0
    for line in lines:
        line_total = line.quantity * line.unit_price_cents
        total += line_total
        items.append(
            {
                "line_number": line.line_number,
                "sku": line.sku,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": schemas.money(line.unit_price_cents, currency),
                "line_total": schemas.money(line_total, currency),
            }
        )
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "order_date": schemas.day(order.order_date),
        "status": schemas.OrderStatus(order.status).value,  # another is a 500
        "currency": currency,
        "lines": items,
        "total": schemas.money(total, currency),
        "notes": order.notes,
        "created_at": schemas.timestamp(order.created_at) or "",
        "cancelled_at": schemas.timestamp(order.cancelled_at),
        "cancel_reason": order.cancel_reason,
        "client_reference": order.client_reference,
        "requested_delivery_date": schemas.day(order.requested_delivery_date),
        "shipping_address": customers.address(order, "shipping_"),
    }


def render(order: Order) -> dict[str, Any]:
    """The document of an ORM order."""
    return document(order, order.lines)


def _not_found(order_id: int) -> ProblemError:
    return ProblemError("order-not-found", f"Order {order_id} was not found.", order_id=order_id)


_ORDERS, _LINES = Order.__table__, OrderLine.__table__
# The order and its lines in one statement (one snapshot): one row per line, or one row with
# NULL line columns for an order without lines.
_WITH_LINES = Query(
    select(
        _ORDERS,
        _LINES.c.line_number,
        _LINES.c.sku,
        _LINES.c.description,
        _LINES.c.quantity,
        _LINES.c.unit_price_cents,
    )
    .outerjoin(_LINES, _LINES.c.order_id == _ORDERS.c.id)
    .where(_ORDERS.c.id == bindparam("order_id"))
    .order_by(_LINES.c.line_number)
)


async def read(settings: Settings, order_id: int) -> dict[str, Any]:
    """The order's document, read with one SELECT (no ORM)."""
    rows = await _WITH_LINES.fetch(settings, order_id=order_id)
    if not rows:
        raise _not_found(order_id)
    return document(rows[0], [row for row in rows if row.line_number is not None])


def list_for_customer(
    session: Session,
    customer_id: int,
    *,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    statuses: list[schemas.OrderStatus],
    page: int | None,
    page_size: int | None,
) -> dict[str, Any]:
    """The customer's orders matching every filter (any of `statuses`), ordered by id: all of
    them, or one page when `page` or `page_size` is given."""
    customers.get(session, customer_id)
    errors = []
    if from_date is not None and to_date is not None and from_date > to_date:
        errors.append(
            field_error("from_date", "invalid_range", "from_date must not be after to_date.")
        )
    if page is not None and page < 1:
        errors.append(field_error("page", "out_of_range", "page must be 1 or more."))
    if page_size is not None and not 1 <= page_size <= MAX_PAGE_SIZE:
        errors.append(
            field_error(
                "page_size", "out_of_range", f"page_size must be between 1 and {MAX_PAGE_SIZE}."
            )
        )
    if errors:
        raise validation(errors)
    query = select(Order).where(Order.customer_id == customer_id)
    if from_date is not None:
        query = query.where(Order.order_date >= from_date)
    if to_date is not None:
        query = query.where(Order.order_date <= to_date)
    if statuses:
        query = query.where(Order.status.in_([status.value for status in statuses]))
    query = query.order_by(Order.id)
    if page is None and page_size is None:
        found = list(session.scalars(query))
        return {
            "items": [render(o) for o in found],
            "page": 1,
            "page_size": None,
            "total": len(found),
        }
    page = page or 1
    page_size = page_size or DEFAULT_PAGE_SIZE
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    offset = (page - 1) * page_size
    rows: list[Order] = []  # past the end (however far; no offset overflows): empty page
    if offset < total:
        rows = list(session.scalars(query.offset(offset).limit(page_size)))
    return {
        "items": [render(o) for o in rows],
        "page": page,
        "page_size": page_size,
        "total": total,
    }


# The statements of placing an order, built once (building one costs more than running it).
_LOCK_CUSTOMER = select(Customer).where(Customer.id == bindparam("customer_id")).with_for_update()
_ORDER_WITH_REFERENCE = select(_ORDERS.c.id).where(
    _ORDERS.c.customer_id == bindparam("customer_id"),
    _ORDERS.c.client_reference == bindparam("reference"),
)
_PRODUCTS = Product.__table__
_CATALOGUE = select(_PRODUCTS).where(_PRODUCTS.c.sku.in_(bindparam("skus", expanding=True)))


def _lock_customer(session: Session, customer_id: int) -> Customer:
    """The customer row, locked until commit (PostgreSQL; SQLite holds the database lock)."""
    customer = session.scalars(_LOCK_CUSTOMER, {"customer_id": customer_id}).first()
    if customer is None:
        raise ProblemError(
            "customer-not-found", f"Customer {customer_id} was not found.", customer_id=customer_id
        )
    return customer


def _existing(session: Session, customer_id: int, reference: str | None) -> Order | None:
    """The customer's order placed with this reference, if any (looked for without the ORM:
    nearly always there is none)."""
    if reference is None:
        return None
    found = session.connection().execute(
        _ORDER_WITH_REFERENCE, {"customer_id": customer_id, "reference": reference}
    )
    order_id = found.scalar()
    return None if order_id is None else session.get(Order, order_id)


def _storable(reference: str) -> bool:
    """Could an order have been stored with this reference (else it is no repeat)?"""
    return 0 < len(reference) <= schemas.MAX_CLIENT_REFERENCE and not schemas.NOT_XML.search(
        reference
    )


def _repeat_key(body: bytes, header: str | None) -> str | None:
    """The client reference to look for a first order with, read from the body before anything
    is validated (a repeat is answered whatever else the request holds): the body's
    `client_reference`, else the `Idempotency-Key` header. None when there is none, when the
    two differ (a validation error), or when no order can have it."""
    try:
        document = json.loads(body)
    except ValueError:  # not JSON, not UTF-8: validation says so
        document = None
    reference = document.get("client_reference") if isinstance(document, dict) else None
    in_body = reference if isinstance(reference, str) and reference else None
    if in_body is not None and header and in_body != header:
        return None
    key = in_body or header or None
    return key if key is not None and _storable(key) else None


def place(
    session: Session, customer_id: int, body: bytes, header_key: str | None
) -> tuple[Order, bool]:
    """Place an order in one transaction, the customer locked: (order, created). The rules run
    in the documented order; a repeated client reference (the body's, or the Idempotency-Key
    header) returns the first order and creates nothing."""
    key = _repeat_key(body, header_key)
    try:
        with session.begin():
            customer = _lock_customer(session, customer_id)
            existing = _existing(session, customer_id, key)
            if existing is not None:
                return existing, False
            new = schemas.parse_body(schemas.NewOrder, body)
            order = _build(session, customer, new, header_key or None)
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


def _validate(
    session: Session, new: schemas.NewOrder, header_key: str | None, today: datetime.date
) -> dict[str, Any]:
    """Every validation problem at once, in the documented order; the catalogue's products
    (rows of the products table)."""
    errors = []
    if new.currency not in SUPPORTED_CURRENCIES:
        errors.append(field_error("currency", "unsupported", "Only EUR is supported."))
    if not new.lines:
        errors.append(field_error("lines", "required", "An order needs at least one line."))
    skus = {line.sku for line in new.lines}
    products = session.connection().execute(_CATALOGUE, {"skus": sorted(skus)})
    catalogue = {p.sku: p for p in products}
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
    reference = new.client_reference or None
    if reference is not None and len(reference) > schemas.MAX_CLIENT_REFERENCE:
        errors.append(
            field_error(
                "client_reference",
                "too_long",
                f"client_reference must be at most {schemas.MAX_CLIENT_REFERENCE} characters.",
            )
        )
    if reference is not None and header_key is not None and reference != header_key:
        errors.append(
            field_error(
                "client_reference",
                "conflict",
                "client_reference and the Idempotency-Key header differ.",
            )
        )
    if new.requested_delivery_date is not None and new.requested_delivery_date <= today:
        errors.append(
            field_error(
                "requested_delivery_date",
                "not_in_future",
                "requested_delivery_date must be after today (UTC).",
            )
        )
    if errors:
        raise validation(errors)
    return catalogue


def _build(
    session: Session, customer: Customer, new: schemas.NewOrder, header_key: str | None
) -> Order:
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    catalogue = _validate(session, new, header_key, now.date())
    if customer.status != "active":
        raise ProblemError(
            "customer-not-active",
            f"Customer {customer.id} is {customer.status} and cannot place orders.",
            customer_id=customer.id,
            customer_status=customer.status,
        )
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
            f"Order total {schemas.amount(total)} EUR exceeds available credit "
            f"{schemas.amount(available)} EUR.",
            customer_id=customer.id,
            order_total=schemas.money(total),
            available_credit=schemas.money(available),
        )
    customer.balance_cents += total  # a scheduled order counts like a confirmed one
    delivery = new.requested_delivery_date
    scheduled = delivery is not None and (delivery - now.date()).days >= SCHEDULED_AFTER_DAYS
    shipping = new.shipping_address.columns("shipping_") if new.shipping_address else {}
    return Order(
        customer_id=customer.id,
        order_date=now.date(),
        status="scheduled" if scheduled else "confirmed",
        currency=new.currency,
        notes=new.notes,
        created_at=now,
        client_reference=new.client_reference or header_key,
        requested_delivery_date=delivery,
        lines=lines,
        **shipping,
    )


def _refuse_closed(order: Order, *, shipped: str, cancelled: str) -> None:
    """A shipped or cancelled order cannot change: the problem, with the detail given."""
    if order.status == "shipped":
        raise ProblemError("order-already-shipped", shipped, order_id=order.id)
    if order.status == "cancelled":
        raise ProblemError("order-already-cancelled", cancelled, order_id=order.id)


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
        _refuse_closed(
            order,
            shipped=f"Order {order_id} has shipped and cannot be cancelled.",
            cancelled=f"Order {order_id} is already cancelled.",
        )
        order.status = "cancelled"
        order.cancelled_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
        order.cancel_reason = reason
        customer.balance_cents -= total_cents(order)
    return order


def set_shipping_address(session: Session, order_id: int, body: bytes) -> Order:
    """Replace the order's shipping address in one transaction, the order locked; status,
    lines and balance stay as they are."""
    with session.begin():
        order = session.scalars(select(Order).where(Order.id == order_id).with_for_update()).first()
        if order is None:
            raise _not_found(order_id)
        address = schemas.parse_body(schemas.NewAddress, body)
        _refuse_closed(
            order,
            shipped=f"Order {order_id} has shipped and its address cannot change.",
            cancelled=f"Order {order_id} is cancelled.",
        )
        for column, value in address.columns("shipping_").items():
            setattr(order, column, value)
    return order
