"""The rules hold under concurrency, on SQLite and PostgreSQL: no overdraft, no double order."""

from __future__ import annotations

import concurrent.futures
import decimal

import requests

from tests.system import OPERATOR, System

THREADS = 16


def parallel(calls: list) -> list[requests.Response]:
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda call: call(), calls))


def order(system: System, customer: int, sku: str, quantity: int, key: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": key} if key else {}
    return lambda: requests.post(
        f"{system.rest_url}/v1/customers/{customer}/orders",
        json={"currency": "EUR", "lines": [{"sku": sku, "quantity": quantity}]},
        auth=OPERATOR,
        headers=headers,
        timeout=60,
    )


def balance(system: System, customer: int) -> decimal.Decimal:
    body = requests.get(
        f"{system.rest_url}/v1/customers/{customer}", auth=OPERATOR, timeout=10
    ).json()
    return decimal.Decimal(body["balance"]["amount"])


def test_parallel_orders_never_pass_the_credit_limit(system: System) -> None:
    system.reset()
    # C-000104: limit 800.00, balance 640.00; each order 39.99: at most 4 fit (159.96 <= 160.00).
    responses = parallel([order(system, 104, "LMP-LED-02", 1) for _ in range(THREADS)])
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 4, codes
    assert codes.count(409) == THREADS - 4, codes
    assert balance(system, 104) == decimal.Decimal("640.00") + 4 * decimal.Decimal("39.99")


def test_parallel_repeats_of_one_key_create_one_order(system: System) -> None:
    system.reset()
    responses = parallel(
        [order(system, 107, "PEN-BLU-50", 1, key="same-key") for _ in range(THREADS)]
    )
    assert sorted(r.status_code for r in responses) == [200] * (THREADS - 1) + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    listed = requests.get(
        f"{system.rest_url}/v1/customers/107/orders", auth=OPERATOR, timeout=10
    ).json()["items"]
    assert len(listed) == 1
    assert balance(system, 107) == decimal.Decimal("12.25")


def test_parallel_cancels_and_orders_keep_the_balance_right(system: System) -> None:
    system.reset()
    # C-000102 starts at 0.00 with no orders: afterwards the balance is the sum of live orders.
    placed = [order(system, 102, "PAP-A4-500", 1, key=f"k{i}")().json()["id"] for i in range(6)]
    cancel = [
        (
            lambda oid=oid: requests.post(
                f"{system.rest_url}/v1/orders/{oid}/cancel",
                json={"reason": "r"},
                auth=OPERATOR,
                timeout=60,
            )
        )
        for oid in placed
    ]
    more = [order(system, 102, "PEN-BLU-50", 1) for _ in range(6)]
    twice = [cancel[0]]  # one order cancelled by two callers at once: one wins, one gets 409
    responses = parallel([*cancel, *more, *twice])
    assert sorted(r.status_code for r in responses[:6] + responses[12:]).count(200) == 6
    orders = requests.get(
        f"{system.rest_url}/v1/customers/102/orders", auth=OPERATOR, timeout=10
    ).json()["items"]
    live = sum(decimal.Decimal(o["total"]["amount"]) for o in orders if o["status"] != "cancelled")
    assert balance(system, 102) == live == 6 * decimal.Decimal("12.25")
