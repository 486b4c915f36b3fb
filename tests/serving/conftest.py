"""A REST core and an edge started as the README starts them, with short read deadlines."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests._processes import ServerProcess, core_and_edge, seed

# The servers' own read deadlines, set short (documented settings) so the tests see them fire.
DEADLINE = 3.0


def plain_env(tmp: pathlib.Path, **extra: str) -> dict[str, str]:
    """The environment a user has: no PROMETHEUS_MULTIPROC_DIR or other test presets."""
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'orders.sqlite3'}",
        CREDENTIAL_KEY=Fernet.generate_key().decode(),
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """HTTP behaviour does not depend on the database: SQLite only."""
    tmp = tmp_path_factory.mktemp("serving")
    env = plain_env(
        tmp,
        HEADER_TIMEOUT_SECONDS=str(DEADLINE),
        BODY_TIMEOUT_SECONDS=str(DEADLINE),
        SOAP_ADAPTER_HEADER_TIMEOUT=str(DEADLINE),
        SOAP_ADAPTER_BODY_TIMEOUT=str(DEADLINE),
    )
    seed(env, tmp)
    core, edge = core_and_edge(env, tmp)
    with core, edge:
        yield core, edge
