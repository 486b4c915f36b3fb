"""offer: POST /v1/orders with both members of an offer."""

from soap_adapter.mapping import Field, Operation, Request

MAPPING = Operation(
    name="offer",
    request=Request(
        "POST",
        "/v1/orders",
        body=(
            Field("offer/orderClassMember", "member"),
            Field("offer/offerClassMember", "offer"),
        ),
    ),
    result=Field("offerResult", "id"),
)
