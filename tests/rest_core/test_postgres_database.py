"""A DATABASE_URL naming a PostgreSQL database that does not exist yet: the commands create it,
or say in one line what to run; never a traceback."""

from __future__ import annotations

import os
import pathlib
import secrets
import subprocess
from collections.abc import Iterator

import psycopg
import pytest
import requests
from cryptography.fernet import Fernet

from tests._processes import POSTGRES_ADMIN_URL, ServerProcess, backends, free_port
from tests.rest_core._core import OPERATOR, REST_CORE, SEED

pytestmark = pytest.mark.skipif(
    "postgresql" not in backends(), reason="TEST_BACKENDS leaves PostgreSQL out"
)
SERVER = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].split("://", 1)[1].split("@")[-1]  # host:port


def admin(statement: str) -> list[tuple[object, ...]]:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        cursor = connection.execute(statement.encode())
        return cursor.fetchall() if cursor.description else []


def exists(name: str) -> bool:
    return bool(admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


@pytest.fixture
def missing() -> Iterator[str]:
    """A database name nobody has created; dropped after the test if it was made."""
    name = f"orders_missing_{secrets.token_hex(4)}"
    assert not exists(name)
    yield name
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def weak_role() -> Iterator[str]:
    """A login role that may not create databases."""
    role = f"orders_nocreate_{secrets.token_hex(4)}"
    admin(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
    yield role
    admin(f'DROP ROLE IF EXISTS "{role}"')


def environment(database_url: str, tmp: pathlib.Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CREDENTIAL_KEY")},
        "DATABASE_URL": database_url,
        "CREDENTIAL_KEY": Fernet.generate_key().decode(),
    }


def rest_core(
    env: dict[str, str], tmp: pathlib.Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [REST_CORE, *args],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_serve_creates_the_database(missing: str, tmp_path: pathlib.Path) -> None:
    env = environment(f"postgresql+psycopg://postgres@{SERVER}/{missing}", tmp_path)
    port = free_port()
    server = ServerProcess(
        [REST_CORE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp_path / "rest-core.log",
        cwd=tmp_path,
    )
    with server:
        assert exists(missing)
        assert requests.get(f"{server.base_url}/health", timeout=30).status_code == 200
        loaded = rest_core(env, tmp_path, "load-legacy", str(SEED))
        assert loaded.returncode == 0, loaded.stderr
        response = requests.get(f"{server.base_url}/v1/customers/101", auth=OPERATOR, timeout=30)
        assert response.status_code == 200
    log = server.log_path.read_text()  # the whole log: log() keeps only its end
    assert f"created the PostgreSQL database {missing}" in log
    assert "Traceback" not in log


@pytest.mark.parametrize("command", [["migrate"], ["load-legacy", str(SEED)], ["users", "list"]])
def test_commands_create_the_database(
    command: list[str], missing: str, tmp_path: pathlib.Path
) -> None:
    env = environment(f"postgresql+psycopg://postgres@{SERVER}/{missing}", tmp_path)
    done = rest_core(env, tmp_path, *command)
    assert done.returncode == 0, done.stderr
    assert exists(missing)
    assert f"created the PostgreSQL database {missing}" in done.stderr
    again = rest_core(env, tmp_path, *command)  # the second time: nothing to create
    assert again.returncode == 0, again.stderr
    assert "created" not in again.stderr


@pytest.mark.parametrize("command", [["migrate"], ["load-legacy", str(SEED)], ["serve"]])
def test_cannot_create_says_what_to_run(
    command: list[str], missing: str, weak_role: str, tmp_path: pathlib.Path
) -> None:
    env = environment(f"postgresql+psycopg://{weak_role}@{SERVER}/{missing}", tmp_path)
    done = rest_core(
        env, tmp_path, *command, *(["--port", str(free_port())] * (command == ["serve"]))
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "permission denied" in lines[0]
    host, port = SERVER.split(":")
    assert f"createdb -h {host} -p {port} -O {weak_role} {missing}" in lines[0]
    assert not exists(missing)


def test_unreachable_server_is_one_line(tmp_path: pathlib.Path) -> None:
    env = environment(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/orders", tmp_path)
    for command in (["migrate"], ["load-legacy", str(SEED)], ["users", "list"]):
        done = rest_core(env, tmp_path, *command)
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1, done.stderr
        assert "cannot connect to PostgreSQL" in done.stderr
