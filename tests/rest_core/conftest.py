"""Fixtures: a seeded REST core process per database backend, and a reset to the seed."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests._processes import ServerProcess, backends, database_url, free_port
from tests.rest_core._core import REST_CORE, SEED, Core


def start_server(core: Core, name: str, *extra: str) -> ServerProcess:
    """Another `rest-core serve` on the same database and settings as `core`."""
    port = free_port()
    return ServerProcess(
        [REST_CORE, "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
        env=core.env,
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=core.tmp / f"{name}.log",
        cwd=core.tmp,
    ).start()


@pytest.fixture(scope="session", params=backends())
def core(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Core]:
    """A fresh database of the backend, migrated and loaded with the seed by `rest-core
    load-legacy`, served by `rest-core serve`: in the seed state between tests."""
    backend = str(request.param)
    tmp = tmp_path_factory.mktemp(f"rest-core-{backend}")
    with database_url(backend, tmp) as url:
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CREDENTIAL_KEY")},
            "DATABASE_URL": url,
            "CREDENTIAL_KEY": Fernet.generate_key().decode(),
        }
        port = free_port()
        core = Core(backend, f"http://127.0.0.1:{port}", url, env, tmp, tmp / "rest-core.log")
        loaded = core.command("load-legacy", str(SEED))
        assert loaded.returncode == 0, loaded.stderr
        server = ServerProcess(
            [REST_CORE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            ready_url=f"{core.url}/health",
            log_path=core.log_path,
            cwd=tmp,
        )
        with server:
            yield core


@pytest.fixture
def fresh(core: Core) -> Iterator[Core]:
    """For tests that write: the seed state before the test, and again after it."""
    core.reset()
    yield core
    core.reset()
