"""ListOrders: GET /v1/customers/{id}/orders with date and status filters, every match (no paging)."""

from mappings import _codecs as c
from mappings._shapes import CUSTOMER_NOT_FOUND, validation_fault
from mappings.v2011_03._shapes import ORDER, ORDER_STATUS
from soap_adapter.mapping import Each, Field, Operation, Request

MAPPING = Operation(
    name="ListOrders",
    request=Request("GET", "/v1/customers/{customer_id}/orders", params=(
        Field("CustomerId", "customer_id", c.CUSTOMER_ID),
        Field("FromDate",   "from_date",   c.DATE),
        Field("ToDate",     "to_date",     c.DATE),
        Field("Status",     "status",      ORDER_STATUS),  # Confirmed: status=confirmed&status=scheduled
    )),
    result=Each("ListOrdersResult/Order", "items", ORDER),
    faults={
        "customer-not-found": CUSTOMER_NOT_FOUND,
        "validation-error": validation_fault(
            Field("Field",   "field", c.error_field({"from_date": "FromDate", "to_date": "ToDate"})),
            Field("Code",    "code",  c.ERROR_CODE),
            Field("Message", "",      c.error_message({
                ("from_date", "invalid_range"): "FromDate must not be after ToDate.",
            })),
        ),
    },
)
