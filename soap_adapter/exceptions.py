"""The edge's exception tree: every failure becomes one of these, and each one is one SOAP fault.

    SoapFault                      - a fault to send; carries code, string, detail
    ├── ClientFault                - the caller's mistake: 1.1 `Client`, 1.2 `Sender` (HTTP 400)
    │   ├── MalformedRequest       - not XML, not an envelope, not valid against the schema
    │   ├── ActionMismatch         - SOAPAction / action names another operation
    │   ├── AuthenticationFailed   - `wsse:FailedAuthentication`
    │   ├── NotAuthorized          - the role may not call the operation
    │   ├── RequestTooLarge        - the body is over the configured limit
    │   └── TypedFault             - a fault declared in the WSDL, with its detail element
    ├── MustUnderstandFault        - a mustUnderstand header the service does not understand
    └── ServerFault                - 1.1 `Server`, 1.2 `Receiver` (HTTP 500)
        ├── DownstreamError        - the REST core is down, slow, or answered nonsense
        ├── LegacyUnavailable      - the legacy service is down, slow, or answered nonsense
        └── MappingError           - a REST answer that cannot become a valid SOAP message

`soap_adapter._rest.map_http_exceptions` maps the REST hop's errors onto `DownstreamError`,
`soap_adapter._legacy.REQUESTS_EXCEPTIONS` onto `LegacyUnavailable`.
The words of `NotAuthorized` and of every `ServerFault` are the contract release's (BEHAVIOUR.md):
`soap_adapter._faults.Faults` writes them from the release's `Release` (mappings/<release>).
"""

from __future__ import annotations

from lxml import etree
from spyne import Fault

from soap_adapter import _ns


class SoapFault(Fault):
    """A fault to send back. `code` is the 1.1 faultcode (a 1.2 Subcode when not a SOAP one)."""

    code: etree.QName = etree.QName(_ns.SOAP11_ENV, "Client")
    metric_code = "Client"

    def __init__(
        self,
        faultstring: str,
        detail: etree._Element | None = None,
        *,
        metric_code: str | None = None,
    ) -> None:
        super().__init__(faultstring=faultstring)
        self.faultstring = faultstring
        self.detail_element = detail
        if metric_code is not None:
            self.metric_code = metric_code

    def __str__(self) -> str:
        return f"{self.metric_code}: {self.faultstring}"


class ClientFault(SoapFault):
    """The caller sent something wrong."""


class MalformedRequest(ClientFault):
    metric_code = "Client.Malformed"


class ActionMismatch(ClientFault):
    metric_code = "Client.ActionMismatch"


class AuthenticationFailed(ClientFault):
    code = etree.QName(_ns.WSSE, "FailedAuthentication")
    metric_code = "FailedAuthentication"

    def __init__(self) -> None:
        super().__init__("The security token could not be authenticated or authorized")


class NotAuthorized(ClientFault):
    metric_code = "Client.NotAuthorized"

    def __init__(self, operation: str) -> None:
        super().__init__(f"the role may not call {operation}")
        self.operation = operation


class RequestTooLarge(ClientFault):
    metric_code = "Client.TooLarge"


class TypedFault(ClientFault):
    """A WSDL-declared fault; `metric_code` is the fault element's name."""


class MustUnderstandFault(SoapFault):
    code = etree.QName(_ns.SOAP11_ENV, "MustUnderstand")
    metric_code = "MustUnderstand"


class ServerFault(SoapFault):
    code = etree.QName(_ns.SOAP11_ENV, "Server")
    metric_code = "Server"

    def __init__(self, reason: str = "") -> None:
        # What went wrong stays in the log; the caller learns only that it was not their fault.
        super().__init__(reason or "server error")
        self.reason = reason


class DownstreamError(ServerFault):
    metric_code = "Server.Downstream"

    def __init__(self, reason: str = "", *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.retryable = retryable  # False when repeating the call cannot change the answer


class MappingError(ServerFault):
    metric_code = "Server.Mapping"


class LegacyUnavailable(ServerFault):
    """The legacy service (a `legacy`, `shadow` or `record` route) is down, slow or answered
    something that is not a SOAP envelope."""

    metric_code = "Server.Legacy"
