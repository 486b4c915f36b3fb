"""SearchCustomers: GET /v1/customers with filters; both sides count pages from 1."""

from mappings import _codecs as c
from mappings._shapes import validation_fault
from mappings.v2026_12._shapes import CUSTOMER_2026
from soap_adapter.mapping import Each, Field, Group, Operation, Request

PAGE = (
    Each("Customers/Customer", "items", CUSTOMER_2026),
    Field("PageNumber", "page",      c.INT),
    Field("PageSize",   "page_size", c.INT),
    Field("TotalCount", "total",     c.INT),
)

MAPPING = Operation(
    name="SearchCustomers",
    request=Request("GET", "/v1/customers", params=(
        Field("NameContains", "name_contains"),
        Field("Status",       "status",    c.CUSTOMER_STATUS),
        Field("PageNumber",   "page",      c.INT),
        Field("PageSize",     "page_size", c.INT),
    )),
    result=Group("SearchCustomersResult", "", PAGE),
    faults={
        "validation-error": validation_fault(
            Field("Field",   "field", c.error_field({"page": "PageNumber", "page_size": "PageSize"})),
            Field("Code",    "code",  c.ERROR_CODE),
            Field("Message", "",      c.error_message({
                ("page", "out_of_range"):      "PageNumber must be 1 or more.",
                ("page_size", "out_of_range"): "PageSize must be between 1 and 100.",
            })),
        ),
    },
)
