"""GetCustomer: GET /v1/customers/{id}."""

from mappings import _codecs as c
from mappings._shapes import CUSTOMER_NOT_FOUND
from mappings.v2026_12._shapes import CUSTOMER_2026
from soap_adapter.mapping import Field, Group, Operation, Request

MAPPING = Operation(
    name="GetCustomer",
    request=Request("GET", "/v1/customers/{customer_id}", params=(
        Field("CustomerId", "customer_id", c.CUSTOMER_ID),
    )),
    result=Group("GetCustomerResult", "", CUSTOMER_2026),
    faults={"customer-not-found": CUSTOMER_NOT_FOUND},
)
