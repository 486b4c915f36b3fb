"""The edge's REST hop (`soap_adapter._rest`): every error of the HTTP client below it becomes a
DownstreamError with its meaning, and kept-alive connections survive what servers do to them.
Real HTTP on loopback; no timing assertion."""

from __future__ import annotations

import asyncio
import builtins
import http.client
import http.server
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from soap_adapter._rest import (
    HTTP_EXCEPTIONS,
    ConnectionPool,
    ConnectTimeout,
    RequestNotSent,
    RestClient,
    RestRequest,
    RestResponse,
    map_http_exceptions,
)
from soap_adapter.exceptions import DownstreamError

CATCH_ALL = HTTP_EXCEPTIONS[-1][1]


def _lower_errors() -> list[type[BaseException]]:
    """Every exception class `http.client`, `socket` and `ssl` define, every OSError subclass
    of the builtins (what a socket call raises), and the hop's own."""
    found: set[type[BaseException]] = {ConnectTimeout, RequestNotSent}
    for module in (http.client, socket, ssl, builtins):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, http.client.HTTPException | OSError):
                found.add(value)
    return sorted(found, key=lambda kind: kind.__qualname__)


def _instance(kind: type[BaseException]) -> BaseException:
    if issubclass(kind, http.client.IncompleteRead):
        return kind(b"partial")
    if issubclass(kind, http.client.LineTooLong):
        return kind("header line")
    if issubclass(kind, http.client.UnknownProtocol | http.client.BadStatusLine):
        return kind("HTTP/9")
    return kind()


# What only the catch-all row may mean: OSError itself and its aliases, and builtin OSErrors no
# socket call raises on a loopback request (files, processes, interrupted waits).
_GENERIC = {
    OSError,
    BlockingIOError,
    ChildProcessError,
    FileExistsError,
    FileNotFoundError,
    InterruptedError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    ProcessLookupError,
}


@pytest.mark.parametrize("kind", _lower_errors(), ids=lambda kind: kind.__qualname__)
def test_every_lower_error_is_mapped(kind: type[BaseException]) -> None:
    with pytest.raises(DownstreamError) as raised, map_http_exceptions():
        raise _instance(kind)
    assert raised.value.reason.endswith(f": {kind.__name__}")
    assert isinstance(raised.value.__cause__, kind)
    if kind not in _GENERIC:
        # A specific meaning, not the catch-all: the log says what happened.
        assert not raised.value.reason.startswith(CATCH_ALL), raised.value.reason


def test_an_error_that_is_not_the_hops_is_not_hidden() -> None:
    with pytest.raises(KeyError), map_http_exceptions():
        raise KeyError("a bug in the edge stays a bug")


class _Core(http.server.BaseHTTPRequestHandler):
    """A REST core stand-in that answers every POST with the JSON it got, and closes the
    connection after every answer WITHOUT saying so (no `Connection: close`), as a server does
    when its keep-alive timeout passes between two calls."""

    protocol_version = "HTTP/1.1"
    requests: ClassVar[list[tuple[str, str, dict[str, str]]]] = []
    closed: ClassVar[threading.Event] = threading.Event()

    def log_message(self, *_: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.requests.append((self.path, body.decode(), dict(self.headers)))
        answer = json.dumps({"echo": json.loads(body)}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_WR)  # the FIN follows the answer
        self.close_connection = True
        self.closed.set()


@pytest.fixture
def core() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Core)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Core.requests.clear()
    _Core.closed.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_write_is_sent_once_on_a_connection_the_server_closed_while_idle(core: str) -> None:
    client = RestClient(core, connect_timeout=2, read_timeout=5, retries=0)
    for number in range(3):
        # Not repeatable, so not retried: the pool must notice the closed connection itself.
        response = client.call(
            "POST",
            "/v1/things",
            operation="Op",
            params={"page": number, "name": "Ä b", "none": None},
            json_body={"n": number},
            headers={"X-Correlation-ID": "c-1", "X-WSSE": "Ä".encode()},
            repeatable=False,
        )
        assert response.status == 201 and response.body == {"echo": {"n": number}}
        assert _Core.closed.wait(10)  # closed before the next call starts
        _Core.closed.clear()
    assert [path for path, _, _ in _Core.requests] == [
        f"/v1/things?page={n}&name=%C3%84+b" for n in range(3)
    ]
    headers = _Core.requests[0][2]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Correlation-ID"] == "c-1"
    assert "X-Attempt-ID" not in headers  # only repeatable calls carry one


