"""`rest-core load-legacy`: imports once, --reset restores exactly the seed in a bounded number of
statements (its speed is measured by bench/load_legacy.py, not timed here); and migrate."""

from __future__ import annotations

import os
import pathlib
import shutil
import stat
import subprocess
from typing import Any

import pytest
import requests
from cryptography.fernet import Fernet
from sqlalchemy import event

from tests._processes import backends, database_url
from tests.rest_core._core import REST_CORE, SEED, Core, eur, wsse
from tests.rest_core.conftest import start_server


def snapshot(core: Core) -> dict[str, Any]:
    """Everything a client can read."""
    customers = core.get("/v1/customers", page_size=100).json()["items"]
    return {
        "customers": customers,
        "orders": {c["id"]: core.get(f"/v1/customers/{c['id']}/orders").json() for c in customers},
        "products": core.get("/v1/products").json(),
    }


def test_reset_restores_exactly_the_seed_and_ids_continue_after_it(fresh: Core) -> None:
    seed = snapshot(fresh)
    placed = fresh.post(
        "/v1/customers/102/orders",
        {"currency": "EUR", "lines": [{"sku": "CHR-ERGO-01", "quantity": 3}]},
        headers={"Idempotency-Key": "before-reset"},
    ).json()
    assert placed["id"] == 4719
    assert fresh.post("/v1/orders/4712/cancel", {"reason": "x"}).status_code == 200
    assert snapshot(fresh) != seed

    fresh.reset()
    assert snapshot(fresh) == seed
    # The ids continue after the seed's highest again, and the key is free again.
    again = fresh.post(
        "/v1/customers/102/orders",
        {"currency": "EUR", "lines": [{"sku": "CHR-ERGO-01", "quantity": 3}]},
        headers={"Idempotency-Key": "before-reset"},
    )
    assert (again.status_code, again.json()["id"]) == (201, 4719)
    assert fresh.get("/v1/customers/102").json()["balance"] == eur("1047.00")


def bigger_export(folder: pathlib.Path, customers: int) -> pathlib.Path:
    """The seed plus `customers` more customers, each with one order of one line."""
    shutil.copytree(SEED, folder)
    with (folder / "customers.csv").open("a", encoding="utf-8") as f:
        for n in range(customers):
            f.write(f"C-{500 + n:06d},Extra {n},,Active,100.00,0.00,,,,,2011-01-01T00:00:00Z\n")
    with (folder / "orders.csv").open("a", encoding="utf-8") as f:
        for n in range(customers):
            f.write(f"SO-{9000 + n:08d},C-{500 + n:06d},2011-03-01,Confirmed,EUR,,,\n")
    with (folder / "order_lines.csv").open("a", encoding="utf-8") as f:
        for n in range(customers):
            f.write(f"SO-{9000 + n:08d},1,PEN-BLU-50,Pens,1,12.25\n")
    return folder


@pytest.mark.parametrize("backend", backends())
def test_reset_runs_as_many_statements_for_a_bigger_export(
    backend: str, tmp_path: pathlib.Path
) -> None:
    """One DELETE and one batched INSERT per table, whatever the number of rows: the bound that
    keeps the reset fast on any machine, where a time limit would only measure the machine."""
    from rest_core.db import engine_for
    from rest_core.legacy_import import load
    from rest_core.settings import Settings

    bigger = bigger_export(tmp_path / "bigger", 300)
    with database_url(backend, tmp_path) as url:
        settings = Settings(database_url=url, credential_key=Fernet.generate_key().decode())
        assert load(SEED, settings, reset=True).startswith("imported 8 customers")  # migrates
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(str(args[2]).split()[0])

        engine = engine_for(settings.database_url, settings.db_timeout_seconds)
        event.listen(engine, "before_cursor_execute", count)
        try:
            load(SEED, settings, reset=True)
            for_the_seed, statements[:] = list(statements), []
            assert load(bigger, settings, reset=True).startswith("imported 308 customers")
        finally:
            event.remove(engine, "before_cursor_execute", count)
            engine.dispose()
    assert statements == for_the_seed
    assert statements.count("INSERT") == 5 and statements.count("DELETE") == 6, statements


def test_reset_forgets_the_nonces(fresh: Core) -> None:
    headers = wsse("backoffice", "Winter2011!")
    url = f"{fresh.url}/v1/customers/101"
    assert requests.get(url, headers=headers, timeout=30).status_code == 200
    assert requests.get(url, headers=headers, timeout=30).status_code == 401
    fresh.reset()
    assert requests.get(url, headers=headers, timeout=30).status_code == 200


def test_without_reset_a_database_with_data_is_left_alone(fresh: Core) -> None:
    placed = fresh.post(
        "/v1/customers/107/orders",
        {"currency": "EUR", "lines": [{"sku": "PEN-BLU-50", "quantity": 1}]},
    ).json()
    done = fresh.command("load-legacy", str(SEED))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1
    assert "nothing imported" in done.stdout
    assert fresh.get(f"/v1/orders/{placed['id']}").status_code == 200
    assert fresh.get("/v1/customers/107").json()["balance"] == eur("12.25")


def test_migrate(core: Core) -> None:
    done = core.command("migrate")
    assert done.returncode == 0, done.stderr
    assert core.get("/v1/customers/101").status_code == 200


def test_a_folder_that_is_not_an_export(core: Core, tmp_path: Any) -> None:
    missing = core.command("load-legacy", str(tmp_path / "nowhere"), "--reset")
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    (tmp_path / "customers.csv").write_text("customer_id\nC-000101\n")
    broken = core.command("load-legacy", str(tmp_path), "--reset")
    assert broken.returncode == 1 and "nothing imported" in broken.stderr
    assert core.get("/v1/customers/101").json()["name"] == "Acme Industrial Supply"


def test_defaults_a_database_and_a_key_file_under_var(tmp_path: Any) -> None:
    """With no settings at all: var/rest-core.sqlite3 and var/credential.key (mode 0600) in the
    working folder, and a server that reads them."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CREDENTIAL_KEY", "CREDENTIAL_KEY_FILE")
    }
    done = subprocess.run(
        [REST_CORE, "load-legacy", str(SEED)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 8 customers")
    assert (tmp_path / "var" / "rest-core.sqlite3").is_file()
    key = tmp_path / "var" / "credential.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"Winter2011!" not in (tmp_path / "var" / "rest-core.sqlite3").read_bytes()
    core = Core("sqlite", "", "sqlite:///var/rest-core.sqlite3", env, tmp_path, tmp_path / "x.log")
    server = start_server(core, "defaults")
    try:
        url = server.ready_url.removesuffix("/health")
        digest = requests.get(
            url + "/v1/customers/101", headers=wsse("backoffice", "Winter2011!"), timeout=30
        )
        assert digest.status_code == 200  # the key file decrypts the digest secret
    finally:
        server.stop()
