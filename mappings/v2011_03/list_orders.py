"""ListOrders: GET /v1/customers/{id}/orders with date and status filters."""

from mappings import _codecs as c
from mappings._shapes import CUSTOMER_NOT_FOUND, ORDER, validation_fault
from soap_adapter.mapping import Each, Field, Operation, Request

MAPPING = Operation(
    name="ListOrders",
    request=Request("GET", "/v1/customers/{customer_id}/orders", params=(
        Field("CustomerId", "customer_id", c.CUSTOMER_ID),
        Field("FromDate",   "from_date",   c.DATE),
        Field("ToDate",     "to_date",     c.DATE),
        Field("Status",     "status",      c.ORDER_STATUS),
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
