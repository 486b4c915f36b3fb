"""order: POST /v1/orders; the order's member, sent as the declared type or a derived one."""

from soap_adapter.mapping import Field, Operation, Request

MAPPING = Operation(
    name="order",
    request=Request(
        "POST",
        "/v1/orders",
        body=(
            Field("order/orderClassMember", "member"),
            Field("order/offerClassMember", "offer"),  # when sent as xsi:type="offer"
            Field("order/@xsi:type", "sent_type"),
        ),
    ),
    result=Field("orderResult", "id"),
)
