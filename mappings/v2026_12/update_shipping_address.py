"""UpdateShippingAddress: PUT /v1/orders/{id}/shipping-address; the whole order comes back."""

from mappings import _codecs as c
from mappings._shapes import ADDRESS, ORDER_NOT_FOUND, business_rule
from mappings.v2026_12._shapes import ORDER
from soap_adapter.mapping import Field, Group, Operation, Request

ORDER_ID = Field("order_id", "order_id", c.ORDER_ID)

MAPPING = Operation(
    name="UpdateShippingAddress",
    request=Request(
        "PUT", "/v1/orders/{order_id}/shipping-address",
        params=(Field("OrderId", "order_id", c.ORDER_ID),),
        body=(Group("ShippingAddress", "", ADDRESS),),  # the body is the Address itself
    ),
    result=Group("UpdateShippingAddressResult", "", ORDER),
    faults={
        "order-not-found": ORDER_NOT_FOUND,
        "order-already-shipped": business_rule(
            "OrderAlreadyShipped", "Order {order_id} has shipped and its address cannot change.",
            ORDER_ID,
        ),
        "order-already-cancelled": business_rule(
            "OrderCancelled", "Order {order_id} is cancelled.", ORDER_ID,
        ),
    },
    # The operation declares no ValidationFault: the XSD's Address (CountryCode of length 2,
    # text XML can carry) already refuses what the REST core's validation would.
    ruled_out={"validation-error": "the XSD's Address admits only addresses the REST core accepts"},
)
