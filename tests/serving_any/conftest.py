"""A small REST core (uvicorn) and `soap-adapter serve --wsdl --mappings` edges in front of it,
as real processes on loopback ports."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Iterator

import pytest

from tests._processes import BIN, ROOT, ServerProcess, free_port

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = ROOT / "tests" / "contract_model" / "corpus"
CALCULATOR = CORPUS / "03-dneonline-calculator" / "calculator.wsdl"
NOAA = CORPUS / "02-noaa-ndfdxml" / "ndfdXML.wsdl"
JIRA = CORPUS / "14-atlassian-jira-axis1" / "jirasoapservice-v2.wsdl"
WCF = CORPUS / "16-wcf-svcutil-wsdlimport" / "Service1.wsdl"


@pytest.fixture(scope="session")
def rest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("rest") / "rest.log"
    argv = [str(BIN / "uvicorn"), "tests.serving_any._rest_app:app", "--port", str(port)]
    with ServerProcess(
        argv,
        env=dict(os.environ),
        ready_url=f"http://127.0.0.1:{port}/docs",
        log_path=log,
        cwd=ROOT,
    ) as process:
        yield process.base_url


def serve(
    wsdl: pathlib.Path, mappings: pathlib.Path, rest_url: str, log: pathlib.Path, *extra: str
) -> ServerProcess:
    """`soap-adapter serve` of `wsdl` with the mapping folder `mappings`, one worker."""
    port = free_port()
    argv = [str(BIN / "soap-adapter"), "serve", "--port", str(port), "--workers", "1"]
    argv += ["--wsdl", str(wsdl), "--mappings", str(mappings), "--rest-url", rest_url, *extra]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SOAP_ADAPTER_") or k == "SOAP_ADAPTER_USAGE_STORE"
    }
    env["SOAP_ADAPTER_READ_TIMEOUT"] = "5"
    return ServerProcess(argv, env=env, ready_url=f"http://127.0.0.1:{port}/health", log_path=log)


@pytest.fixture(scope="session")
def edge_for(
    rest: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[pathlib.Path, pathlib.Path], str]]:
    """Starts (once per contract) an edge and gives its base URL."""
    started: dict[pathlib.Path, ServerProcess] = {}

    def start(wsdl: pathlib.Path, mappings: pathlib.Path) -> str:
        if wsdl not in started:
            log = tmp_path_factory.mktemp("edge") / "edge.log"
            started[wsdl] = serve(wsdl, mappings, rest, log).start()
        return started[wsdl].base_url

    yield start
    for process in started.values():
        process.stop()
