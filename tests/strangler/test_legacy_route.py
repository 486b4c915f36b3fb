"""Every call routed `legacy`: the legacy service answers through the edge, unchanged."""

from __future__ import annotations

import pathlib
import socket
import subprocess
import threading
from collections.abc import Iterator

import pytest

from soap_adapter import contract_test
from tests import soap_requests
from tests._processes import BIN, ROOT
from tests.strangler import _replay
from tests.strangler._legacy import CASES, reset_legacy, steps
from tests.strangler.conftest import Strangled
from tests.system import OPERATOR, assert_schema_valid

UNAVAILABLE = "The service is temporarily unavailable."


@pytest.fixture
def all_legacy(strangled: Strangled) -> Iterator[Strangled]:
    strangled.route(default="legacy")  # each test sets the routes it needs
    yield strangled


@pytest.mark.parametrize("credentials", ["text", "digest"])
@pytest.mark.parametrize("binding", ["native", "other"])
@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_published_exchange_through_the_edge_to_the_legacy_service(
    all_legacy: Strangled, case: pathlib.Path, binding: str, credentials: str
) -> None:
    """The edge answers as the legacy service does when asked directly, step by step; in the
    published binding it also matches the captured exchange itself."""
    native = next(s.soap for s in steps(case, binding="native", digest=False))
    chosen = "native" if binding == "native" else {"1.1": "1.2", "1.2": "1.1"}[native]

    def variant() -> list:
        return list(steps(case, binding=chosen, digest=credentials == "digest"))

    reset_legacy(all_legacy.legacy)
    direct, _ = _replay.run(all_legacy.legacy_url, variant())
    reset_legacy(all_legacy.legacy)
    through, variables = _replay.run(all_legacy.soap_url, variant())
    for number, (step, d, t) in enumerate(zip(variant(), direct, through, strict=True), 1):
        assert (t.status, t.content_type) == (d.status, d.content_type), f"step {number}"
        contract_test.match_envelopes(_replay.volatile(d.body), t.body, {})
        assert_schema_valid(t.body)
        if step.status is not None:  # the published binding: the captured answer itself
            assert t.status == step.status, f"step {number}"
            contract_test.match_envelopes(step.response, t.body, dict(variables))


def test_the_answer_is_the_legacy_answer_byte_for_byte(all_legacy: Strangled) -> None:
    for version in ("1.1", "1.2"):
        for body in (
            "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
            "<tns:GetOrder><tns:OrderId>SO-99999999</tns:OrderId></tns:GetOrder>",  # a fault
        ):
            request = soap_requests.envelope(
                body, version=version, headers=soap_requests.text_token(*OPERATOR)
            )
            action = soap_requests.ACTION.format(
                "GetCustomer" if "Customer" in body else "GetOrder"
            )
            direct = soap_requests.post(
                all_legacy.legacy_url, request, version=version, action=action
            )
            through = soap_requests.post(
                all_legacy.soap_url, request, version=version, action=action
            )
            assert through.status_code == direct.status_code
            assert through.headers["Content-Type"] == direct.headers["Content-Type"]
            assert through.content == direct.content


def test_the_edge_still_guards_the_legacy_service(all_legacy: Strangled) -> None:
    """Hostile input never reaches the legacy service: the edge's own faults answer it."""
    before = all_legacy.metric("legacy_call_duration_seconds_count")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&a;'
        b"</soap:Body></soap:Envelope>"
    )
    response = soap_requests.post(
        all_legacy.soap_url, bomb, action=soap_requests.ACTION.format("GetCustomer")
    )
    assert response.status_code == 500 and b"Client" in response.content
    huge = soap_requests.envelope(
        "<tns:GetCustomer>" + "x" * (2 * 1024 * 1024) + "</tns:GetCustomer>"
    )
    response = soap_requests.post(all_legacy.soap_url, huge)
    assert response.status_code == 500 and b"larger than" in response.content
    assert all_legacy.metric("legacy_call_duration_seconds_count") == before
    assert all_legacy.metric("soap_route_total", operation="GetCustomer", route="legacy") >= 0