def test_a_refused_connection_is_a_downstream_error_with_its_meaning() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]  # bound, not listening: connections are refused
        client = RestClient(f"http://127.0.0.1:{port}", connect_timeout=2, read_timeout=2)
        with pytest.raises(DownstreamError) as raised:
            client.call("GET", "/v1/orders/1", operation="GetOrder", headers={})
    assert "refused or dropped the connection" in raised.value.reason


def test_the_pool_keeps_at_most_maxsize_idle_connections(core: str) -> None:
    pool = ConnectionPool(core, connect_timeout=2, read_timeout=5, maxsize=0)
    status, _ = pool.send("POST", "/x", b"{}", {"Content-Type": "application/json"})
    assert status == 201
    assert not pool._idle


# ---- the same hop on the event loop (`RestClient.asend`, what the edge's SOAP calls use) -------


def test_on_the_loop_a_write_is_sent_once_on_a_connection_the_server_closed(core: str) -> None:
    client = RestClient(core, connect_timeout=2, read_timeout=5, retries=0)

    async def calls() -> list[RestResponse]:
        answers = []
        for number in range(3):
            request = RestRequest(
                "POST",
                "/v1/things",
                "Op",
                {"X-Correlation-ID": "c-1", "X-WSSE": "Ä".encode()},
                params={"page": number, "name": "Ä b", "none": None},
                json_body={"n": number},
                repeatable=False,
            )
            answers.append(await client.asend(request))
            # Closed before the next call starts (the loop reads the EOF meanwhile).
            assert await asyncio.to_thread(_Core.closed.wait, 10)
            _Core.closed.clear()
            await asyncio.sleep(0.05)
        return answers

    answers = asyncio.run(calls())
    assert [(a.status, a.body) for a in answers] == [(201, {"echo": {"n": n}}) for n in range(3)]
    assert [path for path, _, _ in _Core.requests] == [
        f"/v1/things?page={n}&name=%C3%84+b" for n in range(3)
    ]
    headers = _Core.requests[0][2]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-WSSE"].encode("latin-1").decode() == "Ä"
    assert "X-Attempt-ID" not in headers


def test_on_the_loop_a_refused_connection_is_a_downstream_error_with_its_meaning() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
        client = RestClient(f"http://127.0.0.1:{port}", connect_timeout=2, read_timeout=2)
        request = RestRequest("GET", "/v1/orders/1", "GetOrder", {})
        with pytest.raises(DownstreamError) as raised:
            asyncio.run(client.asend(request))
    assert "refused or dropped the connection" in raised.value.reason


def test_on_the_loop_a_header_http_cannot_carry_is_not_sent(core: str) -> None:
    client = RestClient(core, connect_timeout=2, read_timeout=2, retries=0)
    request = RestRequest("POST", "/v1/things", "Op", {"X-Correlation-ID": "a\r\nX-Evil: 1"})
    with pytest.raises(DownstreamError) as raised:
        asyncio.run(client.asend(request))
    assert "the request could not be sent" in raised.value.reason
    assert not _Core.requests


class _Chunked(http.server.BaseHTTPRequestHandler):
    """Answers in chunks, then closes (HTTP/1.0 style end of body for a second path)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path == "/chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b'{"a": ', b"[1, 2", b"]}"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:  # no length: the body ends where the connection does
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b'{"a": "to the end"}')
            self.close_connection = True


@pytest.mark.parametrize(
    ("path", "body"), [("/chunked", {"a": [1, 2]}), ("/eof", {"a": "to the end"})]
)
def test_on_the_loop_chunked_and_unsized_answers_are_read_whole(path: str, body: object) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Chunked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = RestClient(
            f"http://127.0.0.1:{server.server_address[1]}", connect_timeout=2, read_timeout=5
        )

        async def twice() -> list[object]:
            request = RestRequest("GET", path, "Op", {})
            return [(await client.asend(request)).body for _ in range(2)]

        assert asyncio.run(twice()) == [body, body]
    finally:
        server.shutdown()
        server.server_close()
