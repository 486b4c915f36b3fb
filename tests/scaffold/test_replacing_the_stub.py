"""What the README promises a team that replaces the stub one endpoint at a time: `--rest-url`
at its real service, the implemented calls answered by it, a call it does not implement yet
(HTTP 404) the generic Server fault, and a problem document of a mapped type the declared SOAP
fault with its detail."""

from __future__ import annotations

import os
import pathlib
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import zeep
import zeep.exceptions
from lxml import etree

from soap_adapter.contract import load
from tests._processes import BIN, ROOT, ServerProcess, free_port
from tests.corpus._schemas import Validator, entry

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
UNAVAILABLE = "The service is temporarily unavailable."


@pytest.fixture(scope="module")
def real_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    with ServerProcess(
        [str(BIN / "uvicorn"), "tests.scaffold._real_service:app", "--port", str(port)],
        env=dict(os.environ),
        ready_url=f"http://127.0.0.1:{port}/openapi.json",
        log_path=tmp_path_factory.mktemp("real") / "real.log",
        cwd=ROOT,
    ) as process:
        yield process.base_url


@pytest.fixture(scope="module")
def edge(real_service: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Scaffolds a corpus contract and serves it in front of the real service."""
    started: list[ServerProcess] = []

    def serve(folder: str) -> tuple[str, pathlib.Path]:
        tmp = tmp_path_factory.mktemp(folder)
        subprocess.run(
            [str(BIN / "soap-adapter"), "scaffold", str(entry(folder)), "--out", str(tmp / "out")],
            check=True,
            capture_output=True,
            timeout=300,
        )
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOAP_ADAPTER_")}
        env["SOAP_ADAPTER_USAGE_STORE"] = str(tmp / "usage.sqlite3")
        argv = [str(BIN / "soap-adapter"), "serve", "--port", str(port), "--workers", "1"]
        argv += ["--wsdl", str(entry(folder)), "--mappings", str(tmp / "out")]
        argv += ["--rest-url", real_service]
        process = ServerProcess(
            argv, env=env, ready_url=f"http://127.0.0.1:{port}/health", log_path=tmp / "edge.log"
        )
        started.append(process.start(timeout=120))
        return process.base_url, tmp / "out"

    yield serve
    for process in started:
        process.stop()


def test_implemented_calls_come_from_the_real_service_the_others_are_a_server_fault(
    edge: Any,
) -> None:
    base, _ = edge("03-dneonline-calculator")
    client = zeep.Client(f"{base}/calculator.asmx?wsdl")
    assert client.service.Add(2, 3) == 1005
    with pytest.raises(zeep.exceptions.Fault) as raised:
        client.service.Subtract(2, 3)  # the real service has no /v1/subtract yet: HTTP 404
    assert raised.value.message == UNAVAILABLE
    assert raised.value.code.endswith("Server")


def test_a_problem_of_a_mapped_type_is_the_declared_fault_with_its_detail(edge: Any) -> None:
    base, out = edge("10-salesforce-partner")
    sample = (out / "samples" / "getServerTimestamp.soap11.xml").read_bytes()
    answer = requests.post(
        f"{base}/services/Soap/u/58.0",
        data=sample,
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'},
        timeout=60,
    )
    assert answer.status_code == 500
    fault = etree.fromstring(answer.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault is not None, answer.text
    assert fault.findtext("faultcode", "").endswith("Client")  # a 4xx problem: the caller's
    assert fault.findtext("faultstring") == "UnexpectedErrorFault"
    [detail] = fault.find("detail") if fault.find("detail") is not None else [None]
    assert detail is not None and etree.QName(detail).localname == "UnexpectedErrorFault"
    assert detail.findtext("{*}exceptionCode") == "UNKNOWN_EXCEPTION"
    assert detail.findtext("{*}exceptionMessage") == "the clock is broken"
    contract = load(entry("10-salesforce-partner"))
    assert Validator(contract.wsdl, contract.types).element(detail) == []
