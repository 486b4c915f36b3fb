"""CreateOrder: POST /v1/customers/{id}/orders; ClientReference is the Idempotency-Key."""

from mappings import _codecs as c
from mappings._shapes import CUSTOMER_NOT_FOUND, business_rule, validation_fault
from soap_adapter.mapping import Each, Field, Group, Operation, Request

NEW_ORDER_LINE = (
    Field("Sku",      "sku"),
    Field("Quantity", "quantity", c.INT),
)

CONFIRMATION = (
    Field("OrderId",     "id",         c.ORDER_ID),
    Field("Status",      "status",     c.ORDER_STATUS),
    Field("TotalAmount", "total",      c.MONEY),
    Field("Currency",    "currency"),
    Field("CreatedAt",   "created_at", c.DATETIME),
)

# REST field -> legacy ValidationError Field: `lines[0].sku` becomes `Lines[1].Sku`.
ERROR_FIELDS = {"currency": "Currency", "lines": "Lines", "sku": "Sku", "quantity": "Quantity"}

MAPPING = Operation(
    name="CreateOrder",
    request=Request(
        "POST", "/v1/customers/{customer_id}/orders",
        params=(Field("CustomerId", "customer_id", c.CUSTOMER_ID),),
        body=(
            Field("Currency", "currency"),
            Each("Lines/NewOrderLine", "lines", NEW_ORDER_LINE),
            Field("Notes", "notes"),
        ),
        headers=(Field("ClientReference", "Idempotency-Key"),),
    ),
    result=Group("CreateOrderResult", "", CONFIRMATION),
    faults={
        "customer-not-found": CUSTOMER_NOT_FOUND,
        "validation-error": validation_fault(
            Field("Field",   "field", c.error_field(ERROR_FIELDS)),
            Field("Code",    "code",  c.ERROR_CODE),
            Field("Message", "",      c.error_message({})),
        ),
        "customer-not-active": business_rule(
            "CustomerNotActive",
            "Customer {customer_id} is {customer_status} and cannot place orders.",
            Field("customer_id",     "customer_id",     c.CUSTOMER_ID),
            Field("customer_status", "customer_status", c.CUSTOMER_STATUS),
        ),
        "credit-limit-exceeded": business_rule(
            "CreditLimitExceeded",
            "Order total {order_total} EUR exceeds available credit {available_credit} EUR.",
            Field("order_total",      "order_total",      c.MONEY),
            Field("available_credit", "available_credit", c.MONEY),
        ),
    },
)
