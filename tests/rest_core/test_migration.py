"""Migration 0002 keeps the data of a database at 0001: idempotency keys become client references."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest
import requests
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from cryptography.fernet import Fernet

from rest_core.migrations import MIGRATIONS
from tests._processes import ServerProcess, backends, database_url, free_port
from tests.rest_core._core import OPERATOR, REST_CORE, SEED, eur

# Made through the API of the old schema: keys in the form clients sent them.
KEYS = {4711: "rt-日本", 4712: "Ω\r\n\t", 4717: "PO-2011-7"}
TABLES = ("customers", "products", "users", "orders", "order_lines")


def rest_core(env: dict[str, str], cwd: pathlib.Path, *args: str) -> None:
    done = subprocess.run(
        [REST_CORE, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def upgrade_to_0001(url: str) -> None:
    """An empty database at revision 0001, as a release before 2026-12 left it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.commit()
    engine.dispose()


def copy_rows(source_url: str, target_url: str) -> None:
    """The seed (users with their hashes and secrets) into the 0001 database, in its columns."""
    source, target = sa.create_engine(source_url), sa.create_engine(target_url)
    old, new = sa.MetaData(), sa.MetaData()
    old.reflect(target, only=TABLES)
    new.reflect(source, only=TABLES)
    with source.connect() as reading, target.begin() as writing:
        for name in TABLES:
            columns = [c.name for c in old.tables[name].columns if c.name != "idempotency_key"]
            rows = reading.execute(sa.select(*(new.tables[name].c[c] for c in columns)))
            writing.execute(old.tables[name].insert(), [dict(row._mapping) for row in rows])
        for order_id, key in KEYS.items():
            writing.execute(
                sa.text("UPDATE orders SET idempotency_key = :key WHERE id = :id"),
                {"key": key, "id": order_id},
            )
        if target.dialect.name == "postgresql":
            writing.execute(sa.text("SELECT setval(pg_get_serial_sequence('orders', 'id'), 4718)"))
    source.dispose()
    target.dispose()


@pytest.mark.parametrize("backend", backends())
def test_0002_keeps_the_orders_and_their_keys(backend: str, tmp_path: pathlib.Path) -> None:
    (tmp_path / "seeded").mkdir()
    (tmp_path / "old").mkdir()
    with (
        database_url(backend, tmp_path / "seeded") as seeded,
        database_url(backend, tmp_path / "old") as old,
    ):
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CREDENTIAL_KEY")},
            "CREDENTIAL_KEY": Fernet.generate_key().decode(),
        }
        rest_core({**env, "DATABASE_URL": seeded}, tmp_path, "load-legacy", str(SEED))
        upgrade_to_0001(old)
        copy_rows(seeded, old)
        env["DATABASE_URL"] = old
        rest_core(env, tmp_path, "migrate")

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with ServerProcess(
            [REST_CORE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            ready_url=f"{url}/health",
            log_path=tmp_path / "rest-core.log",
            cwd=tmp_path,
        ):
            for order_id, key in KEYS.items():
                order = requests.get(f"{url}/v1/orders/{order_id}", auth=OPERATOR, timeout=30)
                assert order.status_code == 200, order.text
                assert order.json()["client_reference"] == key
                assert order.json()["requested_delivery_date"] is None
                assert order.json()["shipping_address"] is None
                # The kept key still makes a repeat: the first order, nothing new.
                repeat = requests.post(
                    f"{url}/v1/customers/101/orders",
                    json={
                        "currency": "EUR",
                        "lines": [{"sku": "PEN-BLU-50", "quantity": 1}],
                        "client_reference": key,
                    },
                    auth=OPERATOR,
                    timeout=30,
                )
                assert (repeat.status_code, repeat.json()["id"]) == (200, order_id)
            customer = requests.get(f"{url}/v1/customers/101", auth=OPERATOR, timeout=30).json()
            assert (customer["balance"], customer["phone"]) == (eur("1250.40"), None)
            assert customer["shipping_address"] is None
            assert customer["billing_address"]["city"] == "Rotterdam"
            lines = requests.get(f"{url}/v1/orders/4711", auth=OPERATOR, timeout=30).json()
            assert lines["total"] == eur("1144.00")
            # A new reference still makes a new order, with the next id.
            new = requests.post(
                f"{url}/v1/customers/101/orders",
                json={
                    "currency": "EUR",
                    "lines": [{"sku": "PEN-BLU-50", "quantity": 1}],
                    "client_reference": "after-0002",
                },
                auth=OPERATOR,
                timeout=30,
            )
            assert (new.status_code, new.json()["id"]) == (201, 4719)
