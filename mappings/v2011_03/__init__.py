"""Release 2011-03 of the OrderService contract, at the address its clients were generated for."""

from soap_adapter.mapping import Release

RELEASE = Release(
    name="2011-03",
    path="/OrderService.asmx",
    contract="wsdl/2011-03",
    fixtures="contract_fixtures/2011-03",
    not_authorized="Caller is not authorized for {operation}.",
    unavailable="The service is temporarily unavailable.",
)
