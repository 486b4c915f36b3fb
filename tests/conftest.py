"""The `system` fixture: seeded database, REST core and SOAP edge processes, per backend."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests._processes import ServerProcess, backends, database_url, free_port
from tests.system import BIN, ROOT, SEED, System


@pytest.fixture(scope="session", params=backends())
def system(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[System]:
    backend = str(request.param)
    tmp = tmp_path_factory.mktemp(f"system-{backend}")
    with database_url(backend, tmp) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "CREDENTIAL_KEY": Fernet.generate_key().decode(),
            "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        }
        (tmp / "metrics").mkdir()
        subprocess.run(
            [str(BIN / "rest-core"), "load-legacy", str(SEED), "--reset"],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
            cwd=tmp,
        )
        rest_port, soap_port = free_port(), free_port()
        rest_url = f"http://127.0.0.1:{rest_port}"
        soap_base = f"http://127.0.0.1:{soap_port}"
        rest = ServerProcess(
            [str(BIN / "rest-core"), "serve", "--host", "127.0.0.1", "--port", str(rest_port)],
            env=env,
            ready_url=f"{rest_url}/health",
            log_path=tmp / "rest-core.log",
            cwd=tmp,
        )
        edge = ServerProcess(
            [
                str(BIN / "soap-adapter"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(soap_port),
                "--rest-url",
                rest_url,
                "--workers",
                "2",
            ],
            env={**env, "SOAP_ADAPTER_STRICT": "true"},
            ready_url=f"{soap_base}/health",
            log_path=tmp / "soap-adapter.log",
            cwd=ROOT,
        )
        with rest, edge:
            yield System(backend, url, rest_url, soap_base, env, tmp)
