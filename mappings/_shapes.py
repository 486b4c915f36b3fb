"""Result shapes and faults that several operations share: Customer, Order, the not-found faults."""

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

ORDER = (
    Field("OrderId", "id", c.ORDER_ID),
    Field("CustomerId", "customer_id", c.CUSTOMER_ID),
    Field("OrderDate", "order_date", c.DATE),
    Field("Status", "status", c.ORDER_STATUS),
    Field("Currency", "currency"),
    Each("Lines/OrderLine", "lines", ORDER_LINE),
    Field("TotalAmount", "total", c.MONEY),
    Field("Notes", "notes"),  # nillable: xsi:nil when null
    Field("CancelledAt", "cancelled_at", c.DATETIME),  # minOccurs=0: only on cancelled orders
    Field("CancelReason", "cancel_reason"),
)

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
