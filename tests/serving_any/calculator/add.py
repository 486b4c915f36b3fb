"""Add: POST /v1/sums."""

from soap_adapter.mapping import Field, Operation, Request

from ._codecs import INT

MAPPING = Operation(
    name="Add",
    request=Request(
        "POST",
        "/v1/sums",
        body=(
            Field("intA", "a", INT),
            Field("intB", "b", INT),
        ),
    ),
    result=Field("AddResult", "result", INT),
)
