"""A seeded REST core and a SOAP edge as processes on loopback, started with the README's commands."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import requests
from cryptography.fernet import Fernet

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
SEED = ROOT / "contract_fixtures" / "2011-03" / "seed"


@dataclasses.dataclass
class Servers:
    rest_url: str
    soap_url: str
    rest_pid: int
    edge_pid: int
    database_url: str


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (granian's and gunicorn's main process and workers)."""
    children: dict[int, list[int]] = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def seeded_env(tmp: pathlib.Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a REST core on a freshly seeded database (`database_url`, else
    DATABASE_URL, else a SQLite file in `tmp`) with a credential key of its own."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url
        or os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'orders.sqlite3'}"),
        "CREDENTIAL_KEY": Fernet.generate_key().decode(),
    }
    subprocess.run(
        [str(BIN / "rest-core"), "load-legacy", str(SEED), "--reset"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return env


@contextlib.contextmanager
def _serving(argv: list[str], env: dict[str, str], log: pathlib.Path) -> Iterator[int]:
    """Run one server command until the block ends; yield its pid once /health answers."""
    port = argv[argv.index("--port") + 1]
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )
    try:
        for _ in range(600):  # up to a minute at 0.1 s
            if process.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited {process.returncode}; see {log}")
            with contextlib.suppress(requests.RequestException):
                requests.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{argv[0]} did not answer on port {port}; see {log}")
        yield process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@contextlib.contextmanager
def running(
    name: str,
    *,
    edge_workers: int = 1,
    threads: int = 8,
    core_workers: int = 1,
    database_url: str | None = None,
    quiet: bool = True,
) -> Iterator[Servers]:
    """Seed a fresh database (SQLite file, or `database_url`, or DATABASE_URL) and run both
    services until exit. `quiet`: both log warnings only; else at their defaults (INFO, a line
    per call, as `scripts/start` runs them). Calls are counted in a usage store of their own."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"{name}-"))
    env = seeded_env(tmp, database_url)
    env["SOAP_ADAPTER_USAGE_STORE"] = str(tmp / "edge-usage.sqlite3")
    if quiet:
        env.update(SOAP_ADAPTER_LOG_LEVEL="WARNING", LOG_LEVEL="WARNING")
    rest_port, soap_port = _port(), _port()
    rest_url = f"http://127.0.0.1:{rest_port}"
    core = [str(BIN / "rest-core"), "serve", "--host", "127.0.0.1", "--port", str(rest_port)]
    edge = [str(BIN / "soap-adapter"), "serve", "--host", "127.0.0.1", "--port", str(soap_port)]
    with (
        _serving([*core, "--workers", str(core_workers)], env, tmp / "rest-core.log") as rest_pid,
        _serving(
            [
                *edge,
                "--rest-url",
                rest_url,
                "--workers",
                str(edge_workers),
                "--threads",
                str(threads),
            ],
            env,
            tmp / "soap-adapter.log",
        ) as edge_pid,
    ):
        yield Servers(
            rest_url,
            f"http://127.0.0.1:{soap_port}/OrderService.asmx",
            rest_pid,
            edge_pid,
            env["DATABASE_URL"],
        )
