"""Orders: place one for a customer, list a customer's, read one, cancel one."""

import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response

from rest_core import schemas
from rest_core.dependencies import DB, Writer
from rest_core.security import Caller, CurrentCaller, require_operator
from rest_core.services import orders

router = APIRouter(tags=["orders"])


async def raw_body(request: Request) -> bytes:
    """The body, unparsed: endpoints parse it after authentication and their existence checks
    (FastAPI would parse a declared body first, answering malformed JSON before a 401)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


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
    openapi_extra={
        **schemas.problem_types(
            "customer-not-found", "validation-error", "customer-not-active", "credit-limit-exceeded"
        ),
        **schemas.request_body(schemas.NewOrder),
    },
)
def place_order(
    _: Annotated[Caller, Depends(require_operator("create_order"))],
    customer_id: schemas.CustomerId,
    body: RawBody,
    response: Response,
    session: Writer,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            description="Makes the call idempotent per customer: a repeat returns the first order",
        ),
    ] = None,
) -> schemas.Order:
    order, created = orders.place(session, customer_id, body, idempotency_key)
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
    customer_id: schemas.CustomerId,
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
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("order-not-found"),
)
def get_order(order_id: schemas.OrderId, session: DB, _: CurrentCaller) -> schemas.Order:
    return orders.render(orders.get(session, order_id))


@router.post(
    "/v1/orders/{order_id}/cancel",
    response_model=schemas.Order,
    responses=schemas.problem_responses(403, 404, 409, 422),
    openapi_extra={
        **schemas.problem_types(
            "order-not-found",
            "order-already-shipped",
            "order-already-cancelled",
        ),
        **schemas.request_body(schemas.Cancellation),
    },
)
def cancel_order(
    _: Annotated[Caller, Depends(require_operator("cancel_order"))],
    order_id: schemas.OrderId,
    body: RawBody,
    session: Writer,
) -> schemas.Order:
    return orders.render(orders.cancel(session, order_id, body))
