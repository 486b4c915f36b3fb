"""The `system` fixture: seeded database, REST core and SOAP edge processes, per backend."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests._processes import backends, core_and_edge, database_url, seed
from tests.system import System

_USAGE_DIR = pathlib.Path(tempfile.mkdtemp(prefix="edge-usage-"))


def pytest_configure(config: pytest.Config) -> None:
    # Every edge the tests start counts its calls in the test run's store, not in the project's
    # var/edge-usage.sqlite3 (the default an operator's edge writes to).
    os.environ.setdefault("SOAP_ADAPTER_USAGE_STORE", str(_USAGE_DIR / "usage.sqlite3"))


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_USAGE_DIR, ignore_errors=True)


@pytest.fixture(scope="session", params=backends())
def system(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[System]:
    backend = str(request.param)
    tmp = tmp_path_factory.mktemp(f"system-{backend}")
    with database_url(backend, tmp) as url:
        # The user's path: the README's commands with their defaults. Only the database and the
        # REST core's key are set; nothing of the edge's (no strict mode, no metrics folder, the
        # default workers), so a default that is wrong fails here as it would for an operator.
        # (The usage store stays the test run's, set above, so no test writes into var/.)
        env = {
            name: value
            for name, value in os.environ.items()
            if name == "SOAP_ADAPTER_USAGE_STORE"
            or (not name.startswith("SOAP_ADAPTER_") and name != "PROMETHEUS_MULTIPROC_DIR")
        }
        env.update(DATABASE_URL=url, CREDENTIAL_KEY=Fernet.generate_key().decode())
        seed(env, tmp)
        core, edge = core_and_edge(env, tmp)
        with core, edge:
            yield System(backend, url, core.base_url, edge.base_url, env, tmp)
