"""The credential key (issue 8 item 7, issue 13 item 8): where it lives whatever the working
folder, a core that cannot decrypt the stored digest secrets refuses to start, and rotation."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest
import requests
from cryptography.fernet import Fernet

from tests._processes import ServerProcess, free_port
from tests.rest_core._core import REST_CORE, SEED, wsse


def clean_env(**settings: str) -> dict[str, str]:
    """The environment without any of the REST core's settings, plus `settings`."""
    ours = ("DATABASE_URL", "CREDENTIAL_KEY", "CREDENTIAL_KEY_FILE")
    return {**{k: v for k, v in os.environ.items() if k not in ours}, **settings}


def rest_core(
    env: dict[str, str], cwd: pathlib.Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [REST_CORE, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def serve(env: dict[str, str], cwd: pathlib.Path, log: pathlib.Path) -> ServerProcess:
    port = free_port()
    return ServerProcess(
        [REST_CORE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=log,
        cwd=cwd,
    )


def digest_login(server: ServerProcess) -> int:
    return requests.get(
        server.base_url + "/v1/customers/101",
        headers=wsse("backoffice", "Winter2011!"),
        timeout=30,
    ).status_code


def folders(tmp_path: pathlib.Path, *names: str) -> list[pathlib.Path]:
    made = [tmp_path / name for name in names]
    for folder in made:
        folder.mkdir()
    return made


def test_the_key_file_does_not_depend_on_the_working_folder(tmp_path: pathlib.Path) -> None:
    data, first, second = folders(tmp_path, "data", "first", "second")
    env = clean_env(DATABASE_URL=f"sqlite:///{data / 'orders.sqlite3'}")
    loaded = rest_core(env, first, "load-legacy", str(SEED))
    assert loaded.returncode == 0, loaded.stderr
    # Beside the database, not in the folder the command ran in.
    assert (data / "credential.key").is_file()
    assert not (first / "var").exists()
    # A core started from another folder on the same database reads the same key.
    with serve(env, second, tmp_path / "second.log") as server:
        assert digest_login(server) == 200
    assert not (second / "var").exists()


def test_a_relative_key_file_is_refused(tmp_path: pathlib.Path) -> None:
    (data,) = folders(tmp_path, "data")
    env = clean_env(
        DATABASE_URL=f"sqlite:///{data / 'orders.sqlite3'}", CREDENTIAL_KEY_FILE="keys/k.key"
    )
    refused = rest_core(env, tmp_path, "load-legacy", str(SEED))
    assert refused.returncode != 0
    assert "CREDENTIAL_KEY_FILE" in refused.stderr and "absolute" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("how", ["another key", "key file gone"])
def test_a_core_whose_key_cannot_decrypt_the_secrets_refuses_to_start(
    tmp_path: pathlib.Path, how: str
) -> None:
    (data,) = folders(tmp_path, "data")
    env = clean_env(DATABASE_URL=f"sqlite:///{data / 'orders.sqlite3'}")
    assert rest_core(env, tmp_path, "load-legacy", str(SEED)).returncode == 0
    if how == "another key":
        env = {**env, "CREDENTIAL_KEY": Fernet.generate_key().decode()}
    else:
        (data / "credential.key").unlink()
    port = free_port()
    started = subprocess.run(
        [REST_CORE, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0, started.stderr
    assert "cannot decrypt" in started.stderr, started.stderr
    assert "Traceback" not in started.stderr
    if how == "key file gone":
        assert not (data / "credential.key").exists()  # no new key made in its place


def test_rotating_the_key_file_keeps_the_digest_secrets(tmp_path: pathlib.Path) -> None:
    (data,) = folders(tmp_path, "data")
    env = clean_env(DATABASE_URL=f"sqlite:///{data / 'orders.sqlite3'}")
    assert rest_core(env, tmp_path, "load-legacy", str(SEED)).returncode == 0
    old_key = (data / "credential.key").read_text().strip()
    rotated = rest_core(env, tmp_path, "rotate-key")
    assert rotated.returncode == 0, rotated.stderr
    assert "re-encrypted 3 digest secrets" in rotated.stdout, rotated.stdout
    new_key = (data / "credential.key").read_text().strip()
    assert new_key != old_key and old_key not in new_key
    with serve(env, tmp_path, tmp_path / "rotated.log") as server:
        assert digest_login(server) == 200
    # The old key no longer opens anything: a core started with it refuses to start.
    stale = rest_core({**env, "CREDENTIAL_KEY": old_key}, tmp_path, "serve", "--port", "1")
    assert stale.returncode != 0 and "cannot decrypt" in stale.stderr


def test_rotating_credential_key_in_two_steps(tmp_path: pathlib.Path) -> None:
    """CREDENTIAL_KEY="NEW,OLD" on every core, `rest-core rotate-key`, then CREDENTIAL_KEY="NEW":
    digest logins work at every step."""
    (data,) = folders(tmp_path, "data")
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    env = clean_env(DATABASE_URL=f"sqlite:///{data / 'orders.sqlite3'}", CREDENTIAL_KEY=old)
    assert rest_core(env, tmp_path, "load-legacy", str(SEED)).returncode == 0
    alone = rest_core(env, tmp_path, "rotate-key")
    assert alone.returncode != 0 and "CREDENTIAL_KEY" in alone.stderr  # says what to do
    both = {**env, "CREDENTIAL_KEY": f"{new},{old}"}
    with serve(both, tmp_path, tmp_path / "both.log") as server:
        assert digest_login(server) == 200
        rotated = rest_core(both, tmp_path, "rotate-key")
        assert rotated.returncode == 0, rotated.stderr
        assert digest_login(server) == 200
    with serve({**env, "CREDENTIAL_KEY": new}, tmp_path, tmp_path / "new.log") as server:
        assert digest_login(server) == 200


def test_users_refuses_to_store_a_secret_with_a_key_that_cannot_read_the_others(
    tmp_path: pathlib.Path,
) -> None:
    (data,) = folders(tmp_path, "data")
    env = clean_env(DATABASE_URL=f"sqlite:///{data / 'orders.sqlite3'}")
    assert rest_core(env, tmp_path, "load-legacy", str(SEED)).returncode == 0
    other = {**env, "CREDENTIAL_KEY": Fernet.generate_key().decode()}
    added = subprocess.run(
        [REST_CORE, "users", "add", "new-portal", "--role", "reader", "--password-stdin"],
        env=other,
        cwd=tmp_path,
        input="a-password\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 1 and "cannot decrypt" in added.stderr, added.stderr
    listed = rest_core(env, tmp_path, "users", "list")
    assert "new-portal" not in listed.stdout
