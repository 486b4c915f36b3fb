"""Upload: POST /v1/uploads with the name and the binary content (base64 in JSON)."""

from mappings import _xsd_codecs as x
from soap_adapter.mapping import Field, Operation, Request

MAPPING = Operation(
    name="Upload",
    request=Request(
        "POST",
        "/v1/uploads",
        body=(
            Field("Name", "name", x.TEXT),
            Field("Data", "data", x.BASE64),
        ),
    ),
    result=Field("Size", "size", x.INTEGER),
)
