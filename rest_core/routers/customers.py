"""Customers: read one, search with filters and pages, update one's contact."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from rest_core import schemas
from rest_core.dependencies import DB, RawBody, Writer
from rest_core.security import Caller, CurrentCaller, require_operator
from rest_core.services import customers

router = APIRouter(prefix="/v1/customers", tags=["customers"])


@router.get(
    "/{customer_id}",
    response_model=schemas.Customer,
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("customer-not-found"),
)
def get_customer(
    customer_id: schemas.CustomerId, session: DB, _: CurrentCaller
) -> schemas.Customer:
    return customers.render(customers.get(session, customer_id))


@router.patch(
    "/{customer_id}",
    response_model=schemas.Customer,
    responses=schemas.problem_responses(403, 404, 422),
    openapi_extra={
        **schemas.problem_types("customer-not-found", "validation-error"),
        **schemas.request_body(schemas.ContactUpdate),
    },
)
def update_contact(
    _: Annotated[Caller, Depends(require_operator("update_customer_contact"))],
    customer_id: schemas.CustomerId,
    body: RawBody,
    session: Writer,
) -> schemas.Customer:
    return customers.render(customers.update_contact(session, customer_id, body))


@router.get(
    "",
    response_model=schemas.CustomerPage,
    responses=schemas.problem_responses(422),
    openapi_extra=schemas.problem_types("validation-error"),
)
def search_customers(
    session: DB,
    _: CurrentCaller,
    name_contains: Annotated[
        schemas.Text | None, Query(description="Case-insensitive part of the name")
    ] = None,
    status: schemas.CustomerStatus | None = None,
    page: Annotated[int, Query(description="1-based")] = 1,
    page_size: Annotated[int, Query(description="1 to 100")] = 20,
) -> schemas.CustomerPage:
    return customers.search(
        session, name_contains=name_contains, status=status, page=page, page_size=page_size
    )
