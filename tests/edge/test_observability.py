"""Metrics move with the calls; every log line is JSON with the call's correlation id, no secrets."""

from __future__ import annotations

import json
import pathlib
import re
import time
import uuid

import requests

from tests import soap_requests as soap
from tests.system import OPERATOR, System

SAMPLE = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>[0-9.e+-]+)$")


def metrics(system: System) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    text = requests.get(system.soap_base + "/metrics", timeout=10).text
    samples = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match:
            labels = frozenset(re.findall(r'(\w+)="([^"]*)"', match["labels"] or ""))
            samples[(match["name"], labels)] = float(match["value"])
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def call(
    system: System, body: str, correlation_id: str, token: str | None = None
) -> requests.Response:
    audit = f"<tns:AuditHeader><tns:CorrelationId>{correlation_id}</tns:CorrelationId></tns:AuditHeader>"
    return soap.post(
        system.soap_url, soap.envelope(body, headers=(token or soap.text_token(*OPERATOR)) + audit)
    )


def test_metrics_count_calls_faults_and_the_rest_hop(system: System) -> None:
    """Every call is counted once, whichever of the edge's workers took it (the default is two)."""
    before = metrics(system)
    calls = 5
    for n in range(calls):
        found = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
        missing = "<tns:GetCustomer><tns:CustomerId>C-000999</tns:CustomerId></tns:GetCustomer>"
        assert call(system, found, f"m-ok-{n}").status_code == 200
        assert call(system, missing, f"m-missing-{n}").status_code == 500
        call(
            system,
            "<tns:GetOrder><tns:OrderId>SO-00004711</tns:OrderId></tns:GetOrder>",
            f"m-auth-{n}",
            soap.text_token("backoffice", "x"),
        )
    after = metrics(system)

    def grew(name: str, **labels: str) -> float:
        # Every edge metric carries the contract release; these calls are 2011-03's.
        labels = {"contract": "2011-03", **labels}
        return value(after, name, **labels) - value(before, name, **labels)

    ok = {"operation": "GetCustomer", "soap_version": "1.1", "outcome": "ok"}
    assert grew("soap_calls_total", **ok) == calls
    not_found = {"operation": "GetCustomer", "fault_code": "CustomerNotFoundFault"}
    assert grew("soap_faults_total", **not_found) == calls
    assert (
        grew("soap_faults_total", operation="GetOrder", fault_code="FailedAuthentication") == calls
    )
    assert grew("rest_call_duration_seconds_count", operation="GetCustomer", status="200") == calls
    assert grew("rest_call_duration_seconds_count", operation="GetCustomer", status="404") == calls
    assert grew("soap_call_duration_seconds_count", operation="GetCustomer") == 2 * calls


def logged(path: pathlib.Path, correlation_id: str, logger: str) -> list[dict[str, str]]:
    """Every JSON entry of the log at `path`, once one from `logger` carries `correlation_id`: the
    REST core writes its access line after the answer has gone out, so it may come late."""
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in path.read_text().splitlines() if line.startswith("{")]
        entries = [json.loads(line) for line in lines]
        if time.monotonic() > deadline or any(
            e["logger"] == logger and e["correlation_id"] == correlation_id for e in entries
        ):
            return entries
        time.sleep(0.05)


def test_logs_are_json_with_the_correlation_id_and_no_password(system: System) -> None:
    correlation_id = f"log-{uuid.uuid4()}"
    call(
        system,
        "<tns:GetCustomer><tns:CustomerId>C-000999</tns:CustomerId></tns:GetCustomer>",
        correlation_id,
    )
    # The edge logs the fault it sends; the REST core logs the call it answered, under the id
    # the edge forwarded (X-Correlation-ID).
    for name, logger in (
        ("soap-adapter.log", "soap_adapter.edge"),
        ("rest-core.log", "rest_core.access"),
    ):
        entries = logged(system.logs / name, correlation_id, logger)
        assert all(
            {"time", "level", "logger", "correlation_id", "message"} <= set(e) for e in entries
        )
        mine = [e["logger"] for e in entries if e["correlation_id"] == correlation_id]
        assert logger in mine, f"{name} has no {logger} line for {correlation_id}: {mine}"
        text = (system.logs / name).read_text()
        assert not any(secret in text for secret in ("Winter2011!", "acme-portal-pw"))


def test_a_call_without_audit_header_gets_a_fresh_correlation_id(system: System) -> None:
    before = (system.logs / "soap-adapter.log").read_text().count("\n")
    body = soap.envelope(
        "<tns:GetCustomer><tns:CustomerId>C-000998</tns:CustomerId></tns:GetCustomer>",
        headers=soap.text_token(*OPERATOR),
    )
    soap.post(system.soap_url, body)
    new = (system.logs / "soap-adapter.log").read_text().splitlines()[before:]
    ids = {
        json.loads(line)["correlation_id"]
        for line in new
        if line.startswith("{") and "C-000998" in line
    }
    assert ids and all(re.fullmatch(r"[0-9a-f-]{36}", i) for i in ids)
