"""Real server processes on loopback ports, and the databases the tests run them on."""

from __future__ import annotations

import contextlib
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence

import requests

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def backends() -> list[str]:
    """The databases to test on: TEST_BACKENDS, default both."""
    chosen = [b.strip() for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",")]
    unknown = set(chosen) - {"sqlite", "postgresql"}
    if unknown:
        raise ValueError(f"TEST_BACKENDS: unknown backend(s) {sorted(unknown)}")
    return [b for b in chosen if b]


class ServerProcess:
    """A command that serves HTTP; started, waited for until `ready_url` answers, then stopped."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        ready_url: str,
        log_path: pathlib.Path,
        cwd: pathlib.Path | None = None,
    ) -> None:
        self.argv = list(argv)
        self.env = env
        self.ready_url = ready_url
        self.log_path = log_path
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> ServerProcess:
        """Start the command (its own process group) and wait until `ready_url` answers."""
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.cwd,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.argv[0]} exited {self.process.returncode}:\n{self.log()}"
                )
            with contextlib.suppress(requests.RequestException):
                requests.get(self.ready_url, timeout=1)
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"{self.argv[0]} did not answer {self.ready_url} in {timeout}s:\n{self.log()}"
        )

    @property
    def base_url(self) -> str:
        """scheme://host:port of the server, from its ready URL."""
        return "/".join(self.ready_url.split("/")[:3])

    def log(self) -> str:
        """The end of what the process wrote (stdout and stderr)."""
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def stop(self) -> None:
        """SIGTERM to the process group; SIGKILL when it is still there after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


@contextlib.contextmanager
def database_url(backend: str, tmp_dir: pathlib.Path) -> Iterator[str]:
    """A fresh, empty database of `backend` for one test session; dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir / 'orders.sqlite3'}"
        return
    import psycopg

    name = f"orders_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise RuntimeError(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({exc}); start it, point "
            "TEST_POSTGRES_URL at one, or run with TEST_BACKENDS=sqlite"
        ) from exc
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BIN = pathlib.Path(sys.executable).parent
ROOT = pathlib.Path(__file__).resolve().parents[1]


def seed(env: dict[str, str], cwd: pathlib.Path) -> None:
    """Restore the legacy export into env's DATABASE_URL with the `rest-core` command."""
    subprocess.run(
        [
            str(BIN / "rest-core"),
            "load-legacy",
            str(ROOT / "contract_fixtures" / "2011-03" / "seed"),
            "--reset",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
        cwd=cwd,
    )


def core_and_edge(
    env: dict[str, str],
    tmp: pathlib.Path,
    *,
    core_args: Sequence[str] = (),
    edge_args: Sequence[str] = (),
    edge_env: dict[str, str] | None = None,
) -> tuple[ServerProcess, ServerProcess]:
    """A REST core and a SOAP edge calling it, on free loopback ports, not started yet.

    Their URLs: `core.base_url` and `edge.base_url`; logs `rest-core.log`, `soap-adapter.log`."""
    core_port, edge_port = free_port(), free_port()
    core = ServerProcess(
        [
            str(BIN / "rest-core"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(core_port),
            *core_args,
        ],
        env=env,
        ready_url=f"http://127.0.0.1:{core_port}/health",
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
            str(edge_port),
            "--rest-url",
            core.base_url,
            *edge_args,
        ],
        env=edge_env or env,
        ready_url=f"http://127.0.0.1:{edge_port}/health",
        log_path=tmp / "soap-adapter.log",
        cwd=ROOT,
    )
    return core, edge


@contextlib.contextmanager
def customer_locked(backend: str, url: str, customer_id: int) -> Iterator[None]:
    """Another client holds the write lock (SQLite) or the customer's row (PostgreSQL) of the
    database at `url`, until the block ends."""
    if backend == "sqlite":
        import sqlite3

        db = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            db.execute("ROLLBACK")
            db.close()
        return
    import psycopg

    with psycopg.connect("postgresql://" + url.split("://", 1)[1]) as pg:
        pg.execute("SELECT id FROM customers WHERE id = %s FOR UPDATE", (customer_id,))
        yield
        pg.rollback()
