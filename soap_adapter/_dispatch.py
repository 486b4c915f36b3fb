"""Serves any contract from its model, without Spyne: each SOAP port at the path of its
soap:address, its documents at addresses of the edge, each call dispatched by Body element (rpc:
wrapper) and SOAPAction to its mapping, read and written by the contract codec.

The OrderService can be served the same way: `Dispatcher(contract, mappings, client,
release=RELEASE)` serves every port at the release's path, in the release's fault wording;
`Dispatchers([...])` serves several releases side by side.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import time
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from soap_adapter import _addressing, _envelope, _faults, _logging, _metrics, _mtom, _ns
from soap_adapter._faults import Faults
from soap_adapter._operations import ContractRunner
from soap_adapter._published import Published
from soap_adapter._rest import RestClient
from soap_adapter._runner import CALL_KEY, Call
from soap_adapter._wsgi import PublicAddress, StartResponse, public_url, read_body
from soap_adapter.contract import Binding, BindingOperation, Contract
from soap_adapter.contract._codec import (
    body_tag,
    envelope,
    header_tags,
    read_request,
    write_headers,
    write_response,
)
from soap_adapter.exceptions import (
    ActionMismatch,
    MalformedRequest,
    MappingError,
    ServerFault,
    SoapFault,
)
from soap_adapter.mapping import Operation, Release

logger = logging.getLogger("soap_adapter.edge")

# The wording of a contract that comes without a Release: nothing in it says otherwise.
NOT_AUTHORIZED = "The caller is not authorized for {operation}."
UNAVAILABLE = "The service is temporarily unavailable."
_SECURITY = f"{{{_ns.WSSE}}}Security"
_TEXT = "text/plain; charset=utf-8"
_XML = "text/xml; charset=utf-8"
_REASONS = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    404: "Not Found",
    500: "Internal Server Error",
}


def address_path(address: str) -> str:
    """The path a soap:address is served at: its URL's path ("/" when it has none)."""
    return urllib.parse.urlsplit(address).path or "/"


@dataclasses.dataclass
class _Port:
    """One SOAP binding as served: its operations by the tag that starts their Body, and the
    runner of each mapped one."""

    binding: Binding
    by_tag: dict[str | None, list[BindingOperation]]
    runners: dict[str, ContractRunner]