class _BadLegacy:
    """A real TCP server on loopback that is a broken legacy service: silent, or garbage."""

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/OrderService.asmx"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.answer is None:
                self.held.append(conn)  # accept and never answer: a hung legacy service
                continue
            conn.recv(65536)
            conn.sendall(self.answer)
            conn.close()

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


HTML = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 15\r\nConnection: close\r\n\r\n<html>oops</ht>"


@pytest.mark.parametrize(
    "kind", ["down", "hung (real TCP server that never answers)", "garbage (real TCP server)"]
)
def test_legacy_down_slow_or_garbage_is_the_unavailable_fault(
    strangled: Strangled, kind: str
) -> None:
    bad = None
    if kind == "down":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{s.getsockname()[1]}/OrderService.asmx"  # closed again
    else:
        bad = _BadLegacy(None if kind.startswith("hung") else HTML)
        url = bad.url
    text = strangled.routes_text(default="rest", GetCustomer="legacy").replace(
        f'url = "{strangled.legacy_url}"\ntimeout = 3', f'url = "{url}"\ntimeout = 1'
    )
    strangled.write_routes(text)
    try:
        before = strangled.metric(
            "soap_routed_calls_total",
            operation="GetCustomer",
            route="legacy",
            outcome="unavailable",
        )
        for version in ("1.1", "1.2"):
            request = soap_requests.envelope(
                "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
                version=version,
                headers=soap_requests.text_token(*OPERATOR),
            )
            response = soap_requests.post(strangled.soap_url, request, version=version)
            assert response.status_code == 500
            assert UNAVAILABLE.encode() in response.content
            assert (b"Server" if version == "1.1" else b"Receiver") in response.content
            assert url.encode() not in response.content and b"127.0.0.1" not in response.content
        after = strangled.metric(
            "soap_routed_calls_total",
            operation="GetCustomer",
            route="legacy",
            outcome="unavailable",
        )
        assert after == before + 2
        assert (
            strangled.metric(
                "soap_faults_total", operation="GetCustomer", fault_code="Server.Legacy"
            )
            >= 2
        )
        # Another operation, still routed rest, is not affected.
        request = soap_requests.envelope(
            "<tns:GetOrder><tns:OrderId>SO-00001001</tns:OrderId></tns:GetOrder>",
            headers=soap_requests.text_token(*OPERATOR),
        )
        assert soap_requests.post(strangled.soap_url, request).status_code in (200, 500)
    finally:
        if bad is not None:
            bad.close()
        strangled.route()


def _serve_with(routes: str, tmp: pathlib.Path) -> subprocess.CompletedProcess[str]:
    path = tmp / "routes.toml"
    path.write_text(routes, encoding="utf-8")
    return subprocess.run(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--port",
            "1",
            "--rest-url",
            "http://127.0.0.1:9",
            "--routes",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


LEGACY = '[legacy]\nurl = "http://127.0.0.1:9/OrderService.asmx"\n\n'


@pytest.mark.parametrize(
    ("routes", "line", "words"),
    [
        (LEGACY + '[routes]\ndefault = "rest"\nCreateOrder = "shadow"\n', 6, "write"),
        (
            LEGACY + '[routes]\nGetCustomer = "legacy"\nGetCustomers = "legacy"\n',
            6,
            "unknown operation",
        ),
        (LEGACY + '[routes]\ndefault = "rest"\n\nGetOrder = "mirror"\n', 7, "unknown mode"),
        ('[routes]\ndefault = "rest"\nGetOrder = "legacy"\n', 3, "[legacy] url is missing"),
        (LEGACY + '[routes]\ndefault = "shadow"\n', 5, "write"),
    ],
    ids=[
        "shadow-on-a-write",
        "unknown-operation",
        "unknown-mode",
        "no-legacy-url",
        "shadow-default",
    ],
)
def test_a_bad_routing_file_is_refused_at_start_naming_the_line(
    tmp_path: pathlib.Path, routes: str, line: int, words: str
) -> None:
    result = _serve_with(routes, tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"routes.toml, line {line}:" in result.stderr
    assert words in result.stderr
