"""Notify (one-way): POST /v1/notes; the priority is an attribute of the body element."""

from soap_adapter.mapping import Const, Field, Operation, Request

MAPPING = Operation(
    name="Notify",
    request=Request(
        "POST",
        "/v1/notes",
        body=(
            Field("Text", "text"),
            Field("@priority", "priority"),
        ),
    ),
    result=Const("", ""),  # one-way: nothing goes back
)
