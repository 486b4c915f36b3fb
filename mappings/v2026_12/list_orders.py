"""ListOrders: GET /v1/customers/{id}/orders, filtered and paged; an OrderPage comes back."""

from mappings import _codecs as c
from mappings._shapes import CUSTOMER_NOT_FOUND, validation_fault
from mappings.v2026_12._shapes import ORDER, ORDER_STATUS
from soap_adapter.mapping import Each, Field, Group, Operation, Request

PAGE = (
    Each("Orders/Order", "items",     ORDER),
    Field("PageNumber",  "page",      c.INT),
    Field("PageSize",    "page_size", c.INT),
    Field("TotalCount",  "total",     c.INT),
)

MAPPING = Operation(
    name="ListOrders",
    request=Request("GET", "/v1/customers/{customer_id}/orders", params=(
        Field("CustomerId", "customer_id", c.CUSTOMER_ID),
        Field("FromDate",   "from_date",   c.DATE),
        Field("ToDate",     "to_date",     c.DATE),
        Field("Status",     "status",      ORDER_STATUS),  # Confirmed does not match Scheduled here
        Field("PageNumber", "page",        c.INT),
        Field("PageSize",   "page_size",   c.INT),
    )),
    result=Group("ListOrdersResult", "", PAGE),
    faults={
        "customer-not-found": CUSTOMER_NOT_FOUND,
        "validation-error": validation_fault(
            Field("Field",   "field", c.error_field({
                "from_date": "FromDate", "to_date": "ToDate",
                "page": "PageNumber", "page_size": "PageSize",
            })),
            Field("Code",    "code",  c.ERROR_CODE),
            Field("Message", "",      c.error_message({
                ("from_date", "invalid_range"): "FromDate must not be after ToDate.",
                ("page", "out_of_range"):       "PageNumber must be 1 or more.",
                ("page_size", "out_of_range"):  "PageSize must be between 1 and 100.",
            })),
        ),
    },
)
