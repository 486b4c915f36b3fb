"""A seeded REST core and a SOAP edge as processes on loopback, for the benchmark and load test."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator

from cryptography.fernet import Fernet

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._processes import ServerProcess, free_port  # noqa: E402

BIN = pathlib.Path(sys.executable).parent


@dataclasses.dataclass
class Servers:
    rest_url: str
    soap_url: str
    rest_pid: int
    edge_pid: int
    database_url: str


@contextlib.contextmanager
def running(
    name: str,
    *,
    edge_workers: int = 1,
    threads: int = 8,
    worker_class: str = "gthread",
    core_workers: int = 1,
) -> Iterator[Servers]:
    """Seed a fresh database (SQLite file, or DATABASE_URL) and run both services until exit."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'orders.sqlite3'}"),
        "CREDENTIAL_KEY": Fernet.generate_key().decode(),
        "SOAP_ADAPTER_LOG_LEVEL": "WARNING",
        "LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp),
    }
    seed = ROOT / "contract_fixtures" / "seed"
    subprocess.run(
        [str(BIN / "rest-core"), "load-legacy", str(seed), "--reset"], env=env, check=True, cwd=tmp
    )
    rest_port, soap_port = free_port(), free_port()
    rest_url = f"http://127.0.0.1:{rest_port}"
    soap_base = f"http://127.0.0.1:{soap_port}"
    core = ServerProcess(
        [str(BIN / "rest-core"), "serve", "--port", str(rest_port), "--workers", str(core_workers)],
        env=env,
        ready_url=f"{rest_url}/health",
        log_path=tmp / "core.log",
        cwd=tmp,
    )
    edge = ServerProcess(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--port",
            str(soap_port),
            "--rest-url",
            rest_url,
            "--workers",
            str(edge_workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
        ],
        env=env,
        ready_url=f"{soap_base}/health",
        log_path=tmp / "edge.log",
        cwd=ROOT,
    )
    with core, edge:
        assert core.process is not None and edge.process is not None
        yield Servers(
            rest_url,
            f"{soap_base}/OrderService.asmx",
            core.process.pid,
            edge.process.pid,
            env["DATABASE_URL"],
        )
