"""Downstream failures become the Server fault of BEHAVIOUR.md in time, counted and logged.

The REST core here is a FAKE (an HTTP server in the test process answering crafted failures):
a real REST core cannot be made to answer garbage, half an answer, or an unknown problem type.
The edge is the real `soap-adapter serve` process.
"""

from __future__ import annotations

import collections
import http.server
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest
import requests
from lxml import etree

from tests import soap_requests as soap
from tests._processes import ServerProcess, free_port
from tests.system import BIN, OPERATOR, ROOT, assert_schema_valid

READ_TIMEOUT = 0.5
NS = {"t": soap.T}
UNAVAILABLE = "The service is temporarily unavailable."
CUSTOMER = {
    "id": 101,
    "name": "Acme",
    "email": None,
    "status": "active",
    "credit_limit": {"amount": "5000.00", "currency": "EUR"},
    "balance": {"amount": "1.00", "currency": "EUR"},
    "billing_address": None,
    "created_at": "2009-04-17T09:30:00Z",
}


ORDER = {
    "id": 8,
    "customer_id": 101,
    "order_date": "2026-11-27",
    "status": "scheduled",
    "currency": "EUR",
    "lines": [],
    "total": {"amount": "0.00", "currency": "EUR"},
    "notes": None,
    "cancelled_at": None,
    "cancel_reason": None,
    "client_reference": "PO-1",
    "requested_delivery_date": "2027-02-01",
    "shipping_address": None,
}


class FakeRestCore(http.server.BaseHTTPRequestHandler):
    """Answers by customer number: 1 -> 500, 2 -> too slow, 3 -> not JSON, 4 -> unknown problem,
    5 -> connection closed mid-answer, 6 -> JSON missing required fields, 7 -> money with three
    decimals, 8 -> a country code the XSD refuses, else a customer.
    Orders: 8 -> a scheduled order, 9 -> an order in a status no release knows."""

    hits: ClassVar[collections.Counter[str]] = collections.Counter()
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        number = self.path.rstrip("/").rsplit("/", 1)[-1]
        if self.path == "/openapi.json":
            self._send(404, b'{"type": "not-found"}')
        elif self.path.startswith("/v1/orders/"):
            status = {"8": "scheduled", "9": "on_hold"}[number]
            self._send(200, json.dumps({**ORDER, "id": int(number), "status": status}).encode())
        elif number == "1":
            self._send(500, b'{"type": "x", "detail": "db on fire at db-host-7"}')
        elif number == "2":
            time.sleep(READ_TIMEOUT * 3)
            self._send(200, json.dumps(CUSTOMER).encode())
        elif number == "3":
            self._send(200, b"<html>proxy error</html>", "text/html")
        elif number == "4":
            self._send(
                409, b'{"type": "https://problems.orders.example.com/brand-new", "status": 409}'
            )
        elif number == "5":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"id": 1')
            self.wfile.flush()
            self.connection.close()
        elif number == "6":
            self._send(200, json.dumps({**CUSTOMER, "name": None}).encode())
        elif number == "7":
            balance = {"amount": "1234.565", "currency": "EUR"}
            self._send(200, json.dumps({**CUSTOMER, "balance": balance}).encode())
        elif number == "8":
            address = {"street": "s", "city": "c", "postal_code": "p", "country_code": "NLD"}
            self._send(200, json.dumps({**CUSTOMER, "billing_address": address}).encode())
        else:
            self._send(200, json.dumps(CUSTOMER).encode())

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        # The edge sends ClientReference as the body's client_reference (issue 8 item 5).
        self.hits[self.path + " " + str(body.get("client_reference"))] += 1
        self._send(503, b'{"type": "service-unavailable"}')


