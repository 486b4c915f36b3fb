"""The edge's WSGI entry: WSDL and XSD documents, health, metrics, and SOAP calls."""

from __future__ import annotations

import dataclasses
import functools
import html
import io
import ipaddress
import logging
import socket
import time
import urllib.parse
from collections.abc import Callable, Generator, Iterable
from typing import Any
from xml.sax.saxutils import quoteattr

from soap_adapter import _envelope, _faults, _logging, _metrics, _xml
from soap_adapter._contract import Contract
from soap_adapter._faults import Faults
from soap_adapter._legacy import fault_code
from soap_adapter._runner import CALL_KEY, Call
from soap_adapter._service import ENVELOPE_KEY, Answer, SoapApplication
from soap_adapter._strangler import LEGACY_RELEASE, Forward, Strangler
from soap_adapter._usage import UsageRecorder
from soap_adapter.exceptions import (
    MappingError,
    RequestTooLarge,
    ServerFault,
    SoapFault,
)
from soap_adapter.mapping import Release

logger = logging.getLogger("soap_adapter.edge")

StartResponse = Callable[..., Any]
_READ_CHUNK = 64 * 1024
_XML = "text/xml; charset=utf-8"


def read_body(environ: dict[str, Any], limit: int) -> bytes:
    """The request body, refused once it passes `limit` bytes, with or without Content-Length."""
    too_large = RequestTooLarge(f"The request is larger than {limit} bytes.")
    length = environ.get("CONTENT_LENGTH") or ""
    if length.strip().isdigit() and int(length) > limit:
        raise too_large
    stream = environ["wsgi.input"]
    buffer = io.BytesIO()
    while True:
        chunk = stream.read(_READ_CHUNK)
        if not chunk:
            return buffer.getvalue()
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise too_large


@dataclasses.dataclass(frozen=True)
class PublicAddress:
    """How the edge names itself in the WSDL's soap:address and schema imports: the operator's
    public URL when set; else the address it listens on, or, for a request from a trusted proxy,
    what the proxy reports (X-Forwarded-Proto, X-Forwarded-Host, Host). A client's own Host or
    X-Forwarded-Host never decides what the WSDL names (a cache in front would hand the address
    it forged to every other client)."""

    url: str | None = None
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def configure(cls, url: str | None, trusted_proxies: str) -> PublicAddress:
        """From the settings: a URL or None, and proxy addresses or networks, comma-separated."""
        networks = tuple(
            ipaddress.ip_network(p.strip(), strict=False)
            for p in trusted_proxies.split(",")
            if p.strip()
        )
        return cls(url.rstrip("/") if url else None, networks)

    def trusts(self, environ: dict[str, Any]) -> bool:
        try:
            peer = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(peer in network for network in self.trusted_proxies)


def public_url(environ: dict[str, Any], address: PublicAddress) -> str:
    """The address of the document asked for, as `address` says to name it."""
    path = f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
    if address.url:
        return address.url + path
    scheme = environ.get("wsgi.url_scheme", "http")
    host = _listening(environ)
    if address.trusts(environ):
        scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip() or scheme
        host = (
            environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip()
            or environ.get("HTTP_HOST")
            or host
        )
    return f"{scheme}://{host}{path}"


def _listening(environ: dict[str, Any]) -> str:
    """host:port the server listens on (SERVER_NAME, SERVER_PORT: the socket's, not the
    client's Host); this machine's name when it listens on every interface."""
    name, port = environ.get("SERVER_NAME", "localhost"), environ.get("SERVER_PORT", "80")
    if name in ("0.0.0.0", "::", ""):
        name = _machine_name()
    elif ":" in name:
        name = f"[{name}]"
    return f"{name}:{port}"


@functools.cache
def _machine_name() -> str:
    return socket.getfqdn()


def _with(start_response: StartResponse, extra: tuple[tuple[str, str], ...]) -> StartResponse:
    """`start_response` adding `extra` headers to whatever is answered (the body untouched)."""
    if not extra:
        return start_response

    def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        return start_response(status, [*headers, *extra], *args)

    return start


@dataclasses.dataclass
class Endpoint:
    """One release as served: its address, contract, SOAP applications (per SOAP version) and
    the fault writer with its wording."""

    release: Release
    contract: Contract
    applications: dict[str, SoapApplication]
    faults: Faults
    headers: tuple[tuple[str, str], ...] = ()  # Deprecation/Sunset of an announced end

    @property
    def documents(self) -> dict[str, bytes]:
        """The schema files beside the address: `/v2/OrderService.asmx` -> `/v2/OrderTypes.xsd`."""
        folder = self.release.path.rsplit("/", 1)[0]
        return {
            f"{folder}/{name}": data
            for name, data in self.contract.documents.items()
            if name != self.contract.wsdl_path.name
        }


