"""The REST core refuses oversized headers (431) and bodies (413) before reading them whole."""

from __future__ import annotations

import contextlib
import socket

import requests

from tests._processes import ServerProcess
from tests.system import OPERATOR

BASIC = b"Authorization: Basic YmFja29mZmljZTpXaW50ZXIyMDExIQ==\r\n"  # backoffice, an operator


def exchange(port: int, head: bytes, body: bytes = b"", timeout: float = 10) -> bytes:
    """Send `head` (and `body`), return the status line the server answers with."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        with contextlib.suppress(OSError):  # refused mid-way: the answer is still there to read
            s.sendall(head + body)
        return s.recv(65536).split(b"\r\n", 1)[0]


def port_of(server: ServerProcess) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def test_a_header_over_the_limit_is_431(served: tuple[ServerProcess, ServerProcess]) -> None:
    core, _ = served
    response = requests.get(core.base_url + "/health", headers={"X-Big": "a" * 70_000}, timeout=10)
    assert response.status_code == 431
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/request-headers-too-large")
    assert requests.get(core.base_url + "/health", headers={"X-Ok": "a" * 30_000}, timeout=10).ok


def test_a_20_mb_header_line_is_refused_without_being_read(
    served: tuple[ServerProcess, ServerProcess],
) -> None:
    core, _ = served
    status = exchange(
        port_of(core), b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000_000
    )
    assert status.startswith(b"HTTP/1.1 431")


def test_a_declared_body_over_the_limit_is_413_before_it_is_sent(
    served: tuple[ServerProcess, ServerProcess],
) -> None:
    core, _ = served
    # Only the headers go out: the answer comes without waiting for the 300 MiB.
    head = (
        b"POST /v1/customers/101/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + BASIC
        + b"Content-Length: 314572800\r\n\r\n"
    )
    assert exchange(port_of(core), head).startswith(b"HTTP/1.1 413")


def test_a_chunked_body_over_the_limit_is_413_once_the_limit_is_passed(
    served: tuple[ServerProcess, ServerProcess],
) -> None:
    core, _ = served

    def chunks():  # 3 MiB in 64 KiB chunks, no Content-Length
        for _ in range(48):
            yield b" " * 65536

    try:
        response = requests.post(
            core.base_url + "/v1/customers/101/orders",
            data=chunks(),
            auth=OPERATOR,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
    except requests.ConnectionError:
        # The server may close before the client has sent it all; then ask the raw way.
        head = (
            b"POST /v1/customers/101/orders HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n" + BASIC + b"\r\n"
        )
        chunk = b"10000\r\n" + b" " * 65536 + b"\r\n"
        assert exchange(port_of(core), head, chunk * 20).startswith(b"HTTP/1.1 413")
        return
    assert response.status_code == 413
    assert response.json()["type"].endswith("/request-too-large")


def test_a_body_under_the_limit_is_served(served: tuple[ServerProcess, ServerProcess]) -> None:
    core, _ = served
    response = requests.post(
        core.base_url + "/v1/customers/101/orders",
        json={"currency": "EUR", "lines": [{"sku": "PAP-A4-500", "quantity": 1}], "pad": "x"},
        auth=OPERATOR,
        timeout=10,
    )
    assert response.status_code == 422  # read whole and judged: the unknown field is named
    assert "pad" in response.text
