"""The OrderService itself served by the contract dispatcher instead of Spyne: a release's WSDL
and its release package of mappings (RELEASE brings the path and the fault wording), in front of
a seeded REST core; the captured exchanges replayed with `soap-adapter contract-test`: 2011-03's
through `soap-adapter serve --mappings`, 2026-12's (across releases too) through both releases
side by side (`Dispatchers`)."""

from __future__ import annotations

import io
import os
import re
import socketserver
import subprocess
import threading
import wsgiref.simple_server
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet

from soap_adapter._dispatch import Dispatcher, Dispatchers
from soap_adapter._operations import load_mappings
from soap_adapter._rest import RestClient
from soap_adapter.contract import load
from tests._processes import BIN, ROOT, ServerProcess, core_and_edge, seed

SEED = ROOT / "contract_fixtures" / "2011-03" / "seed"


def _replay(url: str, env: dict[str, str], *exchanges: str) -> None:
    reset = f"{BIN / 'rest-core'} load-legacy {SEED} --reset"
    argv = [str(BIN / "soap-adapter"), "contract-test", url, "--reset", reset]
    for folder in exchanges:
        argv += ["--exchanges", folder]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    summary = re.search(r"(\d+) exchanges: (\d+) passed", result.stdout)
    assert summary is not None and summary[1] == summary[2] and int(summary[1]) >= 12


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("order-service")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOAP_ADAPTER_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'orders.sqlite3'}",
        CREDENTIAL_KEY=Fernet.generate_key().decode(),
        SOAP_ADAPTER_USAGE_STORE=os.environ.get(
            "SOAP_ADAPTER_USAGE_STORE", str(tmp / "usage.sqlite3")
        ),
    )
    seed(env, tmp)
    wsdl = ROOT / "wsdl" / "2011-03" / "OrderService.wsdl"
    mappings = ROOT / "mappings" / "v2011_03"
    core, edge = core_and_edge(
        env, tmp, edge_args=["--wsdl", str(wsdl), "--mappings", str(mappings), "--workers", "1"]
    )
    with core, edge:
        yield edge, env


def test_every_captured_exchange_of_2011_03_passes_through_the_dispatcher(
    served: tuple[ServerProcess, dict[str, str]],
) -> None:
    edge, env = served
    _replay(f"{edge.base_url}/OrderService.asmx", env)


def test_both_releases_side_by_side_pass_2026_12s_exchanges_across_releases_too(
    served: tuple[ServerProcess, dict[str, str]],
) -> None:
    edge, env = served
    core_url = edge.argv[edge.argv.index("--rest-url") + 1]
    client = RestClient(core_url, connect_timeout=2, read_timeout=10)
    dispatchers = []
    for release, package in (("2011-03", "v2011_03"), ("2026-12", "v2026_12")):
        mappings, declared = load_mappings(ROOT / "mappings" / package)
        contract = load(ROOT / "wsdl" / release / "OrderService.wsdl")
        dispatchers.append(Dispatcher(contract, mappings, client, release=declared))
    server = wsgiref.simple_server.make_server(
        "127.0.0.1",
        0,
        _bounded(Dispatchers(dispatchers)),
        server_class=_ThreadingServer,
        handler_class=_Quiet,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v2/OrderService.asmx"
        _replay(url, env, str(ROOT / "contract_fixtures" / "2026-12" / "exchanges"))
    finally:
        server.shutdown()
        server.server_close()


def _bounded(app: Any) -> Any:
    """wsgiref hands the socket itself as wsgi.input (granian's bridge ends it at the body)."""

    def bounded(environ: dict[str, Any], start_response: Any) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length))
        return app(environ, start_response)

    return bounded


class _ThreadingServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads = True


class _Quiet(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
