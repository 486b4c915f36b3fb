"""GetOrder: GET /v1/orders/{id}."""

from mappings import _codecs as c
from mappings._shapes import ORDER_NOT_FOUND
from mappings.v2026_12._shapes import ORDER
from soap_adapter.mapping import Field, Group, Operation, Request

MAPPING = Operation(
    name="GetOrder",
    request=Request("GET", "/v1/orders/{order_id}", params=(
        Field("OrderId", "order_id", c.ORDER_ID),
    )),
    result=Group("GetOrderResult", "", ORDER),
    faults={"order-not-found": ORDER_NOT_FOUND},
)
