"""Multiply: POST /v1/products."""

from soap_adapter.mapping import Field, Operation, Request

from ._codecs import INT

MAPPING = Operation(
    name="Multiply",
    request=Request(
        "POST",
        "/v1/products",
        body=(
            Field("intA", "a", INT),
            Field("intB", "b", INT),
        ),
    ),
    result=Field("MultiplyResult", "result", INT),
)
