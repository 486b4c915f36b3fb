"""Subtract: POST /v1/differences."""

from soap_adapter.mapping import Field, Operation, Request

from ._codecs import INT

MAPPING = Operation(
    name="Subtract",
    request=Request(
        "POST",
        "/v1/differences",
        body=(
            Field("intA", "a", INT),
            Field("intB", "b", INT),
        ),
    ),
    result=Field("SubtractResult", "result", INT),
)
