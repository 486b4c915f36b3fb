"""The OrderService itself served by the contract dispatcher instead of Spyne: release 2011-03's
WSDL and its release package of mappings (RELEASE brings the path and the fault wording), in
front of a seeded REST core; every captured exchange replayed with `soap-adapter contract-test`."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests._processes import BIN, ROOT, ServerProcess, core_and_edge, seed

SEED = ROOT / "contract_fixtures" / "2011-03" / "seed"


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
    reset = f"{BIN / 'rest-core'} load-legacy {SEED} --reset"
    result = subprocess.run(
        [
            str(BIN / "soap-adapter"),
            "contract-test",
            f"{edge.base_url}/OrderService.asmx",
            "--reset",
            reset,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    summary = re.search(r"(\d+) exchanges: (\d+) passed", result.stdout)
    assert summary is not None and summary[1] == summary[2] and int(summary[1]) >= 18
