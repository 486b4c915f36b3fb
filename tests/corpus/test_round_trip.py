"""Every contract of the corpus, end to end as a team would front it: `soap-adapter scaffold`,
the stub it writes (`python DIR/rest_stub.py --port P`), `soap-adapter serve --wsdl --mappings
DIR --rest-url` in front of it; every sample request posted on every SOAP binding. Each answer
must be HTTP 200, its Body content valid against the contract's schema (read by xmlschema from
the files, see `_schemas`), and deserialized by zeep loaded from the edge's `?wsdl` alone.

One test per contract and operation: `pytest tests/corpus -q` ends with a table of operations
and passes per contract. Each contract's stub and edge start once, for its operations.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import zeep
import zeep.exceptions
from lxml import etree
from zeep.cache import InMemoryCache
from zeep.transports import Transport

from soap_adapter.contract import Binding, BindingOperation, Contract, load
from tests._processes import BIN, ROOT, ServerProcess, free_port
from tests.corpus._schemas import FOLDERS, SOAP_ENC, Validator, entry

WSDL_SOAP = ("http://schemas.xmlsoap.org/wsdl/soap/", "http://schemas.xmlsoap.org/wsdl/soap12/")
VERSIONS = {"1.1": "soap11", "1.2": "soap12"}

# Operations that cannot pass because of the contract itself, with what in it prevents them.
CANNOT_PASS: dict[tuple[str, str], str] = {}


def _cases() -> Iterator[Any]:
    for folder in FOLDERS:
        contract = load(entry(folder))
        names = dict.fromkeys(
            op.name for binding in contract.bindings.values() for op in binding.operations.values()
        )
        for name in names:
            reason = CANNOT_PASS.get((folder, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(folder, name, id=f"{folder}-{name}", marks=marks)


@dataclasses.dataclass
class Served:
    """One contract scaffolded and served: its stub and edge, zeep, and its schema."""

    folder: str
    contract: Contract
    out: pathlib.Path
    stub: ServerProcess
    edge: ServerProcess
    addresses: dict[str, str]  # binding name -> where the served WSDL says it is
    client: zeep.Client
    validator: Validator

    def stop(self) -> None:
        self.edge.stop()
        self.stub.stop()


def _start(folder: str, tmp: pathlib.Path) -> Served:
    wsdl = entry(folder)
    out = tmp / "scaffold"
    subprocess.run(
        [str(BIN / "soap-adapter"), "scaffold", str(wsdl), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    stub_port, edge_port = free_port(), free_port()
    stub = ServerProcess(
        [sys.executable, str(out / "rest_stub.py"), "--port", str(stub_port)],
        env=dict(os.environ),
        ready_url=f"http://127.0.0.1:{stub_port}/openapi.json",
        log_path=tmp / "stub.log",
        cwd=out,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOAP_ADAPTER_")}
    env["SOAP_ADAPTER_USAGE_STORE"] = str(tmp / "usage.sqlite3")
    argv = [str(BIN / "soap-adapter"), "serve", "--port", str(edge_port), "--workers", "1"]
    argv += ["--wsdl", str(wsdl), "--mappings", str(out), "--rest-url", stub.base_url]
    edge = ServerProcess(
        argv, env=env, ready_url=f"http://127.0.0.1:{edge_port}/health", log_path=tmp / "edge.log"
    )
    try:
        stub.start(timeout=60)
        edge.start(timeout=120)
        contract = load(wsdl)
        return Served(
            folder,
            contract,
            out,
            stub,
            edge,
            *_clients(edge, contract),
            Validator(wsdl, contract.types),
        )
    except BaseException:  # nothing left running when a contract cannot start
        edge.stop()
        stub.stop()
        raise


def _clients(edge: ServerProcess, contract: Contract) -> tuple[dict[str, str], zeep.Client]:
    """Where the served WSDL puts each binding, and zeep loaded from it."""
    path = _first_address_path(contract)
    served_wsdl = etree.fromstring(requests.get(f"{edge.base_url}{path}?wsdl", timeout=30).content)
    addresses = {}
    for port in served_wsdl.iter("{http://schemas.xmlsoap.org/wsdl/}port"):
        address = next((a for ns in WSDL_SOAP for a in port.iterfind(f"{{{ns}}}address")), None)
        if address is not None:
            addresses[port.get("binding", "").rpartition(":")[2]] = address.get("location", "")
    # No catalog: everything from the edge. The SOAP encoding schema, which zeep fetches from its
    # namespace URL whatever the WSDL says (and this machine has no internet), is the copy the
    # contract reader ships, as SOAP stacks ship it: given to zeep as its cache.
    cache = InMemoryCache()
    cache.add(
        SOAP_ENC,
        (ROOT / "soap_adapter" / "contract" / "schemas" / "soap-encoding.xsd").read_bytes(),
    )
    return addresses, zeep.Client(f"{edge.base_url}{path}?wsdl", transport=Transport(cache=cache))


def _first_address_path(contract: Contract) -> str:
    address = contract.services[0].ports[0].address
    return "/" + address.split("://", 1)[-1].partition("/")[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Starts a contract's stub and edge on its first test; the previous contract's stop then."""
    current: list[Served] = []
    failed: dict[str, str] = {}  # a contract whose stub or edge did not start: why, once

    def get(folder: str) -> Served:
        if folder in failed:
            pytest.fail(failed[folder])
        if current and current[0].folder == folder:
            return current[0]
        while current:
            current.pop().stop()
        try:
            current.append(_start(folder, tmp_path_factory.mktemp(folder)))
        except Exception as exc:  # reported once, not once per operation
            failed[folder] = f"{folder}: the stub or the edge did not start: {exc}"[:3000]
            raise
        return current[0]

    yield get
    while current:
        current.pop().stop()


def _post(
    url: str, binding: Binding, operation: BindingOperation, sample: bytes
) -> requests.Response:
    action = operation.soap_action
    if binding.soap_version == "1.1":
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    else:
        headers = {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
    return requests.post(url, data=sample, headers=headers, timeout=60)


def _zeep_reads(
    served: Served, binding: Binding, operation: str, response: requests.Response
) -> Any:
    zeep_binding = served.client.wsdl.bindings[binding.name]
    return zeep_binding.process_reply(served.client, zeep_binding.get(operation), response)


@pytest.mark.parametrize(("folder", "operation"), list(_cases()))
def test_round_trip(served: Any, folder: str, operation: str) -> None:
    contract_served: Served = served(folder)
    checked = 0
    for binding in contract_served.contract.bindings.values():
        bound = binding.operations.get(operation)
        if bound is None:
            continue
        sample = (
            contract_served.out / "samples" / f"{operation}.{VERSIONS[binding.soap_version]}.xml"
        )
        url = contract_served.addresses[binding.name.rpartition("}")[2]]
        response = _post(url, binding, bound, sample.read_bytes())
        where = f"{operation} on {binding.name.rpartition('}')[2]}"
        assert response.status_code == 200, (
            f"{where}: HTTP {response.status_code}: {response.text[:600]}"
        )
        envelope = etree.fromstring(response.content)
        body = envelope.find("{*}Body")
        assert body is not None, where
        if bound.output is not None:
            errors = contract_served.validator.body(bound, "output", body)
            assert errors == [], f"{where}: {errors[:3]}\n{response.text[:1500]}"
        try:
            _zeep_reads(contract_served, binding, operation, response)
        except (zeep.exceptions.Error, ValueError, TypeError) as exc:
            pytest.fail(f"{where}: zeep cannot read the answer: {exc!r}\n{response.text[:1500]}")
        checked += 1
    assert checked > 0