class Dispatcher:
    """The WSGI application serving one contract: GET documents, POST SOAP calls."""

    strangler = None  # the strangler routes release 2011-03 of the OrderService only

    def __init__(
        self,
        contract: Contract,
        mappings: Mapping[str, Operation],
        client: RestClient,
        *,
        release: Release | None = None,
        max_body_bytes: int = 1024 * 1024,
        address: PublicAddress | None = None,
    ) -> None:
        self.contract = contract
        self.release = release or Release(
            name=(
                contract.services[0].name if contract.services else contract.wsdl.stem
            ).rpartition("}")[2],
            path="",
            contract=str(contract.wsdl.parent),
            fixtures="",
            not_authorized=NOT_AUTHORIZED,
            unavailable=UNAVAILABLE,
        )
        self.faults = Faults(self.release)
        self.max_body_bytes = max_body_bytes
        self.address = address or PublicAddress()
        self.ports: dict[str, dict[str, _Port]] = {}
        self.unmapped: set[str] = set()
        ports: dict[str, _Port] = {}
        for service in contract.services:
            for port in service.ports:
                binding = port.binding
                if binding.name not in ports:
                    ports[binding.name] = self._port(binding, mappings, client)
                served = self.ports.setdefault(self._served(port.address), {})
                served.setdefault(binding.soap_version, ports[binding.name])
        self.published = Published(contract, self._served)

    def _served(self, address: str) -> str:
        return self.release.path or address_path(address)

    def _port(
        self, binding: Binding, mappings: Mapping[str, Operation], client: RestClient
    ) -> _Port:
        by_tag: dict[str | None, list[BindingOperation]] = {}
        runners: dict[str, ContractRunner] = {}
        for op in binding.operations.values():
            by_tag.setdefault(body_tag(op), []).append(op)
            mapping = mappings.get(op.name)
            if mapping is None:
                self.unmapped.add(op.name)
                continue
            runners[op.name] = ContractRunner(
                mapping, op, client, self.contract.types, self.release.name
            )
        return _Port(binding, by_tag, runners)

    # ---- HTTP ----------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        ports = self.ports.get(path)
        if method in ("GET", "HEAD"):
            if ports is not None:
                return self._describe(environ, start_response)
            if path == "/health":
                return _send(start_response, 200, "application/json", b'{"status": "ok"}')
            if path == "/metrics":
                body, content_type = _metrics.exposition()
                return _send(start_response, 200, content_type, body)
        if method == "POST" and ports is not None:
            return self._soap(ports, environ, start_response)
        return _send(start_response, 404, _TEXT, b"Not found\n")

    def _describe(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """GET at a service address: `?wsdl`, `?wsdl=NAME`, `?xsd=NAME`, or a page of links."""
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        keys = {key.lower(): values[0] for key, values in query.items()}
        name = (
            keys.get("xsd") or keys.get("wsdl") or (self.published.main if "wsdl" in keys else None)
        )
        if name is not None:
            here = public_url(environ, self.address)
            path = f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
            document = self.published.document(name, here, here[: len(here) - len(path)])
            if document is None:
                return _send(start_response, 404, _TEXT, b"Not found\n")
            return _send(start_response, 200, _XML, document)
        title = html.escape(self.release.name)
        page = (
            f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p><a href='?wsdl'>Service description</a></p></body></html>"
        )
        return _send(start_response, 200, "text/html; charset=utf-8", page.encode())

    # ---- SOAP ----------------------------------------------------------------------------------

    def _soap(
        self, ports: dict[str, _Port], environ: dict[str, Any], start_response: StartResponse
    ) -> list[bytes]:
        started = time.perf_counter()
        content_type = environ.get("CONTENT_TYPE", "")
        packed = _mtom.is_mtom(content_type)
        declared = _envelope.version_of(_mtom.start_info(content_type) if packed else content_type)
        version = declared or "1.1"  # an unsupported type is answered in SOAP 1.1
        operation = "unknown"
        _logging.begin_call(None)
        try:
            _envelope.require_version(declared)
            port = ports.get(version)
            if port is None:
                raise MalformedRequest(
                    f"This address serves SOAP {' and '.join(sorted(ports))}, not SOAP {version}."
                )
            body = read_body(environ, self.max_body_bytes)
            if packed:
                content_type, body = _mtom.unpack(content_type, body)
            action = _envelope.action_of(version, content_type, environ.get("HTTP_SOAPACTION"))
            header, body_element = _envelope.split(_envelope.parse(body), version)
            op = _identify(port, body_element, action)
            operation = op.name
            call = Call(op.name, version, str(uuid.uuid4()), _credentials(op, header, version))
            environ[CALL_KEY] = call
            _logging.begin_call(call.correlation_id)
            request = read_request(op, body_element, header, types=self.contract.types)
            runner = port.runners.get(op.name)
            if runner is None:
                raise ServerFault(f"no mapping module maps {op.name}")
            value = runner(call, request)
            if op.output is None:
                _metrics.CALLS.labels(self.release.name, operation, version, "ok").inc()
                return _send(start_response, 202, _faults.CONTENT_TYPE[version], b"")
            answer = self._answer(op, value, version, _addressing.addressed(header))
            _metrics.CALLS.labels(self.release.name, operation, version, "ok").inc()
            logger.info("%s answered", operation)
            return _send(start_response, 200, _faults.CONTENT_TYPE[version], answer)
        except SoapFault as fault:
            return self._fault(environ, start_response, fault, operation, version)
        except Exception:
            logger.exception("unexpected failure")
            unexpected = ServerFault("unexpected")
            return self._fault(environ, start_response, unexpected, operation, version)
        finally:
            _metrics.LATENCY.labels(self.release.name, operation).observe(
                time.perf_counter() - started
            )

    def _answer(
        self,
        op: BindingOperation,
        value: Any,
        version: str,
        addressed: _addressing.Addressed | None,
    ) -> bytes:
        try:
            types = self.contract.types
            headers = write_headers(op, value, "output", types=types)
            if addressed is not None:
                # The output's action by the common convention: the input's, plus "Response".
                action = f"{op.soap_action or _wrapper_action(op)}Response"
                headers = [*addressed.reply(action), *headers]
            return envelope(
                version, write_response(op, value, types=types, version=version), headers
            )
        except MappingError:
            _metrics.MAPPING_FAILURES.labels(self.release.name, op.name, "response").inc()
            raise

    def _fault(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        fault: SoapFault,
        operation: str,
        version: str,
    ) -> list[bytes]:
        call = environ.setdefault(
            CALL_KEY, Call(operation, version, _logging.correlation_id(), None)
        )
        self.faults.record(call, fault)
        body = self.faults.render(fault, version)
        status = _faults.http_status(fault, version)
        return _send(start_response, status, _faults.CONTENT_TYPE[version], body)


class Dispatchers:
    """Several contracts behind one address (the OrderService's releases side by side): each
    request goes to the dispatcher that serves its path."""

    strangler = None

    def __init__(self, dispatchers: list[Dispatcher]) -> None:
        self.dispatchers = dispatchers
        self.by_path: dict[str, Dispatcher] = {}
        for dispatcher in dispatchers:
            for path in dispatcher.ports:
                if path in self.by_path:
                    raise ValueError(f"two contracts are served at {path}")
                self.by_path[path] = dispatcher

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        found = self.by_path.get(environ.get("PATH_INFO", ""), self.dispatchers[0])
        return found(environ, start_response)


def _identify(port: _Port, body: etree._Element, action: str) -> BindingOperation:
    """The operation a Body names: by its first element (the rpc wrapper, or the first part's
    element); SOAPAction chooses among operations that share it, and must not name another."""
    first = next((c for c in body if isinstance(c.tag, str)), None)
    tag = first.tag if first is not None else None
    found = port.by_tag.get(tag, [])
    if len(found) > 1 and action:
        found = [op for op in found if op.soap_action == action] or found
    if not found:
        if tag is None:
            raise MalformedRequest("The Body holds no operation element.")
        raise MalformedRequest(_envelope._clip(f"Unknown operation {tag}."))
    op = found[0]
    if action and op.soap_action and action != op.soap_action:
        raise ActionMismatch(
            _envelope._clip(f"The action {action} does not match the operation {op.name}.")
        )
    return op


def _wrapper_action(op: BindingOperation) -> str:
    namespace = op.input.namespace or ""
    return f"{namespace.rstrip('/')}/{op.name}" if namespace else op.name


def _credentials(op: BindingOperation, header: etree._Element | None, version: str) -> Any:
    """The WS-Security UsernameToken sent to us, forwarded as the OrderService does; None when
    no wsse:Security header is addressed to us. A mustUnderstand header that is neither
    Security, WS-Addressing nor a header part of `op` is a MustUnderstand fault."""
    understood = {_SECURITY, *_addressing.UNDERSTOOD, *header_tags(op, "input")}
    security = None
    for block in header if header is not None else ():
        if not isinstance(block.tag, str):
            continue
        _envelope._understood(block, version, understood)
        if block.tag == _SECURITY and _envelope._for_us(block, version):
            if security is not None:
                raise MalformedRequest("The request must carry one wsse:Security header.")
            security = block
    return None if security is None else _envelope._credentials(security)


def _send(
    start_response: StartResponse, status: int, content_type: str, body: bytes
) -> list[bytes]:
    start_response(
        f"{status} {_REASONS.get(status, '')}".strip(),
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
    )
    return [body]
