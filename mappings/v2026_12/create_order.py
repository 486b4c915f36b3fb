"""CreateOrder: POST /v1/customers/{id}/orders; a delivery date 31+ days ahead makes it Scheduled."""

from mappings import _codecs as c
from mappings._shapes import (
    ADDRESS,
    CREATE_ORDER_ERROR_FIELDS,
    CREATE_ORDER_MESSAGES,
    CREDIT_LIMIT_EXCEEDED,
    CUSTOMER_NOT_ACTIVE,
    CUSTOMER_NOT_FOUND,
    NEW_ORDER_LINE,
    validation_fault,
)
from mappings.v2026_12._shapes import CONFIRMATION
from soap_adapter.mapping import Each, Field, Group, Operation, Request

MAPPING = Operation(
    name="CreateOrder",
    request=Request(
        "POST", "/v1/customers/{customer_id}/orders",
        params=(Field("CustomerId", "customer_id", c.CUSTOMER_ID),),
        body=(
            Field("Currency",              "currency"),
            Each("Lines/NewOrderLine",     "lines", NEW_ORDER_LINE),
            Field("Notes",                 "notes"),
            Field("ClientReference",       "client_reference"),
            Field("RequestedDeliveryDate", "requested_delivery_date", c.DATE),
            Group("ShippingAddress",       "shipping_address", ADDRESS),
        ),
        idempotency_key="client_reference",
    ),
    result=Group("CreateOrderResult", "", CONFIRMATION),
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
)
