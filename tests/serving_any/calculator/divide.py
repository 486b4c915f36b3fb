"""Divide: POST /v1/quotients."""

from soap_adapter.mapping import Field, Operation, Request

from ._codecs import INT

MAPPING = Operation(
    name="Divide",
    request=Request(
        "POST",
        "/v1/quotients",
        body=(
            Field("intA", "a", INT),
            Field("intB", "b", INT),
        ),
    ),
    result=Field("DivideResult", "result", INT),
)
