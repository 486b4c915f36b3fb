"""Watching a release drain (issue 10 item 6): every edge metric carries the release, `soap-adapter
usage` reports calls and usernames per release and operation, and an announced end of a release
adds Deprecation and Sunset headers and a daily log line per caller, without a byte of SOAP body
changing. Real processes: a second edge on the system's REST core, configured as an operator
would configure it."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import time
from collections.abc import Iterator

import pytest
import requests

from tests import soap_requests as soap
from tests._processes import ServerProcess, free_port
from tests.system import BIN, OPERATOR, READER, System

TNS2026 = "http://legacy.example.com/OrderService/2026/12"
ENDS = {
    "2011-03": {
        "deprecation": "2026-12-01T00:00:00Z",
        "sunset": "2027-06-30T00:00:00Z",
        "link": "https://orders.example.com/releases/2011-03-ends",
    }
}


@pytest.fixture(scope="module")
def watched(
    system: System, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, str]]:
    tmp = tmp_path_factory.mktemp("watched-edge")
    (tmp / "metrics").mkdir()
    port = free_port()
    store = str(tmp / "usage.sqlite3")
    env = {
        **system.env,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        "SOAP_ADAPTER_USAGE_STORE": store,
        "SOAP_ADAPTER_USAGE_FLUSH_SECONDS": "0.2",
        "SOAP_ADAPTER_RELEASE_ENDS": json.dumps(ENDS),
    }
    edge = ServerProcess(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--port",
            str(port),
            "--rest-url",
            system.rest_url,
            "--workers",
            "2",
        ],
        env=env,
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp / "edge.log",
        cwd=tmp,
    )
    with edge:
        yield edge, store


def get_customer(
    base: str, version: str = "1.1", user: tuple[str, str] = OPERATOR
) -> requests.Response:
    body = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
    return soap.post(
        base + "/OrderService.asmx",
        soap.envelope(body, version=version, headers=soap.text_token(*user)),
        version=version,
    )


def v2(base: str, body: str, user: tuple[str, str] = OPERATOR) -> requests.Response:
    envelope = soap.envelope(body, headers=soap.text_token(*user)).replace(
        soap.TNS.encode(), TNS2026.encode()
    )
    return soap.post(base + "/v2/OrderService.asmx", envelope)


def test_every_edge_metric_carries_the_release(system: System) -> None:
    assert get_customer(system.soap_base).status_code == 200
    v2_order = "<tns:GetOrder><tns:OrderId>SO-00004712</tns:OrderId></tns:GetOrder>"
    assert v2(system.soap_base, v2_order).status_code == 200
    assert v2(system.soap_base, v2_order.replace("4712", "0001")).status_code == 500
    text = requests.get(system.soap_base + "/metrics", timeout=10).text
    samples = [
        line
        for line in text.splitlines()
        if re.match(r"(soap|rest)_[a-z_]+\{", line) and not line.startswith("#")
    ]
    assert samples
    assert all('contract="' in line for line in samples), [
        line for line in samples if 'contract="' not in line
    ][:3]
    for wanted in (
        'soap_calls_total{contract="2011-03",operation="GetCustomer",outcome="ok",soap_version="1.1"}',
        'soap_calls_total{contract="2026-12",operation="GetOrder",outcome="ok",soap_version="1.1"}',
        'soap_faults_total{contract="2026-12",fault_code="OrderNotFoundFault",operation="GetOrder"}',
        'rest_call_duration_seconds_count{contract="2026-12",operation="GetOrder",status="200"}',
        'soap_call_duration_seconds_count{contract="2011-03",operation="GetCustomer"}',
    ):
        assert any(line.startswith(wanted) for line in samples), wanted


def test_an_announced_end_adds_headers_and_changes_no_byte_of_the_body(
    system: System, watched: tuple[ServerProcess, str]
) -> None:
    edge, _ = watched
    for version in ("1.1", "1.2"):
        plain, announced = (
            get_customer(system.soap_base, version),
            get_customer(edge.base_url, version),
        )
        assert plain.status_code == announced.status_code == 200
        assert announced.content == plain.content
        assert "Deprecation" not in plain.headers
        assert announced.headers["Deprecation"] == "@1796083200"  # 2026-12-01T00:00:00Z
        assert announced.headers["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
        assert announced.headers["Link"] == (
            '<https://orders.example.com/releases/2011-03-ends>; rel="deprecation"'
        )
    fault = get_customer(edge.base_url, user=("backoffice", "wrong"))
    assert fault.status_code == 500 and fault.headers["Deprecation"] == "@1796083200"
    wsdl = requests.get(edge.base_url + "/OrderService.asmx?wsdl", timeout=10)
    assert wsdl.headers["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    # 2026-12 is not announced: its answers carry no such header.
    other = v2(
        edge.base_url,
        "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
    )
    assert other.status_code == 200
    assert "Deprecation" not in other.headers and "Sunset" not in other.headers


def usage(store: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "soap-adapter"), "usage", "--store", store, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_usage_reports_calls_and_usernames_per_release_and_operation(
    watched: tuple[ServerProcess, str],
) -> None:
    edge, store = watched
    search = "<tns:SearchCustomers><tns:PageNumber>1</tns:PageNumber><tns:PageSize>5</tns:PageSize></tns:SearchCustomers>"
    for user in (OPERATOR, OPERATOR, READER, ("backoffice", "wrong")):
        soap.post(
            edge.base_url + "/OrderService.asmx",
            soap.envelope(search, headers=soap.text_token(*user)),
        )
    assert (
        v2(
            edge.base_url,
            "<tns:GetOrder><tns:OrderId>SO-00004711</tns:OrderId></tns:GetOrder>",
            READER,
        ).status_code
        == 200
    )
    wanted = [
        {
            "release": "2011-03",
            "operation": "SearchCustomers",
            "calls": 4,
            "usernames": ["acme-portal", "backoffice"],
        },
        {"release": "2026-12", "operation": "GetOrder", "calls": 1, "usernames": ["acme-portal"]},
    ]
    deadline = time.monotonic() + 15  # the edge writes its counts every 0.2 s, off the hot path
    while True:
        rows = json.loads(usage(store, "--days", "1", "--format", "json").stdout)
        found = [
            r
            for r in rows
            if (r["release"], r["operation"])
            in {("2011-03", "SearchCustomers"), ("2026-12", "GetOrder")}
        ]
        if found == wanted or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert found == wanted
    text = usage(store, "--days", "7").stdout
    assert re.search(r"2011-03\s+SearchCustomers\s+4\s+2 \(acme-portal, backoffice\)", text), text
    folder = pathlib.Path(store).parent
    stored = b"".join(p.read_bytes() for p in folder.glob(pathlib.Path(store).name + "*"))
    assert b"Winter2011" not in stored and b"wrong" not in stored  # usernames only


def test_a_deprecated_release_logs_each_caller_once_a_day(
    watched: tuple[ServerProcess, str],
) -> None:
    edge, _ = watched
    for user in (OPERATOR, OPERATOR, READER, OPERATOR):
        assert get_customer(edge.base_url, user=user).status_code == 200
    v2(
        edge.base_url,
        "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
    )

    def notices() -> list[str]:
        return [
            json.loads(line)["message"]
            for line in edge.log_path.read_text(errors="replace").splitlines()
            if line.startswith("{") and "is deprecated" in line
        ]

    deadline = time.monotonic() + 15
    while len(notices()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # a few more flushes: nothing more may come
    assert sorted(notices()) == [
        f"release 2011-03 is deprecated since 2026-12-01, sunset 2027-06-30 and was called today by {name}"
        for name in ("acme-portal", "backoffice")
    ]
