"""getComments: GET /v1/issues/{key}/comments; the array part is a JSON array."""

from soap_adapter.mapping import Each, Fault, Field, Operation, Request

from ._codecs import DATETIME

MAPPING = Operation(
    name="getComments",
    request=Request("GET", "/v1/issues/{key}/comments", params=(Field("in1", "key"),)),
    result=Each(
        "getCommentsReturn",
        "comments",
        (
            Field("author", "author"),
            Field("body", "body"),
            Field("created", "created", DATETIME),
        ),
    ),
    faults={
        "remote-permission": Fault(
            "RemotePermissionException", "You may not see the comments of this issue.", ()
        ),
    },
)
