"""A seeded REST core and a SOAP edge as processes on loopback, for the benchmark and load test."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pathlib
import sys
import tempfile
from collections.abc import Iterator

from cryptography.fernet import Fernet

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._processes import core_and_edge, seed  # noqa: E402


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
    seed(env, tmp)
    core, edge = core_and_edge(
        env,
        tmp,
        core_args=["--workers", str(core_workers)],
        edge_args=[
            "--workers",
            str(edge_workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
        ],
    )
    with core, edge:
        assert core.process is not None and edge.process is not None
        yield Servers(
            core.base_url,
            f"{edge.base_url}/OrderService.asmx",
            core.process.pid,
            edge.process.pid,
            env["DATABASE_URL"],
        )
