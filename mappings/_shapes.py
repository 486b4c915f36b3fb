"""Shapes and faults every release shares: Address, Customer, Order, the not-found faults.

A release's own shapes (`mappings/<release>/_shapes.py`) add its elements to these: an order's
`Status` there, with the release's enumeration, and what the release added. Elements are written
in XSD order whatever the order here.
"""

from mappings import _codecs as c
from soap_adapter.mapping import Const, Each, Fault, Field, Group, Template

ADDRESS = (
    Field("Street", "street"),
    Field("City", "city"),
    Field("PostalCode", "postal_code"),
    Field("CountryCode", "country_code"),
)

CUSTOMER = (
    Field("CustomerId", "id", c.CUSTOMER_ID),
    Field("Name", "name"),
    Field("Email", "email"),  # minOccurs=0: left out when null
    Field("Status", "status", c.CUSTOMER_STATUS),
    Field("CreditLimit", "credit_limit", c.MONEY),
    Field("Balance", "balance", c.MONEY),
    Group("BillingAddress", "billing_address", ADDRESS),  # nillable: xsi:nil when null
    Field("CreatedAt", "created_at", c.DATETIME),
)

ORDER_LINE = (
    Field("LineNumber", "line_number", c.INT),
    Field("Sku", "sku"),
    Field("Description", "description"),  # minOccurs=0: left out when null
    Field("Quantity", "quantity", c.INT),
    Field("UnitPrice", "unit_price", c.MONEY),
    Field("LineTotal", "line_total", c.MONEY),
)

# An Order without its Status: each release shows the status in its own enumeration.
ORDER_WITHOUT_STATUS = (
    Field("OrderId", "id", c.ORDER_ID),
    Field("CustomerId", "customer_id", c.CUSTOMER_ID),
    Field("OrderDate", "order_date", c.DATE),
    Field("Currency", "currency"),
    Each("Lines/OrderLine", "lines", ORDER_LINE),
    Field("TotalAmount", "total", c.MONEY),
    Field("Notes", "notes"),  # nillable: xsi:nil when null
    Field("CancelledAt", "cancelled_at", c.DATETIME),  # minOccurs=0: only on cancelled orders
    Field("CancelReason", "cancel_reason"),
)

# CreateOrder's confirmation without its Status.
CONFIRMATION_WITHOUT_STATUS = (
    Field("OrderId",     "id",         c.ORDER_ID),
    Field("TotalAmount", "total",      c.MONEY),
    Field("Currency",    "currency"),
    Field("CreatedAt",   "created_at", c.DATETIME),
)

NEW_ORDER_LINE = (
    Field("Sku",      "sku"),
    Field("Quantity", "quantity", c.INT),
)

# REST validation field -> legacy ValidationError Field: `lines[0].sku` becomes `Lines[1].Sku`.
CREATE_ORDER_ERROR_FIELDS = {
    "currency": "Currency",
    "lines": "Lines",
    "sku": "Sku",
    "quantity": "Quantity",
    # ClientReference travels as the JSON member client_reference (issue 8 item 5); its limit
    # is the REST core's, reported with the SOAP name.
    "client_reference": "ClientReference",
    "requested_delivery_date": "RequestedDeliveryDate",
    "shipping_address": "ShippingAddress",
    "street": "Street",
    "city": "City",
    "postal_code": "PostalCode",
    "country_code": "CountryCode",
}
CREATE_ORDER_MESSAGES = {
    ("client_reference", "too_long"): "ClientReference must be at most 200 characters.",
    ("requested_delivery_date", "not_in_future"): "RequestedDeliveryDate must be after today.",
}

CUSTOMER_NOT_FOUND = Fault(
    "CustomerNotFoundFault",
    string="Customer {CustomerId} was not found.",
    detail=(Field("CustomerId", "customer_id", c.CUSTOMER_ID),),
)

ORDER_NOT_FOUND = Fault(
    "OrderNotFoundFault",
    string="Order {OrderId} was not found.",
    detail=(Field("OrderId", "order_id", c.ORDER_ID),),
)


def business_rule(rule_code: str, message: str, *params: Field) -> Fault:
    """A BusinessRuleFault: fixed RuleCode, Message made from the problem's members."""
    return Fault(
        "BusinessRuleFault",
        string="{Message}",
        detail=(Const("RuleCode", rule_code), Template("Message", message, params)),
    )


def validation_fault(*error: Field) -> Fault:
    """A ValidationFault with one ValidationError per REST error, in the REST core's order."""
    return Fault(
        "ValidationFault",
        string="The request is not valid.",
        detail=(Each("Errors/ValidationError", "errors", error),),
    )


CUSTOMER_NOT_ACTIVE = business_rule(
    "CustomerNotActive",
    "Customer {customer_id} is {customer_status} and cannot place orders.",
    Field("customer_id",     "customer_id",     c.CUSTOMER_ID),
    Field("customer_status", "customer_status", c.CUSTOMER_STATUS),
)

CREDIT_LIMIT_EXCEEDED = business_rule(
    "CreditLimitExceeded",
    "Order total {order_total} EUR exceeds available credit {available_credit} EUR.",
    Field("order_total",      "order_total",      c.MONEY),
    Field("available_credit", "available_credit", c.MONEY),
)
