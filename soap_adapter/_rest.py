"""The HTTP client the edge calls the REST core with: kept-alive connections, explicit timeouts.

The hop is `http.client` over a small pool of kept-alive connections: of the clients measured
side by side (`bench/rest_hop.py`, BENCHMARKS.md) it costs the least CPU per call, about 0.4 of
`requests` and 0.65 of urllib3's own pool, for the one thing the edge needs: one request to one
host, its whole JSON answer read.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import dataclasses
import functools
import http.client
import json
import logging
import socket
import ssl
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from typing import Any, Generic, Protocol, TypeVar
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
_Idle = TypeVar("_Idle")  # what a pool keeps between calls: a connection
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


class _Pool(Generic[_Idle]):
    """What both pools keep of one REST core: where it is (host, port, path prefix, TLS
    context), how long a call may wait, and the idle connections, at most `maxsize`."""

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
        self._idle: collections.deque[_Idle] = collections.deque()


class ConnectionPool(_Pool[http.client.HTTPConnection]):
    """Kept-alive connections to one REST core, shared by the edge's threads: a connection is
    taken for one request and given back once its answer is read whole; one that failed midway
    is closed, and one the server closed while idle is noticed before it is used again."""

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


class AsyncConnectionPool(_Pool[tuple[asyncio.StreamReader, asyncio.StreamWriter]]):
    """The same hop for the edge's event loop: kept-alive asyncio connections to one REST core,
    one request at a time on each; a call that fails midway closes its connection, and one the
    server closed while idle is seen closed (the loop reads its EOF) and not used again.
    Failures are raised as the `http.client` and socket errors `HTTP_EXCEPTIONS` lists."""

    _loop: asyncio.AbstractEventLoop | None = None  # the loop the idle connections belong to

    @functools.cached_property
    def host_header(self) -> str:
        default_port = 443 if self.context is not None else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default_port else f"{host}:{self.port}"

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # connections belong to the loop that made them
            self._idle, self._loop = collections.deque(), loop
        while self._idle:
            reader, writer = self._idle.pop()
            sock = writer.get_extra_info("socket")
            # Closed by the server while idle: its EOF read by the loop, or not yet (the socket
            # readable: the loop has not run since, as between the calls of a benchmark).
            if not (reader.at_eof() or writer.is_closing() or wait_for_read(sock, timeout=0.0)):
                return reader, writer
            writer.close()
        try:
            async with asyncio.timeout(self.connect_timeout):
                return await asyncio.open_connection(
                    self.host,
                    self.port,
                    ssl=self.context,
                    server_hostname=self.host if self.context is not None else None,
                )
        except TimeoutError as exc:
            raise ConnectTimeout("connect timed out") from exc

    def _request(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str | bytes]
    ) -> bytes:
        path = self.prefix + target
        if not path.startswith("/") or any(c in path for c in " \r\n\t\x00"):
            raise http.client.InvalidURL(f"the request target {path[:80]!r} is not valid")
        lines = [f"{method} {path} HTTP/1.1\r\nHost: {self.host_header}\r\n".encode()]
        for name, value in headers.items():
            raw = value if isinstance(value, bytes) else value.encode("latin-1")
            if b"\r" in raw or b"\n" in raw or not name.isascii() or ":" in name:
                raise RequestNotSent(f"the header {name[:40]!r} cannot be sent")
            lines.append(name.encode() + b": " + raw + b"\r\n")
        if body is not None or method in ("POST", "PUT", "PATCH"):
            lines.append(b"Content-Length: %d\r\n" % len(body or b""))
        lines.append(b"\r\n")
        if body:
            lines.append(body)
        return b"".join(lines)

    async def send(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str | bytes]
    ) -> tuple[int, bytes]:
        try:
            request = self._request(method, target, body, headers)
        except UnicodeEncodeError as exc:
            raise RequestNotSent(str(exc)) from exc
        reader, writer = await self._connection()
        try:
            writer.write(request)
            async with asyncio.timeout(self.read_timeout):
                status, keep, content = await _read_response(reader, method)
        except BaseException:
            writer.close()
            raise
        if keep and len(self._idle) < self.maxsize:
            self._idle.append((reader, writer))
        else:
            writer.close()
        return status, content


async def _read_response(reader: asyncio.StreamReader, method: str) -> tuple[int, bool, bytes]:
    """(status, whether the connection may be kept, body) of one HTTP/1.x answer."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            raise http.client.RemoteDisconnected("closed without an answer") from None
        raise http.client.IncompleteRead(exc.partial) from None
    except asyncio.LimitOverrunError:
        raise http.client.LineTooLong("the answer's headers") from None
    lines = head[:-4].split(b"\r\n")
    version, _, rest = lines[0].partition(b" ")
    code = rest[:3]
    if not version.startswith(b"HTTP/1.") or not code.isdigit():
        raise http.client.BadStatusLine(lines[0][:80].decode("latin-1"))
    status = int(code)
    keep = version == b"HTTP/1.1"
    length: int | None = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            if not value.strip().isdigit():
                raise http.client.HTTPException("invalid Content-Length")
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = value.strip().lower() == b"chunked"
        elif name == b"connection":
            keep = value.strip().lower() != b"close"
    if status in (204, 304) or 100 <= status < 200 or method == "HEAD":
        return status, keep, b""
    try:
        if chunked:
            parts: list[bytes] = []
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";", 1)[0].strip() or b"x", 16)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":
                        pass  # trailers
                    return status, keep, b"".join(parts)
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
        if length is not None:
            return status, keep, await reader.readexactly(length)
        return status, False, await reader.read()  # to the end: the server closes
    except asyncio.IncompleteReadError as exc:
        raise http.client.IncompleteRead(exc.partial) from None
    except (asyncio.LimitOverrunError, ValueError):
        raise http.client.HTTPException("invalid chunked encoding") from None


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


