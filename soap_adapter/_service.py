"""Answers a checked SOAP call of one release: the contract codec reads the request, the
operation's mapping runs, the result goes out in a SOAP 1.1 or 1.2 envelope.

Spyne's per-request machinery (its parse of a body the edge had parsed and validated already, a
method context with a score of events, its serializer) cost more CPU than the rest of the edge's
own work together (BENCHMARKS.md); the request values are read by `soap_adapter.contract`'s codec
from the envelope the edge has parsed once, and the result is the element `_xml_out` wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from soap_adapter import _envelope, _faults, _ns
from soap_adapter import contract as contract_model
from soap_adapter._contract import Contract
from soap_adapter._faults import Faults
from soap_adapter._runner import CALL_KEY, Call, Runner
from soap_adapter._xml_out import Payload
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.contract._codec import read_request
from soap_adapter.exceptions import MalformedRequest, ServerFault, SoapFault

logger = logging.getLogger("soap_adapter.service")

#: Where the edge leaves the request it parsed and checked (an `_envelope.Envelope`), so that it
#: is read once; a call without one (a shadowed call on another thread) is parsed from its body.
ENVELOPE_KEY = "soap_adapter.envelope"

Answer = tuple[str, list[tuple[str, str]], bytes]  # status line, headers, body
_TAIL = b"</soap:Body></soap:Envelope>"


def _head(version: str) -> bytes:
    env = _ns.ENVELOPE[version]
    return (
        f"<?xml version='1.0' encoding='UTF-8'?>\n<soap:Envelope xmlns:soap=\"{env}\"><soap:Body>"
    ).encode()


class SoapApplication:
    """One release's operations for one SOAP version over the environ the edge prepared
    (`CALL_KEY`, `ENVELOPE_KEY`): a WSGI application, and `answer` for the event loop."""

    def __init__(
        self,
        contract: Contract,
        version: str,
        operations: dict[str, contract_model.BindingOperation],
        runners: dict[str, Runner],
        faults: Faults,
    ) -> None:
        self.contract = contract
        self.version = version
        self.operations = operations
        self.runners = runners
        self.faults = faults
        self.head = _head(version)
        self.content_type = _faults.CONTENT_TYPE[version]

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        call: Call = environ[CALL_KEY]
        try:
            operation, request = self._read(environ)
            answer = self._ok(self.runners[operation](call, request))
        except Exception as exc:
            answer = self._failure(call, exc)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    async def answer(self, environ: dict[str, Any]) -> Answer:
        """The same call with the REST hop awaited on the event loop."""
        call: Call = environ[CALL_KEY]
        try:
            operation, request = self._read(environ)
            return self._ok(await self.runners[operation].acall(call, request))
        except Exception as exc:
            return self._failure(call, exc)

    def _read(self, environ: dict[str, Any]) -> tuple[str, Any]:
        """The operation and the request's values (`soap_adapter.contract`'s convention)."""
        envelope = environ.get(ENVELOPE_KEY)
        if envelope is None:
            envelope = _envelope.identify(self.contract, self.version, environ["wsgi.input"].read())
        operation: str = envelope.operation.name
        try:
            return operation, read_request(self.operations[operation], envelope.element.getparent())
        except MalformedRequest as exc:
            # Valid against the XSD, yet not readable: say what the legacy service said.
            logger.info("%s request not read: %s", operation, exc.faultstring)
            raise MalformedRequest("The request could not be read.") from exc

    def _ok(self, result: Payload) -> Answer:
        body = b"".join((self.head, etree.tostring(result.element, encoding="UTF-8"), _TAIL))
        return (
            "200 OK",
            [("Content-Type", self.content_type), ("Content-Length", str(len(body)))],
            body,
        )

    def _failure(self, call: Call, exc: Exception) -> Answer:
        if isinstance(exc, SoapFault):
            fault = exc
        else:
            logger.exception("%s failed", call.operation)
            fault = ServerFault(f"unexpected: {exc!r}")
        self.faults.record(call, fault)
        body = self.faults.render(fault, self.version)
        status = _faults.http_status(fault, self.version)
        return (
            f"{status} {'Bad Request' if status == 400 else 'Internal Server Error'}",
            [("Content-Type", self.content_type), ("Content-Length", str(len(body)))],
            body,
        )


def build_applications(
    contract: Contract,
    model: SchemaModel,
    runners: dict[str, Runner],
    faults: Faults,
) -> dict[str, SoapApplication]:
    """Per SOAP version, the application that answers the release's operations."""
    del model  # the runners hold the generated types they write with
    described = contract.model  # read once, by _contract.load
    apps = {}
    for version in ("1.1", "1.2"):
        # The operation as this version's binding describes it; a WSDL without a binding for
        # one version is served in it all the same (document/literal bodies do not differ).
        bindings = sorted(
            described.bindings.values(), key=lambda binding: binding.soap_version != version
        )
        operations: dict[str, contract_model.BindingOperation] = {}
        for binding in reversed(bindings):
            operations.update(binding.operations)
        missing = sorted(set(runners) - set(operations))
        if missing:
            raise ValueError(f"{contract.wsdl_path} binds no operation {missing[0]}")
        apps[version] = SoapApplication(contract, version, operations, runners, faults)
    return apps
