"""The mapping check on scaffolded mappings, as on hand-written ones: for every contract of the
corpus, `soap-adapter scaffold` writes the modules and the REST stub, the stub runs, and
`soap-adapter check-mappings --wsdl --mappings --openapi` finds every mapping fitting both the
contract and the stub's OpenAPI document."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from tests._processes import ServerProcess, free_port
from tests.system import BIN

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "contract_model" / "corpus"
# The service WSDL of each contract (16's Service10.wsdl is what its Service1.wsdl imports).
WSDLS = sorted(p for p in CORPUS.glob("*/**/*.wsdl") if p.name != "Service10.wsdl")


def run(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "soap-adapter"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )


@pytest.mark.parametrize("wsdl", WSDLS, ids=lambda p: p.relative_to(CORPUS).parts[0])
def test_a_scaffolded_contract_passes_the_mapping_check(
    wsdl: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    out = tmp_path / "scaffolded"
    scaffolded = run("scaffold", str(wsdl), "--out", str(out), cwd=tmp_path)
    assert scaffolded.returncode == 0, scaffolded.stderr
    port = free_port()
    stub = ServerProcess(
        [sys.executable, str(out / "rest_stub.py"), "--port", str(port)],
        env={"PATH": "/usr/bin:/bin"},
        ready_url=f"http://127.0.0.1:{port}/openapi.json",
        log_path=tmp_path / "stub.log",
        cwd=tmp_path,
    ).start()
    try:
        checked = run(
            "check-mappings",
            "--wsdl",
            str(wsdl),
            "--mappings",
            str(out),
            "--openapi",
            f"http://127.0.0.1:{port}",
            cwd=tmp_path,
        )
    finally:
        stub.stop()
    assert (checked.returncode, checked.stderr) == (0, "")
    assert f"fits {wsdl}" in checked.stdout
