"""Customers: read one, search with filters and pages, update one's contact."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from rest_core import schemas
from rest_core.dependencies import RawBody, SettingsDep, Writer
from rest_core.responses import JsonDocument
from rest_core.security import Caller, CurrentCaller, require_operator
from rest_core.services import customers

router = APIRouter(prefix="/v1/customers", tags=["customers"])


@router.get(
    "/{customer_id}",
    response_model=schemas.Customer,
    responses=schemas.problem_responses(404, 422),
    openapi_extra=schemas.problem_types("customer-not-found"),
)
async def get_customer(
    customer_id: schemas.CustomerId, settings: SettingsDep, _: CurrentCaller
) -> Response:
    return JsonDocument(await customers.read(settings, customer_id))


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
) -> Response:
    return JsonDocument(customers.document(customers.update_contact(session, customer_id, body)))


@router.get(
    "",
    response_model=schemas.CustomerPage,
    responses=schemas.problem_responses(422),
    openapi_extra=schemas.problem_types("validation-error"),
)
async def search_customers(
    settings: SettingsDep,
    _: CurrentCaller,
    name_contains: Annotated[
        schemas.Text | None, Query(description="Case-insensitive part of the name")
    ] = None,
    status: schemas.CustomerStatus | None = None,
    page: Annotated[int, Query(description="1-based")] = 1,
    page_size: Annotated[int, Query(description="1 to 100")] = 20,
) -> Response:
    page_of_customers = await customers.search(
        settings, name_contains=name_contains, status=status, page=page, page_size=page_size
    )
    return JsonDocument(page_of_customers)
