"""Orders: place one for a customer, list a customer's, read one, cancel one, set where one
ships to."""

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.orm import Session

from rest_core import schemas
from rest_core.dependencies import DB, RawBody, SettingsDep, Writer, in_session
from rest_core.responses import JsonDocument
from rest_core.security import Caller, CurrentCaller, require_operator
from rest_core.services import orders, replication

router = APIRouter(tags=["orders"])


@router.post(
    "/v1/customers/{customer_id}/orders",
    response_model=schemas.Order,
    status_code=201,
    responses={
        200: {
            "model": schemas.Order,
            "description": "The order first placed with this client_reference (or "
            "Idempotency-Key) for this customer: nothing was created",
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
async def place_order(
    _: Annotated[Caller, Depends(require_operator("create_order"))],
    customer_id: schemas.CustomerId,
    body: RawBody,
    settings: SettingsDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            description="The same key as the body's client_reference, for clients that send "
            "it as a header (ASCII): a repeat returns the first order",
        ),
    ] = None,
) -> Response:
    def place(session: Session) -> tuple[dict[str, Any], bool]:
        order, created = orders.place(session, customer_id, body, idempotency_key)
        return orders.render(order), created

    document, created = await in_session(settings, place, write=True)
    return JsonDocument(
        document,
        status_code=201 if created else 200,
        headers={"Location": f"/v1/orders/{document['id']}"},
    )


@router.get(
    "/v1/customers/{customer_id}/orders",
    response_model=schemas.OrderPage,
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("customer-not-found", "validation-error"),
)
def list_orders(
    customer_id: schemas.CustomerId,
    session: DB,
    _: CurrentCaller,
    from_date: Annotated[datetime.date | None, Query(description="Inclusive")] = None,
    to_date: Annotated[datetime.date | None, Query(description="Inclusive")] = None,
    status: Annotated[
        list[schemas.OrderStatus] | None,
        Query(description="Repeatable: an order with any of the statuses matches"),
    ] = None,
    page: Annotated[
        int | None, Query(description="1-based; with neither page nor page_size, every match")
    ] = None,
    page_size: Annotated[
        int | None, Query(description=f"1 to 100; {orders.DEFAULT_PAGE_SIZE} when only page")
    ] = None,
) -> Response:
    page_of_orders = orders.list_for_customer(
        session,
        customer_id,
        from_date=from_date,
        to_date=to_date,
        statuses=status or [],
        page=page,
        page_size=page_size,
    )
    return JsonDocument(page_of_orders)


@router.get(
    "/v1/orders/{order_id}",
    response_model=schemas.Order,
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("order-not-found"),
)
async def get_order(order_id: schemas.OrderId, settings: SettingsDep, _: CurrentCaller) -> Response:
    return JsonDocument(await orders.read(settings, order_id))


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
) -> Response:
    return JsonDocument(orders.render(orders.cancel(session, order_id, body)))


@router.put(
    "/v1/orders/{order_id}/shipping-address",
    response_model=schemas.Order,
    responses=schemas.problem_responses(403, 404, 409, 422),
    openapi_extra={
        **schemas.problem_types(
            "order-not-found",
            "validation-error",
            "order-already-shipped",
            "order-already-cancelled",
        ),
        **schemas.request_body(schemas.NewAddress),
    },
)
def set_shipping_address(
    _: Annotated[Caller, Depends(require_operator("update_shipping_address"))],
    order_id: schemas.OrderId,
    body: RawBody,
    session: Writer,
) -> Response:
    return JsonDocument(orders.render(orders.set_shipping_address(session, order_id, body)))


@router.put(
    "/v1/orders/{order_id}",
    response_model=schemas.Order,
    status_code=201,
    summary="Keep an order another system of record placed, as placed (replication)",
    responses={
        200: {"model": schemas.Order, "description": "The same order was already here"},
        **schemas.problem_responses(403, 404, 409, 422),
    },
    openapi_extra={
        **schemas.problem_types("customer-not-found", "validation-error", "order-exists"),
        **schemas.request_body(schemas.OrderReplica),
    },
)
def put_order(
    _: Annotated[Caller, Depends(require_operator("replicate_orders"))],
    order_id: schemas.OrderId,
    body: RawBody,
    session: Writer,
) -> Response:
    order, created = replication.put_order(session, order_id, body)
    return JsonDocument(
        orders.render(order),
        status_code=201 if created else 200,
        headers={"Location": f"/v1/orders/{order.id}"},
    )


@router.put(
    "/v1/orders/{order_id}/cancellation",
    response_model=schemas.Order,
    summary="Keep a cancellation another system of record made, with its time (replication)",
    responses=schemas.problem_responses(403, 404, 409, 422),
    openapi_extra={
        **schemas.problem_types(
            "order-not-found",
            "validation-error",
            "order-already-shipped",
            "order-already-cancelled",
        ),
        **schemas.request_body(schemas.CancellationReplica),
    },
)
def put_cancellation(
    _: Annotated[Caller, Depends(require_operator("replicate_orders"))],
    order_id: schemas.OrderId,
    body: RawBody,
    session: Writer,
) -> Response:
    return JsonDocument(orders.render(replication.put_cancellation(session, order_id, body)))
