"""The HTTP client the edge forwards calls to the legacy service with: bounded in time and size."""

from __future__ import annotations

import dataclasses
import http
import logging
import time

import requests
import requests.adapters
from lxml import etree

from soap_adapter import _metrics, _ns, _xml
from soap_adapter.exceptions import LegacyUnavailable

logger = logging.getLogger("soap_adapter.legacy")

MAX_ANSWER_BYTES = 16 * 1024 * 1024
_CHUNK = 64 * 1024
# The HTTP client's errors, most specific first, and what each means for the edge.
REQUESTS_EXCEPTIONS: tuple[tuple[type[Exception], str], ...] = (
    (requests.ConnectTimeout, "the legacy service did not accept the connection in time"),
    (requests.ReadTimeout, "the legacy service did not answer in time"),
    (requests.ConnectionError, "the legacy service refused or dropped the connection"),
    (requests.exceptions.ChunkedEncodingError, "the legacy service closed mid-answer"),
    (requests.RequestException, "the legacy call failed"),
)


@dataclasses.dataclass(frozen=True)
class LegacyAnswer:
    """The legacy service's answer, as it came: status, Content-Type, body bytes."""

    status: int
    content_type: str
    body: bytes
    envelope: etree._Element  # the parsed answer (checked to be a SOAP envelope)

    @property
    def status_line(self) -> str:
        return f"{self.status} {http.HTTPStatus(self.status).phrase}"


class LegacyClient:
    """Forwards one SOAP call; anything but a SOAP envelope in time is LegacyUnavailable."""

    def __init__(self, url: str, *, timeout: float, pool_size: int = 10) -> None:
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def call(
        self,
        operation: str,
        version: str,
        body: bytes,
        content_type: str,
        soap_action: str | None,
        *,
        read: bool = False,
    ) -> LegacyAnswer:
        """The legacy answer; a read whose connection was refused or dropped is sent once more
        (a write never: the legacy service may have taken it)."""
        try:
            return self._call(operation, version, body, content_type, soap_action)
        except LegacyUnavailable as exc:
            dropped = isinstance(exc.__cause__, requests.ConnectionError) and not isinstance(
                exc.__cause__, requests.Timeout
            )
            if not (read and dropped):
                raise
            logger.warning("%s: the legacy service dropped the connection; asking again", operation)
            return self._call(operation, version, body, content_type, soap_action)

    def _call(
        self, operation: str, version: str, body: bytes, content_type: str, soap_action: str | None
    ) -> LegacyAnswer:
        started = time.perf_counter()
        deadline = started + self.timeout
        outcome = "error"
        # One connection per call. On a kept-alive connection the legacy service's answer stalls
        # ~40 ms (its headers and body go out as two segments, Nagle waits for our delayed ACK:
        # bench/strangler.py), and a connection it closed while idle fails the next call.
        headers = {"Content-Type": content_type, "Connection": "close"}
        if soap_action is not None:
            headers["SOAPAction"] = soap_action
        try:
            try:
                with self.session.post(
                    self.url, data=body, headers=headers, timeout=self.timeout, stream=True
                ) as response:
                    content = self._read(response, deadline)
            except requests.RequestException as exc:
                for kind, meaning in REQUESTS_EXCEPTIONS:
                    if isinstance(exc, kind):
                        raise LegacyUnavailable(f"{meaning}: {type(exc).__name__}") from exc
                raise  # unreachable: RequestException is the last row
            answer = self._check(version, response, content)
            outcome = str(answer.status)
            return answer
        finally:
            _metrics.LEGACY_LATENCY.labels(operation, outcome).observe(
                time.perf_counter() - started
            )

    @staticmethod
    def _read(response: requests.Response, deadline: float) -> bytes:
        """The whole answer, or LegacyUnavailable when it is too large or drips past the timeout."""
        chunks = []
        size = 0
        for chunk in response.raw.stream(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise LegacyUnavailable("the legacy answer is larger than 16 MiB")
            if time.perf_counter() > deadline:
                raise LegacyUnavailable("the legacy service did not finish its answer in time")
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _check(version: str, response: requests.Response, content: bytes) -> LegacyAnswer:
        content_type = response.headers.get("Content-Type", "")
        if response.status_code not in (200, 400, 500):
            raise LegacyUnavailable(f"the legacy service answered HTTP {response.status_code}")
        try:
            root = _xml.parse(content)
        except (etree.XMLSyntaxError, _xml.DoctypeRefused):
            raise LegacyUnavailable("the legacy answer is not XML") from None
        if root.tag != f"{{{_ns.ENVELOPE[version]}}}Envelope":
            raise LegacyUnavailable(f"the legacy answer is not a SOAP {version} envelope")
        return LegacyAnswer(response.status_code, content_type, content, root)


def fault_code(envelope: etree._Element) -> str | None:
    """The metric code of a fault answer (the detail element's name, or the fault code), or
    None when the answer is not a fault."""
    env = etree.QName(envelope).namespace
    fault = envelope.find(f"{{{env}}}Body/{{{env}}}Fault")
    if fault is None:
        return None
    detail = fault.find("detail" if env == _ns.SOAP11_ENV else f"{{{env}}}Detail")
    if detail is not None and len(detail):
        return str(etree.QName(detail[0]).localname)
    if env == _ns.SOAP11_ENV:
        code = (fault.findtext("faultcode") or "").strip()
    else:
        code = (
            fault.findtext(f"{{{env}}}Code/{{{env}}}Subcode/{{{env}}}Value")
            or fault.findtext(f"{{{env}}}Code/{{{env}}}Value")
            or ""
        ).strip()
    return code.rpartition(":")[2] or "unknown"
