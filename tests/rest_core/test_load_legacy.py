"""`rest-core load-legacy`: imports once, --reset restores exactly the seed, fast; and migrate."""

from __future__ import annotations

import os
import stat
import subprocess
from typing import Any

import requests

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

    elapsed = fresh.reset()
    assert elapsed < 1.5, f"load-legacy --reset took {elapsed:.2f} s"
    assert snapshot(fresh) == seed
    # The ids continue after the seed's highest again, and the key is free again.
    again = fresh.post(
        "/v1/customers/102/orders",
        {"currency": "EUR", "lines": [{"sku": "CHR-ERGO-01", "quantity": 3}]},
        headers={"Idempotency-Key": "before-reset"},
    )
    assert (again.status_code, again.json()["id"]) == (201, 4719)
    assert fresh.get("/v1/customers/102").json()["balance"] == eur("1047.00")


def test_reset_is_fast_every_time(fresh: Core) -> None:
    times = [fresh.reset() for _ in range(3)]
    assert max(times) < 1.5, times


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
