"""The HTTP client the edge calls the REST core with: kept-alive connections, explicit timeouts.

The hop is `http.client` over a small pool of kept-alive connections: of the clients measured
side by side (`bench/rest_hop.py`, BENCHMARKS.md) it costs the least CPU per call, about 0.4 of
`requests` and 0.65 of urllib3's own pool, for the one thing the edge needs: one request to one
host, its whole JSON answer read.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import dataclasses
import http.client
import json
import logging
import socket
import ssl
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from typing import Any, Protocol
from urllib.parse import quote

from urllib3.util.wait import wait_for_read

from soap_adapter import _metrics
from soap_adapter.exceptions import DownstreamError

logger = logging.getLogger("soap_adapter.rest")


class ConnectTimeout(TimeoutError):
    """The REST core did not accept the connection within the connect timeout."""


class RequestNotSent(ValueError):
    """The request could not be written (a header value HTTP cannot carry)."""


# The HTTP client's errors, most specific first, and what each one means for the edge: every
# exception `http.client`, `socket` and `ssl` raise is one of these (tests/edge/test_rest_hop.py).
HTTP_EXCEPTIONS: tuple[tuple[type[Exception] | tuple[type[Exception], ...], str], ...] = (
    (ConnectTimeout, "the REST core did not accept the connection in time"),
    (TimeoutError, "the REST core did not answer in time"),  # socket.timeout too
    (http.client.IncompleteRead, "the REST core closed the connection mid-answer"),
    (http.client.RemoteDisconnected, "the REST core closed the connection without answering"),
    (ssl.SSLError, "the TLS connection to the REST core failed"),  # certificate errors too
    (ConnectionError, "the REST core refused or dropped the connection"),
    ((socket.gaierror, socket.herror), "the REST core's host name could not be resolved"),
    (
        (RequestNotSent, http.client.InvalidURL, http.client.ImproperConnectionState),
        "the request could not be sent",
    ),
    (http.client.HTTPException, "the REST core's answer is not valid HTTP"),
    (OSError, "the REST call failed"),
)
_MAPPED = (OSError, http.client.HTTPException, RequestNotSent)  # what every row is one of


@contextlib.contextmanager
def map_http_exceptions() -> Iterator[None]:
    """Turn any failure of the hop into a DownstreamError, keeping the cause for the log."""
    try:
        yield
    except _MAPPED as exc:
        # The last row, OSError, matches whatever socket error the rows above do not.
        meaning = next(meaning for kind, meaning in HTTP_EXCEPTIONS if isinstance(exc, kind))
        raise DownstreamError(f"{meaning}: {type(exc).__name__}") from exc


class Transport(Protocol):
    """Sends one request and reads its whole answer: (status, body). Raises what
    `HTTP_EXCEPTIONS` lists. The default is `ConnectionPool`; a benchmark may replay answers."""

    def send(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str | bytes]
    ) -> tuple[int, bytes]: ...


class ConnectionPool:
    """Kept-alive connections to one REST core, shared by the edge's threads: a connection is
    taken for one request and given back once its answer is read whole; one that failed midway
    is closed, and one the server closed while idle is noticed before it is used again."""

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float,
        read_timeout: float,
        maxsize: int = 10,
        verify: str | bool = True,
    ) -> None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the REST core's URL must be http(s)://host[:port]: {base_url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.maxsize = maxsize
        self.context: ssl.SSLContext | None = None
        if parts.scheme == "https":
            # verify: True (the system's CAs) or a CA file; False (tests only) checks nothing.
            self.context = ssl.create_default_context(
                cafile=verify if isinstance(verify, str) else None
            )
            if verify is False:
                self.context.check_hostname = False
                self.context.verify_mode = ssl.CERT_NONE
        # deque.append and deque.pop are atomic: no lock on the hot path.
        self._idle: collections.deque[http.client.HTTPConnection] = collections.deque()

    def _connection(self) -> http.client.HTTPConnection:
        """An idle connection still open, or a new one, connected within the connect timeout
        and reading with the read timeout."""
        while True:
            try:
                connection = self._idle.pop()
            except IndexError:
                break
            # Readable while idle: the server closed it (or sent what nobody asked for).
            if connection.sock is not None and not wait_for_read(connection.sock, timeout=0.0):
                return connection
            connection.close()
        if self.context is not None:
            connection = http.client.HTTPSConnection(
                self.host, self.port, timeout=self.connect_timeout, context=self.context
            )
        else:
            connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.connect_timeout
            )
        try:
            connection.connect()
        except TimeoutError as exc:
            connection.close()
            raise ConnectTimeout(str(exc)) from exc
        except BaseException:
            connection.close()
            raise
        assert connection.sock is not None
        connection.sock.settimeout(self.read_timeout)
        return connection

    def send(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str | bytes]
    ) -> tuple[int, bytes]:
        connection = self._connection()
        try:
            try:
                connection.request(method, self.prefix + target, body, headers)
            except ValueError as exc:  # a header value with CR/LF, a method with spaces
                raise RequestNotSent(str(exc)) from exc
            response = connection.getresponse()
            content = response.read()
        except BaseException:
            connection.close()
            raise
        if connection.sock is None or len(self._idle) >= self.maxsize:
            connection.close()  # the server said Connection: close, or the pool is full
        else:
            self._idle.append(connection)
        return response.status, content

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


@dataclasses.dataclass(frozen=True)
class RestResponse:
    status: int
    body: Any  # decoded JSON


@dataclasses.dataclass(frozen=True)
class Credentials:
    """What the caller proved itself with, forwarded as it is: Basic or WSSE digest."""

    username: str
    password: str | None = None
    digest: str | None = None
    nonce: str | None = None
    created: str | None = None

    def headers(self) -> dict[str, str | bytes]:
        if self.digest is None:
            token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        return {
            "Authorization": 'WSSE profile="UsernameToken"',
            # UTF-8 octets: a user name or digest outside Latin-1 is sent as the client wrote it
            # (the REST core reads X-WSSE as UTF-8), never refused by the HTTP client.
            "X-WSSE": (
                f'UsernameToken Username="{_quote(self.username)}", '
                f'PasswordDigest="{_quote(self.digest)}", Nonce="{_quote(self.nonce or "")}", '
                f'Created="{_quote(self.created or "")}"'
            ).encode(),
        }


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


# Printable ASCII but "%": what X-Correlation-ID carries as it is; the rest is percent-encoded.
_HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "%")


def correlation_header(correlation_id: str) -> str:
    """The correlation id as X-Correlation-ID: UTF-8, percent-encoded (RFC 3986) where it holds
    "%", a control character (CR, LF, TAB) or anything outside ASCII; the REST core decodes it,
    so its log shows the id the SOAP client sent."""
    return quote(correlation_id, safe=_HEADER_SAFE)


def _target(path: str, params: dict[str, Any] | None) -> str:
    """The request target: `path`, and the query of `params` (None values left out, lists
    repeated), UTF-8 and form-encoded as `requests` wrote them."""
    if not params:
        return path
    query = urllib.parse.urlencode(
        {key: value for key, value in params.items() if value is not None}, doseq=True
    )
    return f"{path}?{query}" if query else path


class RestClient:
    """Calls the REST core; retries only what is safe to repeat, bounded, with backoff."""

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float,
        read_timeout: float,
        pool_size: int = 10,
        retries: int = 2,
        backoff: float = 0.05,
        transport: Transport | None = None,
        verify: str | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.retries = retries
        self.backoff = backoff
        # `transport` replaces the connection pool, as httpx's `transport=` does: a recording or
        # replaying one for a benchmark of the edge alone.
        self.transport: Transport = transport or ConnectionPool(
            self.base_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            maxsize=pool_size,
            verify=verify,
        )

    def call(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        contract: str = "",
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        headers: dict[str, str | bytes],
        repeatable: bool | None = None,
    ) -> RestResponse:
        """Send one request and decode its JSON answer; a 5xx or garbage is a DownstreamError.

        `repeatable`: the call can be repeated without harm (reads, writes carrying an
        idempotency key); by default reads and calls with an Idempotency-Key header."""
        safe = (
            repeatable
            if repeatable is not None
            else (method == "GET" or "Idempotency-Key" in headers)
        )
        retries = self.retries if safe else 0
        headers = {**headers}
        if safe:
            # One id for this call's attempts: the REST core accepts a PasswordDigest nonce again
            # only for the same attempt id and the same request, so a retry after a failure is
            # not refused as a replay, and a replayed SOAP request (a new call) still is.
            headers["X-Attempt-ID"] = uuid.uuid4().hex
        body = None
        if json_body is not None:
            body = json.dumps(json_body, allow_nan=False).encode()
            headers["Content-Type"] = "application/json"
        target = _target(path, params)
        attempt = 0
        while True:
            try:
                return self._once(method, target, operation, contract, body, headers)
            except DownstreamError as exc:
                if attempt >= retries or not exc.retryable:
                    raise
                logger.warning("retrying %s %s after: %s", method, path, exc.reason)
                time.sleep(self.backoff * (2**attempt))
                attempt += 1

    def _once(
        self,
        method: str,
        target: str,
        operation: str,
        contract: str,
        body: bytes | None,
        headers: dict[str, str | bytes],
    ) -> RestResponse:
        started = time.perf_counter()
        status = "error"
        try:
            with map_http_exceptions():
                code, content = self.transport.send(method, target, body, headers)
            status = str(code)
        finally:
            _metrics.DOWNSTREAM_LATENCY.labels(contract, operation, status).observe(
                time.perf_counter() - started
            )
        if code >= 500:
            raise DownstreamError(f"the REST core answered {code}")
        try:
            decoded = json.loads(content)
        except ValueError as exc:
            raise DownstreamError(
                f"the REST core answered {code} with non-JSON", retryable=False
            ) from exc
        return RestResponse(code, decoded)