class Edge:
    """Routes each HTTP request: GET documents, POST SOAP calls to the release at that address."""

    def __init__(
        self,
        endpoints: list[Endpoint],
        *,
        max_body_bytes: int,
        strict: bool = False,
        address: PublicAddress | None = None,
        usage: UsageRecorder | None = None,
    ) -> None:
        self.endpoints = {endpoint.release.path: endpoint for endpoint in endpoints}
        self.usage = usage
        self.address = address or PublicAddress()
        self.strangler: Strangler | None = None  # set when a routing file is given
        self.max_body_bytes = max_body_bytes
        self.strict = strict
        self.documents = {
            path: data for endpoint in endpoints for path, data in endpoint.documents.items()
        }

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        endpoint = self.endpoints.get(path)
        if method in ("GET", "HEAD"):
            if endpoint is not None:
                return self._describe(endpoint, environ, _with(start_response, endpoint.headers))
            if path in self.documents:
                return self._send(start_response, 200, _XML, self.documents[path])
            if path == "/health":
                return self._send(start_response, 200, "application/json", b'{"status": "ok"}')
            if path == "/metrics":
                body, content_type = _metrics.exposition()
                return self._send(start_response, 200, content_type, body)
        if method == "POST" and endpoint is not None:
            return self._soap(endpoint, environ, start_response)
        return self._send(start_response, 404, "text/plain; charset=utf-8", b"Not found\n")

    def _describe(
        self, endpoint: Endpoint, environ: dict[str, Any], start_response: StartResponse
    ) -> list[bytes]:
        """GET at a service address: `?wsdl`, `?xsd=OrderTypes.xsd`, or a page that links them."""
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        keys = {key.lower(): values for key, values in query.items()}
        if "wsdl" in keys:
            return self._send(start_response, 200, _XML, self._wsdl(endpoint, environ))
        if "xsd" in keys:
            document = endpoint.contract.documents.get(keys["xsd"][0])
            if document is None or keys["xsd"][0] == endpoint.contract.wsdl_path.name:
                return self._send(start_response, 404, "text/plain; charset=utf-8", b"Not found\n")
            return self._send(start_response, 200, _XML, document)
        name = html.escape(endpoint.contract.service_name)
        page = (
            f"<html><head><title>{name}</title></head><body><h1>{name}</h1>"
            f"<p>Release {html.escape(endpoint.release.name)} of the {name} contract.</p>"
            f"<p><a href='?wsdl'>Service description</a></p></body></html>"
        )
        return self._send(start_response, 200, "text/html; charset=utf-8", page.encode())

    def _wsdl(self, endpoint: Endpoint, environ: dict[str, Any]) -> bytes:
        """The WSDL as published, with the service addresses set to the one called and schema
        imports as absolute URLs there, so that a saved copy still finds its XSD."""
        here = public_url(environ, self.address)
        wsdl = endpoint.contract.wsdl_bytes
        for address in endpoint.contract.addresses:
            wsdl = wsdl.replace(
                f"location={quoteattr(address)}".encode(), f"location={quoteattr(here)}".encode()
            )
        for name in endpoint.contract.documents:
            location = f"{here}?xsd={urllib.parse.quote(name)}"
            wsdl = wsdl.replace(
                f"schemaLocation={quoteattr(name)}".encode(),
                f"schemaLocation={quoteattr(location)}".encode(),
            )
        return wsdl

    def _soap(
        self, endpoint: Endpoint, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """A SOAP call on this thread: the REST path runs here too."""
        flow = self._flow(endpoint, environ)
        try:
            version = next(flow)
            while True:
                try:
                    answer = self._rest(endpoint, environ, version)
                except Exception as exc:
                    version = flow.throw(exc)
                else:
                    version = flow.send(answer)
        except StopIteration as done:
            status, headers, body = done.value
        start_response(status, headers)
        return [body]

    async def acall(self, environ: dict[str, Any]) -> Answer | None:
        """A SOAP call on the event loop, the REST hop awaited (no thread held while the REST
        core answers); None for what must run on a thread (`__call__`): documents, and calls
        the routing file may send to the legacy service."""
        endpoint = self.endpoints.get(environ.get("PATH_INFO", ""))
        if environ["REQUEST_METHOD"] != "POST" or endpoint is None or self.strangler is not None:
            return None
        flow = self._flow(endpoint, environ)
        try:
            version = next(flow)
            while True:
                try:
                    answer = await endpoint.applications[version].answer(environ)
                except Exception as exc:
                    version = flow.throw(exc)
                else:
                    version = flow.send(answer)
        except StopIteration as done:
            result: Answer = done.value
            return result

    def _flow(self, endpoint: Endpoint, environ: dict[str, Any]) -> Generator[str, Answer, Answer]:
        """One SOAP call, checked in the legacy service's order; yields the SOAP version when the
        REST path is to answer it and takes that answer back; returns what is sent."""
        started = time.perf_counter()
        content_type = environ.get("CONTENT_TYPE", "")
        declared = _envelope.version_of(content_type)
        version = declared or "1.1"  # an unsupported type is answered in SOAP 1.1
        operation = "unknown"
        _logging.begin_call(None)
        try:
            _envelope.require_version(declared)
            body = read_body(environ, self.max_body_bytes)
            action = _envelope.action_of(version, content_type, environ.get("HTTP_SOAPACTION"))
            envelope = _envelope.identify(endpoint.contract, version, body)
            # From here on the call is known: its faults are logged and counted under its name.
            operation = envelope.operation.name
            _logging.begin_call(envelope.correlation_id)
            incoming = _envelope.check(endpoint.contract, envelope, action)
            environ[CALL_KEY] = Call(
                operation=operation,
                version=version,
                correlation_id=incoming.correlation_id,
                credentials=incoming.credentials,
            )
            if self.strangler is not None and endpoint.release.name == LEGACY_RELEASE:
                # The route decides: the REST core, the legacy service, or both (shadow).
                forward = Forward(
                    environ[CALL_KEY],
                    body,
                    content_type,
                    environ.get("HTTP_SOAPACTION"),
                    action or incoming.operation.soap_actions.get(version, ""),
                )
                legacy = self.strangler.route(environ, forward)
                if legacy is not None:
                    self._count_legacy(operation, version, legacy.envelope)
                    headers = [
                        ("Content-Type", legacy.content_type),
                        ("Content-Length", str(len(legacy.body))),
                    ]
                    return legacy.status_line, [*headers, *endpoint.headers], legacy.body
            environ[ENVELOPE_KEY] = envelope  # parsed and checked: read once
            status, headers, result = yield version
            if status.startswith("200"):
                if self.strict:
                    self._check_response(endpoint, operation, result)
                _metrics.labelled(
                    _metrics.CALLS, endpoint.release.name, operation, version, "ok"
                ).inc()
                logger.info("%s answered", operation)
            return status, [*headers, *endpoint.headers], result
        except SoapFault as fault:
            return self._fault(endpoint, environ, fault, operation, version)
        except Exception:
            logger.exception("unexpected failure")
            return self._fault(endpoint, environ, ServerFault("unexpected"), operation, version)
        finally:
            _metrics.labelled(_metrics.LATENCY, endpoint.release.name, operation).observe(
                time.perf_counter() - started
            )
            self._count_usage(endpoint, environ.get(CALL_KEY))

    @staticmethod
    def _rest(
        endpoint: Endpoint, environ: dict[str, Any], version: str
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        """The REST path: the operation's mapping answers the call in `environ`."""
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            captured.update(status=status, headers=headers)

        result = b"".join(endpoint.applications[version](environ, capture))
        return captured["status"], captured["headers"], result

    def rest_path(self, endpoint: Endpoint) -> Callable[[dict[str, Any]], tuple[str, bytes]]:
        """The REST path's answer to a call shadowed on another thread (counted apart)."""

        def answer(environ: dict[str, Any]) -> tuple[str, bytes]:
            status, _, result = self._rest(endpoint, environ, environ[CALL_KEY].version)
            return status, result

        return answer

    @staticmethod
    def _count_legacy(operation: str, version: str, envelope: Any) -> None:
        """The legacy service answered: count and log it as the edge's own answer."""
        code = fault_code(envelope)
        if code is None:
            _metrics.CALLS.labels(LEGACY_RELEASE, operation, version, "ok").inc()
            logger.info("%s answered by the legacy service", operation)
        else:
            _metrics.CALLS.labels(LEGACY_RELEASE, operation, version, "fault").inc()
            _metrics.FAULTS.labels(LEGACY_RELEASE, operation, code).inc()
            logger.info("%s fault %s from the legacy service", operation, code)

    def _fault(
        self,
        endpoint: Endpoint,
        environ: dict[str, Any],
        fault: SoapFault,
        operation: str,
        version: str,
    ) -> Answer:
        """Count, log and write a fault raised before the mapping runs."""
        call = environ.setdefault(
            CALL_KEY, Call(operation, version, _logging.correlation_id(), None)
        )
        endpoint.faults.record(call, fault)
        body = endpoint.faults.render(fault, version)
        status = _faults.http_status(fault, version)
        reason = "Bad Request" if status == 400 else "Internal Server Error"
        headers = [
            ("Content-Type", _faults.CONTENT_TYPE[version]),
            ("Content-Length", str(len(body))),
        ]
        return f"{status} {reason}", [*headers, *endpoint.headers], body

    def _count_usage(self, endpoint: Endpoint, call: Call | None) -> None:
        """Who called which operation of which release: the username only once authenticated."""
        if self.usage is None or call is None:
            return
        authenticated = call.credentials is not None and call.fault != "FailedAuthentication"
        username = call.credentials.username if authenticated and call.credentials else None
        self.usage.record(endpoint.release.name, call.operation, username)

    def _check_response(self, endpoint: Endpoint, operation: str, envelope: bytes) -> None:
        """Strict mode: a response that is not valid against the XSD is not sent."""
        body = _xml.parse(envelope)[-1]
        validator = endpoint.contract.validator
        if not validator.validate(body[0]):
            _metrics.MAPPING_FAILURES.labels(endpoint.release.name, operation, "schema").inc()
            raise MappingError(f"the response is not valid against the XSD: {validator.error_log}")

    @staticmethod
    def _send(
        start_response: StartResponse, status: int, content_type: str, body: bytes
    ) -> list[bytes]:
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}
        start_response(
            f"{status} {reason.get(status, '')}".strip(),
            [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        )
        return [body]