@pytest.fixture(scope="module")
def fake_rest() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeRestCore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def start_edge(
    rest_url: str, tmp_path_factory: pytest.TempPathFactory, **env: str
) -> ServerProcess:
    port = free_port()
    tmp = tmp_path_factory.mktemp("edge")
    return ServerProcess(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--port",
            str(port),
            "--rest-url",
            rest_url,
            "--workers",
            "1",
        ],
        env={
            **os.environ,
            "SOAP_ADAPTER_READ_TIMEOUT": str(READ_TIMEOUT),
            "SOAP_ADAPTER_CONNECT_TIMEOUT": "0.5",
            **env,
        },
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp / "edge.log",
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def edge(fake_rest: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_edge(fake_rest, tmp_path_factory) as process:
        yield process


def url(process: ServerProcess) -> str:
    return process.ready_url.replace("/health", "/OrderService.asmx")


def get_customer(
    process: ServerProcess, number: int, version: str = "1.1", timeout: float = 30
) -> requests.Response:
    body = soap.envelope(
        f"<tns:GetCustomer><tns:CustomerId>C-{number:06d}</tns:CustomerId></tns:GetCustomer>",
        version=version,
        headers=soap.text_token(*OPERATOR)
        + f"<tns:AuditHeader><tns:CorrelationId>corr-{number}</tns:CorrelationId></tns:AuditHeader>",
    )
    return soap.post(url(process), body, version=version, timeout=timeout)


def assert_unavailable(response: requests.Response, version: str = "1.1") -> None:
    assert response.status_code == 500
    assert UNAVAILABLE in response.text
    code = "soap:Server" if version == "1.1" else "soap:Receiver"
    assert code in response.text
    for leak in ("Traceback", "127.0.0.1", "db-host", "http://", "Error"):
        assert leak not in response.text.replace("http://schemas", "").replace(
            "http://www.w3", ""
        ), leak


@pytest.mark.parametrize("number", [1, 3, 4, 5, 6])
def test_fake_downstream_failure_is_a_server_fault(edge: ServerProcess, number: int) -> None:
    for version in ("1.1", "1.2"):
        response = get_customer(edge, number, version)
        assert_unavailable(response, version)
    assert f"corr-{number}" in edge.log()


def test_fake_downstream_too_slow_is_a_server_fault_within_the_timeouts(
    edge: ServerProcess,
) -> None:
    FakeRestCore.hits.clear()
    # The fake answers after 3 read timeouts: had the edge waited, the caller would get the
    # customer. It gets the Server fault instead, after three attempts (one retried read, twice).
    response = get_customer(edge, 2)
    assert_unavailable(response)
    assert FakeRestCore.hits["/v1/customers/2"] == 3


def test_fake_downstream_reads_are_retried_writes_only_with_a_key(
    edge: ServerProcess, fake_rest: str
) -> None:
    FakeRestCore.hits.clear()
    get_customer(edge, 1)
    assert FakeRestCore.hits["/v1/customers/1"] == 3
    lines = "<tns:Lines><t:NewOrderLine><t:Sku>X</t:Sku><t:Quantity>1</t:Quantity></t:NewOrderLine></tns:Lines>"
    for reference, attempts in (("", 1), ("<tns:ClientReference>k-1</tns:ClientReference>", 3)):
        body = soap.envelope(
            f"<tns:CreateOrder><tns:CustomerId>C-000101</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
            f"{lines}{reference}</tns:CreateOrder>",
            headers=soap.text_token(*OPERATOR),
        )
        assert_unavailable(soap.post(url(edge), body))
        key = "k-1" if reference else "None"
        assert FakeRestCore.hits[f"/v1/customers/101/orders {key}"] == attempts


def test_fake_downstream_failures_are_counted(edge: ServerProcess) -> None:
    get_customer(edge, 4)
    get_customer(edge, 6)
    metrics = requests.get(edge.ready_url.replace("/health", "/metrics"), timeout=5).text
    assert (
        'soap_faults_total{contract="2011-03",fault_code="Server.Downstream",operation="GetCustomer"}'
        in metrics
    )
    assert (
        'soap_mapping_failures_total{contract="2011-03",operation="GetCustomer",stage="problem"}'
        in metrics
    )
    assert (
        'soap_mapping_failures_total{contract="2011-03",operation="GetCustomer",stage="response"}'
        in metrics
    )


def test_rest_core_down_is_a_server_fault(tmp_path_factory: pytest.TempPathFactory) -> None:
    with start_edge(f"http://127.0.0.1:{free_port()}", tmp_path_factory) as process:
        # Refused at once, retried twice with a short backoff, then the fault: the client's
        # timeout must not fire.
        response = get_customer(process, 101, timeout=10)
        assert_unavailable(response)
        assert process.log().count("retrying GET /v1/customers/101") == 2


def get_order(process: ServerProcess, number: int) -> requests.Response:
    body = soap.envelope(
        f"<tns:GetOrder><tns:OrderId>SO-{number:08d}</tns:OrderId></tns:GetOrder>",
        headers=soap.text_token(*OPERATOR),
    )
    return soap.post(url(process), body)


def test_fake_downstream_value_a_release_cannot_express(edge: ServerProcess) -> None:
    # 2011-03's mapping says what `scheduled` becomes there: Confirmed, without the new elements.
    scheduled = get_order(edge, 8)
    assert scheduled.status_code == 200
    assert ":Status>Confirmed</" in scheduled.text
    assert "ClientReference" not in scheduled.text and "RequestedDeliveryDate" not in scheduled.text
    assert_schema_valid(scheduled.content)
    # A status no mapping can express is a counted mapping failure, never an invalid answer.
    unknown = get_order(edge, 9)
    assert_unavailable(unknown)
    metrics = requests.get(edge.ready_url.replace("/health", "/metrics"), timeout=5).text
    assert (
        'soap_mapping_failures_total{contract="2011-03",operation="GetOrder",stage="response"} 1.0'
        in metrics
    )


def test_fake_rest_answer_with_three_decimals_in_money_goes_out_with_two(
    edge: ServerProcess,
) -> None:
    """BEHAVIOUR.md: money always has exactly two fraction digits. The real REST core keeps
    cents, so only a fake can answer 1234.565; the edge rounds half to even, as the codec says."""
    response = get_customer(edge, 7)
    assert response.status_code == 200, response.text[:500]
    balance = etree.fromstring(response.content).findtext(".//t:Balance", namespaces=NS)
    assert balance == "1234.56", response.text[:800]
    assert_schema_valid(response.content)


def test_fake_rest_answer_invalid_against_the_xsd_is_not_sent_in_strict_mode(
    fake_rest: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Strict mode (SOAP_ADAPTER_STRICT=true): a response the XSD refuses becomes a Server fault
    and is counted; without it the same answer goes out (the mapping check cannot see values)."""
    with start_edge(fake_rest, tmp_path_factory, SOAP_ADAPTER_STRICT="true") as strict:
        assert_unavailable(get_customer(strict, 8))
        metrics = requests.get(strict.ready_url.replace("/health", "/metrics"), timeout=5).text
        assert (
            'soap_mapping_failures_total{contract="2011-03",operation="GetCustomer",stage="schema"}'
            " 1.0" in metrics
        )
    with start_edge(fake_rest, tmp_path_factory) as lenient:
        sent = etree.fromstring(get_customer(lenient, 8).content)
        assert sent.findtext(".//t:CountryCode", namespaces=NS) == "NLD"
