"""login: POST /v1/sessions with the user name and password parts."""

from soap_adapter.mapping import Field, Operation, Request

MAPPING = Operation(
    name="login",
    request=Request(
        "POST",
        "/v1/sessions",
        body=(
            Field("in0", "username"),
            Field("in1", "password"),
        ),
    ),
    result=Field("loginReturn", "token"),
)
