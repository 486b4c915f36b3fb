"""CreateOrder: POST /v1/customers/{id}/orders; ClientReference is the body's client_reference."""

from mappings import _codecs as c
from mappings._shapes import (
    CREATE_ORDER_ERROR_FIELDS,
    CREATE_ORDER_MESSAGES,
    CREDIT_LIMIT_EXCEEDED,
    CUSTOMER_NOT_ACTIVE,
    CUSTOMER_NOT_FOUND,
    NEW_ORDER_LINE,
    validation_fault,
)
from mappings.v2011_03._shapes import CONFIRMATION
from soap_adapter.mapping import Each, Field, Group, Mirror, Operation, Request

# The legacy's own status, kept as it is (its Confirmed is never a scheduled order).
LEGACY_STATUS = c.title_case("order_status_legacy", ["New", "Confirmed", "Shipped", "Cancelled"])

# While the legacy service takes CreateOrder: the order it confirmed, with its id, total and time.
MIRROR = Mirror(
    "PUT", "/v1/orders/{order_id}",
    params=(Field("CreateOrderResult/OrderId", "order_id", c.ORDER_ID),),
    body=(
        Field("CreateOrder/CustomerId",       "customer_id",      c.CUSTOMER_ID),
        Field("CreateOrder/Currency",         "currency"),
        Each("CreateOrder/Lines/NewOrderLine", "lines",           NEW_ORDER_LINE),
        Field("CreateOrder/Notes",            "notes"),
        Field("CreateOrder/ClientReference",  "client_reference"),
        Field("CreateOrderResult/Status",     "status",           LEGACY_STATUS),
        Field("CreateOrderResult/TotalAmount", "total",           c.MONEY),
        Field("CreateOrderResult/CreatedAt",  "created_at"),
    ),
)

MAPPING = Operation(
    name="CreateOrder",
    request=Request(
        "POST", "/v1/customers/{customer_id}/orders",
        params=(Field("CustomerId", "customer_id", c.CUSTOMER_ID),),
        body=(
            Field("Currency",        "currency"),
            Each("Lines/NewOrderLine", "lines", NEW_ORDER_LINE),
            Field("Notes",           "notes"),
            # In the body, not a header: any text XML carries is kept exactly (issue 8 item 5).
            Field("ClientReference", "client_reference"),
        ),
        idempotency_key="client_reference",
    ),
    result=Group("CreateOrderResult", "", CONFIRMATION),  # a repeat: the first order's, as 2011-03
    faults={
        "customer-not-found": CUSTOMER_NOT_FOUND,
        "validation-error": validation_fault(
            Field("Field",   "field", c.error_field(CREATE_ORDER_ERROR_FIELDS)),
            Field("Code",    "code",  c.ERROR_CODE),
            Field("Message", "",      c.error_message(CREATE_ORDER_MESSAGES)),
        ),
        "customer-not-active":   CUSTOMER_NOT_ACTIVE,
        "credit-limit-exceeded": CREDIT_LIMIT_EXCEEDED,
    },
    mirror=MIRROR,
)
