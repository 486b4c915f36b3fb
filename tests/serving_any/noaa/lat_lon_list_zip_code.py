"""LatLonListZipCode: GET /v1/zip-codes/{codes}/points (rpc/encoded, one part each way)."""

from soap_adapter.mapping import Field, Operation, Request

MAPPING = Operation(
    name="LatLonListZipCode",
    request=Request("GET", "/v1/zip-codes/{codes}/points", params=(Field("zipCodeList", "codes"),)),
    result=Field("listLatLonOut", "points"),
)
