"""Orders: place one for a customer, list a customer's, read one, cancel one."""

import datetime
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.db import get_session, session_factory
from rest_core.security import Caller, CurrentCaller, require_operator
from rest_core.services import orders
from rest_core.settings import Settings, get_settings

router = APIRouter(tags=["orders"])
DB = Annotated[Session, Depends(get_session)]


def get_writer(settings: Annotated[Settings, Depends(get_settings)]) -> Iterator[Session]:
    with session_factory(settings, write=True)() as session:
        yield session


Writer = Annotated[Session, Depends(get_writer)]


@router.post(
    "/v1/customers/{customer_id}/orders",
    response_model=schemas.Order,
    status_code=201,
    responses={
        200: {
            "model": schemas.Order,
            "description": "The order first placed with this Idempotency-Key",
        },
        **schemas.problem_responses(403, 404, 409, 422),
    },
    openapi_extra=schemas.problem_types(
        "customer-not-found", "validation-error", "customer-not-active", "credit-limit-exceeded"
    ),
)
def place_order(
    customer_id: int,
    new: schemas.NewOrder,
    response: Response,
    session: Writer,
    _: Annotated[Caller, Depends(require_operator("create_order"))],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> schemas.Order:
    order, created = orders.place(session, customer_id, new, idempotency_key)
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/v1/orders/{order.id}"
    return orders.render(order)


@router.get(
    "/v1/customers/{customer_id}/orders",
    response_model=schemas.OrderList,
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("customer-not-found", "validation-error"),
)
def list_orders(
    customer_id: int,
    session: DB,
    _: CurrentCaller,
    from_date: datetime.date | None = None,
    to_date: datetime.date | None = None,
    status: schemas.OrderStatus | None = None,
) -> schemas.OrderList:
    found = orders.list_for_customer(
        session, customer_id, from_date=from_date, to_date=to_date, status=status
    )
    return schemas.OrderList(items=[orders.render(o) for o in found])


@router.get(
    "/v1/orders/{order_id}",
    response_model=schemas.Order,
    responses=schemas.problem_responses(404),
    openapi_extra=schemas.problem_types("order-not-found"),
)
def get_order(order_id: int, session: DB, _: CurrentCaller) -> schemas.Order:
    return orders.render(orders.get(session, order_id))


@router.post(
    "/v1/orders/{order_id}/cancel",
    response_model=schemas.Order,
    responses=schemas.problem_responses(403, 404, 409),
    openapi_extra=schemas.problem_types(
        "order-not-found", "order-already-shipped", "order-already-cancelled"
    ),
)
def cancel_order(
    order_id: int,
    cancellation: schemas.Cancellation,
    session: Writer,
    _: Annotated[Caller, Depends(require_operator("cancel_order"))],
) -> schemas.Order:
    return orders.render(orders.cancel(session, order_id, cancellation.reason))
