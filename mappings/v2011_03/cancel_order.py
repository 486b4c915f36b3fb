"""CancelOrder: POST /v1/orders/{id}/cancel; the whole order comes back."""

from mappings import _codecs as c
from mappings._shapes import ORDER_NOT_FOUND, business_rule
from mappings.v2011_03._shapes import ORDER
from soap_adapter.mapping import Field, Group, Mirror, Operation, Request

ORDER_ID = Field("order_id", "order_id", c.ORDER_ID)

# While the legacy service takes CancelOrder: the cancellation it made, with its time.
MIRROR = Mirror(
    "PUT", "/v1/orders/{order_id}/cancellation",
    params=(Field("CancelOrderResult/OrderId", "order_id", c.ORDER_ID),),
    body=(
        Field("CancelOrderResult/CancelReason", "reason"),
        Field("CancelOrderResult/CancelledAt",  "cancelled_at"),
    ),
)

MAPPING = Operation(
    name="CancelOrder",
    request=Request(
        "POST", "/v1/orders/{order_id}/cancel",
        params=(Field("OrderId", "order_id", c.ORDER_ID),),
        body=(Field("Reason", "reason"),),
    ),
    result=Group("CancelOrderResult", "", ORDER),
    faults={
        "order-not-found": ORDER_NOT_FOUND,
        "order-already-shipped": business_rule(
            "OrderAlreadyShipped", "Order {order_id} has shipped and cannot be cancelled.", ORDER_ID,
        ),
        "order-already-cancelled": business_rule(
            "OrderAlreadyCancelled", "Order {order_id} is already cancelled.", ORDER_ID,
        ),
    },
    mirror=MIRROR,
)
