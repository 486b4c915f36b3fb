"""A one-way operation served (HTTP 202, nothing in the body, the REST call made), and what
`soap-adapter serve --wsdl --mappings` says when it cannot start: one line and an exit status."""

from __future__ import annotations

import os
import pathlib
import subprocess
from collections.abc import Callable

import pytest
import requests

from tests._processes import BIN, ROOT
from tests.serving_any.conftest import CALCULATOR, HERE
from tests.serving_any.test_calculator import SOAP11

NOTIFY = HERE / "notify"


@pytest.fixture(scope="module")
def url(edge_for: Callable[..., str]) -> str:
    return edge_for(NOTIFY / "notify.wsdl", NOTIFY) + "/notify"


def test_a_one_way_call_is_accepted_with_202_and_reaches_the_rest_core(url: str, rest: str) -> None:
    body = (
        f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><n:Notify xmlns:n="urn:example:notify" priority="2">'
        "<n:Text>disk full</n:Text></n:Notify></s:Body></s:Envelope>"
    )
    response = requests.post(url, data=body, headers={"Content-Type": "text/xml"}, timeout=30)
    assert (response.status_code, response.content) == (202, b"")
    assert {"text": "disk full", "priority": 2} in requests.get(
        f"{rest}/v1/notes", timeout=10
    ).json()
    missing = body.replace(' priority="2"', "")
    response = requests.post(url, data=missing, headers={"Content-Type": "text/xml"}, timeout=30)
    assert (
        response.status_code == 500 and b"@priority: required attribute missing" in response.content
    )


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOAP_ADAPTER_")}
    argv = [str(BIN / "soap-adapter"), "serve", "--port", "1", "--rest-url", "http://127.0.0.1:1"]
    return subprocess.run(
        [*argv, *args], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_mappings_without_a_wsdl_is_a_usage_error() -> None:
    result = _serve("--mappings", str(HERE / "calculator"))
    assert result.returncode == 2 and "--mappings serves the contract --wsdl names" in result.stderr


def test_a_mapping_of_an_operation_the_contract_lacks_stops_the_start(
    tmp_path: pathlib.Path,
) -> None:
    (tmp_path / "power.py").write_text(
        "from soap_adapter.mapping import Field, Operation, Request\n"
        'MAPPING = Operation(name="Power", request=Request("GET", "/v1/powers"), result=Field("PowerResult", "r"))\n'
    )
    result = _serve("--wsdl", str(CALCULATOR), "--mappings", str(tmp_path))
    assert (
        result.returncode == 3
        and "mapping Power: the contract has no operation Power" in result.stderr
    )


def test_a_mapping_module_that_does_not_import_stops_the_start(tmp_path: pathlib.Path) -> None:
    (tmp_path / "add.py").write_text("MAPPING = (\n")
    result = _serve("--wsdl", str(CALCULATOR), "--mappings", str(tmp_path))
    assert result.returncode == 3 and "add.py: SyntaxError" in result.stderr


def test_a_contract_that_cannot_be_read_stops_the_start(tmp_path: pathlib.Path) -> None:
    (tmp_path / "broken.wsdl").write_text("<definitions")
    result = _serve("--wsdl", str(tmp_path / "broken.wsdl"), "--mappings", str(HERE / "calculator"))
    assert result.returncode == 2 and "the contract cannot be read" in result.stderr
    result = _serve(
        "--wsdl", str(tmp_path / "missing.wsdl"), "--mappings", str(HERE / "calculator")
    )
    assert result.returncode == 2 and "the contract cannot be read" in result.stderr
