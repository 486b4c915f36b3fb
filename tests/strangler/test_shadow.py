"""Reads shadowed: the legacy service answers, the REST path runs beside it and is compared."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import time

import pytest
import requests

from soap_adapter import contract_test
from tests import soap_requests
from tests._processes import BIN, ROOT
from tests.strangler._legacy import CASES
from tests.strangler.conftest import Strangled
from tests.system import OPERATOR, assert_schema_valid

READS = {
    "GetCustomer": "shadow",
    "SearchCustomers": "shadow",
    "GetOrder": "shadow",
    "ListOrders": "shadow",
}


def _get_order(order_id: str, correlation_id: str = "") -> bytes:
    audit = (
        f"<tns:AuditHeader><tns:CorrelationId>{correlation_id}</tns:CorrelationId></tns:AuditHeader>"
        if correlation_id
        else ""
    )
    return soap_requests.envelope(
        f"<tns:GetOrder><tns:OrderId>{order_id}</tns:OrderId></tns:GetOrder>",
        headers=soap_requests.text_token(*OPERATOR) + audit,
    )


def _settled(strangled: Strangled, before: float, expected: int, **labels: str) -> float:
    """The comparisons counter once `expected` more were made (they run off the call's path)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = strangled.metric("soap_shadow_comparisons_total", **labels)
        if now >= before + expected:
            return now
        time.sleep(0.2)
    return strangled.metric("soap_shadow_comparisons_total", **labels)


def _report(strangled: Strangled) -> str:
    done = subprocess.run(
        [str(BIN / "soap-adapter"), "shadow-report", "--routes", str(strangled.routes_file)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_reads_shadowed_writes_legacy_the_exchanges_pass_without_a_mismatch(
    strangled: Strangled, case: pathlib.Path
) -> None:
    strangled.route(default="legacy", **READS)
    strangled.reset()
    before = strangled.metric("soap_shadow_comparisons_total")
    mismatches = strangled.metric("soap_shadow_comparisons_total", outcome="mismatch")
    errors = strangled.metric("soap_shadow_comparisons_total", outcome="error")
    responses = contract_test.replay(contract_test.load_exchange(case), strangled.soap_url)
    for response in responses:
        assert_schema_valid(response.content)
    shadowed = sum(1 for r in responses if r.step.action.rsplit("/", 1)[1] in READS)
    _settled(strangled, before, shadowed)
    assert strangled.metric("soap_shadow_comparisons_total", outcome="mismatch") == mismatches
    assert strangled.metric("soap_shadow_comparisons_total", outcome="error") == errors


def test_a_different_rest_answer_is_a_mismatch_named_by_its_path(strangled: Strangled) -> None:
    strangled.route(GetOrder="shadow")
    strangled.reset()
    # The REST core alone cancels order 4714: from now on the two systems disagree on it.
    cancelled = requests.post(
        f"{strangled.core.base_url}/v1/orders/4714/cancel",
        json={"reason": "only in the REST core"},
        auth=OPERATOR,
        timeout=30,
    )
    assert cancelled.status_code == 200, cancelled.text
    before = strangled.metric(
        "soap_shadow_comparisons_total", operation="GetOrder", outcome="mismatch"
    )
    response = soap_requests.post(strangled.soap_url, _get_order("SO-00004714", "shadow-test-4714"))
    assert response.status_code == 200
    assert b"<t:Status>New</t:Status>" in response.content  # the legacy answer
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and strangled.metric(
            "soap_shadow_comparisons_total", operation="GetOrder", outcome="mismatch"
        )
        == before
    ):
        time.sleep(0.2)
    assert (
        strangled.metric("soap_shadow_comparisons_total", operation="GetOrder", outcome="mismatch")
        == before + 1
    )
    report = _report(strangled)
    assert "GetOrder:" in report
    assert "GetOrderResponse/GetOrderResult/Status" in report
    assert "'New'" in report and "'Cancelled'" in report
    assert "shadow-test-4714" in report
    assert OPERATOR[1] not in report
    store = (strangled.tmp / "shadow.sqlite3").read_bytes()
    assert OPERATOR[1].encode() not in store


def test_an_ignored_path_does_not_count(strangled: Strangled) -> None:
    ignore = '\n[shadow.ignore]\nGetCustomer = ["GetCustomerResponse/GetCustomerResult/Balance"]\n'
    strangled.write_routes(
        strangled.routes_text(GetCustomer="shadow").replace("\n[record]", ignore + "\n[record]")
    )
    strangled.reset()
    # An order placed in the REST core alone: the balances differ, nothing else does.
    placed = requests.post(
        f"{strangled.core.base_url}/v1/customers/101/orders",
        json={"currency": "EUR", "lines": [{"sku": "PAP-A4-500", "quantity": 1}]},
        auth=OPERATOR,
        timeout=30,
    )
    assert placed.status_code == 201, placed.text
    before = strangled.metric("soap_shadow_comparisons_total", operation="GetCustomer")
    matches = strangled.metric(
        "soap_shadow_comparisons_total", operation="GetCustomer", outcome="match"
    )
    request = soap_requests.envelope(
        "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
        headers=soap_requests.text_token(*OPERATOR),
    )
    assert soap_requests.post(strangled.soap_url, request).status_code == 200
    _settled(strangled, before, 1, operation="GetCustomer")
    assert (
        strangled.metric("soap_shadow_comparisons_total", operation="GetCustomer", outcome="match")
        == matches + 1
    )
    # Without the ignore list the same call is a mismatch at that path.
    strangled.route(GetCustomer="shadow")
    mismatches = strangled.metric(
        "soap_shadow_comparisons_total", operation="GetCustomer", outcome="mismatch"
    )
    assert soap_requests.post(strangled.soap_url, request).status_code == 200
    _settled(strangled, before, 2, operation="GetCustomer")
    assert (
        strangled.metric(
            "soap_shadow_comparisons_total", operation="GetCustomer", outcome="mismatch"
        )
        == mismatches + 1
    )
    assert "GetCustomerResponse/GetCustomerResult/Balance" in _report(strangled)


def test_the_rest_path_failing_is_an_error_the_client_never_sees(strangled: Strangled) -> None:
    strangled.route(GetOrder="shadow")
    strangled.reset()
    errors = strangled.metric(
        "soap_shadow_comparisons_total", operation="GetOrder", outcome="error"
    )
    strangled.core.stop()
    try:
        response = soap_requests.post(strangled.soap_url, _get_order("SO-00004714"))
        assert response.status_code == 200 and b"GetOrderResult" in response.content
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline
            and strangled.metric(
                "soap_shadow_comparisons_total", operation="GetOrder", outcome="error"
            )
            == errors
        ):
            time.sleep(0.2)
        assert (
            strangled.metric("soap_shadow_comparisons_total", operation="GetOrder", outcome="error")
            == errors + 1
        )
        # The client's fault counters did not see the REST path's failure either.
        assert (
            strangled.metric(
                "soap_faults_total", operation="GetOrder", fault_code="Server.Downstream"
            )
            == 0
        )
    finally:
        strangled.core.start()


def test_a_full_comparison_queue_drops_comparisons_never_calls(strangled: Strangled) -> None:
    """The REST core is frozen (SIGSTOP): the one comparison thread waits on it, the queue of one
    fills, and every further comparison is dropped; every call is still answered by the legacy."""
    small = strangled.routes_text(GetCustomer="shadow").replace(
        "[shadow]\n", "[shadow]\nqueue = 1\nworkers = 1\n"
    )
    strangled.write_routes(small)
    dropped = strangled.metric("soap_shadow_dropped_total", operation="GetCustomer")
    request = soap_requests.envelope(
        "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
        headers=soap_requests.text_token(*OPERATOR),
    )
    assert strangled.core.process is not None
    os.killpg(strangled.core.process.pid, signal.SIGSTOP)
    try:
        answers = [soap_requests.post(strangled.soap_url, request) for _ in range(12)]
    finally:
        os.killpg(strangled.core.process.pid, signal.SIGCONT)
    assert [a.status_code for a in answers] == [200] * 12
    # Two edge processes, each with one comparison in hand and one waiting: the rest dropped.
    assert (
        strangled.metric("soap_shadow_dropped_total", operation="GetCustomer") >= dropped + 12 - 4
    )
    strangled.route()


class _NoisyLegacy:
    """A real HTTP proxy on loopback in front of the legacy service that changes the Email of
    every answer: a legacy value that differs from call to call, like a timestamp would."""

    def __init__(self, upstream: str) -> None:
        import http.server
        import threading
        import uuid

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = requests.post(
                    upstream,
                    data=body,
                    headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                    timeout=30,
                )
                content = answer.content.replace(
                    b"purchasing@acme.example", f"{uuid.uuid4().hex}@acme.example".encode()
                )
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers["Content-Type"])
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *_: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/OrderService.asmx"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_paths_where_the_legacy_differs_from_itself_are_noise_not_mismatches(
    strangled: Strangled,
) -> None:
    noisy = _NoisyLegacy(strangled.legacy_url)
    try:
        strangled.write_routes(
            strangled.routes_text(GetCustomer="shadow").replace(strangled.legacy_url, noisy.url)
        )
        strangled.reset()
        before = strangled.metric("soap_shadow_comparisons_total", operation="GetCustomer")
        matches = strangled.metric(
            "soap_shadow_comparisons_total", operation="GetCustomer", outcome="match"
        )
        request = soap_requests.envelope(
            "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
            headers=soap_requests.text_token(*OPERATOR),
        )
        assert soap_requests.post(strangled.soap_url, request).status_code == 200
        _settled(strangled, before, 1, operation="GetCustomer")
        assert (
            strangled.metric(
                "soap_shadow_comparisons_total", operation="GetCustomer", outcome="match"
            )
            == matches + 1
        )
        assert "GetCustomerResponse/GetCustomerResult/Email (noise" in _report(strangled)
    finally:
        strangled.route()
        noisy.close()