@dataclasses.dataclass(frozen=True)
class RestRequest:
    """One call on the REST core, as a mapping makes it."""

    method: str
    path: str
    operation: str
    headers: dict[str, str | bytes]
    contract: str = ""
    params: dict[str, Any] | None = None
    json_body: Any = None
    # The call can be repeated without harm (reads, writes carrying an idempotency key); None:
    # reads and calls with an Idempotency-Key header.
    repeatable: bool | None = None


@dataclasses.dataclass(frozen=True)
class _Prepared:
    request: RestRequest
    target: str
    body: bytes | None
    headers: dict[str, str | bytes]
    retries: int


class RestClient:
    """Calls the REST core; retries only what is safe to repeat, bounded, with backoff. `send`
    blocks its thread; `asend` awaits on the event loop (the edge's own calls)."""

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
        # `transport` replaces the connection pools, as httpx's `transport=` does: a recording
        # or replaying one for a benchmark of the edge alone (then `asend` uses it in a thread).
        self.transport: Transport = transport or ConnectionPool(
            self.base_url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            maxsize=pool_size,
            verify=verify,
        )
        self.async_transport: AsyncConnectionPool | None = None
        if transport is None:
            self.async_transport = AsyncConnectionPool(
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
        """Send one request and decode its JSON answer; a 5xx or garbage is a DownstreamError."""
        return self.send(
            RestRequest(method, path, operation, headers, contract, params, json_body, repeatable)
        )

    def _prepare(self, request: RestRequest) -> _Prepared:
        method, headers = request.method, request.headers
        safe = (
            request.repeatable
            if request.repeatable is not None
            else (method == "GET" or "Idempotency-Key" in headers)
        )
        headers = {**headers}
        if safe:
            # One id for this call's attempts: the REST core accepts a PasswordDigest nonce again
            # only for the same attempt id and the same request, so a retry after a failure is
            # not refused as a replay, and a replayed SOAP request (a new call) still is.
            headers["X-Attempt-ID"] = uuid.uuid4().hex
        body = None
        if request.json_body is not None:
            body = json.dumps(request.json_body, allow_nan=False).encode()
            headers["Content-Type"] = "application/json"
        target = _target(request.path, request.params)
        return _Prepared(request, target, body, headers, self.retries if safe else 0)

    def send(self, request: RestRequest) -> RestResponse:
        """Send one request and decode its JSON answer; a 5xx or garbage is a DownstreamError."""
        prepared = self._prepare(request)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                with self._attempt(request, started):
                    code, content = self.transport.send(
                        request.method, prepared.target, prepared.body, prepared.headers
                    )
                return self._decode(request, code, content, started)
            except DownstreamError as exc:
                time.sleep(self._pause(prepared, attempt, exc))
                attempt += 1

    async def asend(self, request: RestRequest) -> RestResponse:
        """`send` on the event loop: the same request, retries, errors and metrics."""
        if self.async_transport is None:
            return await asyncio.to_thread(self.send, request)
        prepared = self._prepare(request)
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                with self._attempt(request, started):
                    code, content = await self.async_transport.send(
                        request.method, prepared.target, prepared.body, prepared.headers
                    )
                return self._decode(request, code, content, started)
            except DownstreamError as exc:
                await asyncio.sleep(self._pause(prepared, attempt, exc))
                attempt += 1

    @contextlib.contextmanager
    def _attempt(self, request: RestRequest, started: float) -> Iterator[None]:
        """One try of the hop: its failure counted as status "error" and mapped."""
        with map_http_exceptions():
            try:
                yield
            except BaseException:
                self._observe(request, "error", started)
                raise

    def _pause(self, prepared: _Prepared, attempt: int, failure: DownstreamError) -> float:
        """Seconds to wait before the next attempt; raises `failure` when there is none."""
        if attempt >= prepared.retries or not failure.retryable:
            raise failure
        request = prepared.request
        logger.warning("retrying %s %s after: %s", request.method, request.path, failure.reason)
        return float(self.backoff * (2**attempt))

    @staticmethod
    def _observe(request: RestRequest, status: str, started: float) -> None:
        _metrics.labelled(
            _metrics.DOWNSTREAM_LATENCY, request.contract, request.operation, status
        ).observe(time.perf_counter() - started)

    def _decode(
        self, request: RestRequest, code: int, content: bytes, started: float
    ) -> RestResponse:
        self._observe(request, str(code), started)
        if code >= 500:
            raise DownstreamError(f"the REST core answered {code}")
        try:
            decoded = json.loads(content)
        except ValueError as exc:
            raise DownstreamError(
                f"the REST core answered {code} with non-JSON", retryable=False
            ) from exc
        return RestResponse(code, decoded)
