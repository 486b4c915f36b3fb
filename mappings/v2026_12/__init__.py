"""Release 2026-12 of the OrderService contract, served beside 2011-03 on the same data."""

from soap_adapter.mapping import Release

RELEASE = Release(
    name="2026-12",
    path="/v2/OrderService.asmx",
    contract="wsdl/2026-12",
    fixtures="contract_fixtures/2026-12",
    not_authorized="Caller is not authorized for {operation}.",
    unavailable="The service is temporarily unavailable.",
)
