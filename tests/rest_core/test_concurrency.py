"""The rules hold under parallel calls spread over two REST core processes on one database."""

from __future__ import annotations

import concurrent.futures
import datetime
import decimal
import itertools
from collections.abc import Callable, Iterator

import pytest
import requests

from tests.rest_core._core import OPERATOR, Core
from tests.rest_core.conftest import start_server

THREADS = 20


@pytest.fixture(scope="module")
def urls(core: Core) -> Iterator[list[str]]:
    """The session's REST core and a second process on the same database."""
    second = start_server(core, "concurrency-rest-core")
    try:
        yield [core.url, second.ready_url.removesuffix("/health")]
    finally:
        second.stop()


def parallel(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """All calls at once (as far as THREADS allows); answers in the calls' order."""
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda call: call(), calls))


def place(
    url: str,
    customer: int,
    sku: str,
    quantity: int,
    key: str | None = None,
    **extra: object,
) -> Callable[[], requests.Response]:
    """Place an order; `key` as the Idempotency-Key header, `extra` into the body (such as
    client_reference, requested_delivery_date)."""
    headers = {"Idempotency-Key": key} if key else {}
    return lambda: requests.post(
        f"{url}/v1/customers/{customer}/orders",
        json={"currency": "EUR", "lines": [{"sku": sku, "quantity": quantity}], **extra},
        auth=OPERATOR,
        headers=headers,
        timeout=120,
    )


def cancel(url: str, order_id: int) -> Callable[[], requests.Response]:
    return lambda: requests.post(
        f"{url}/v1/orders/{order_id}/cancel",
        json={"reason": "parallel"},
        auth=OPERATOR,
        timeout=120,
    )


def amount(money: dict[str, str]) -> decimal.Decimal:
    return decimal.Decimal(money["amount"])


def balance(core: Core, customer: int) -> decimal.Decimal:
    return amount(core.get(f"/v1/customers/{customer}").json()["balance"])


def live_total(core: Core, customer: int) -> decimal.Decimal:
    orders = core.get(f"/v1/customers/{customer}/orders").json()["items"]
    return sum(
        (amount(o["total"]) for o in orders if o["status"] != "cancelled"), decimal.Decimal()
    )


def test_parallel_orders_never_pass_the_credit_limit(fresh: Core, urls: list[str]) -> None:
    # C-000104: limit 800.00, balance 640.00; a lamp is 39.99, so exactly 4 fit (159.96).
    calls = [
        place(url, 104, "LMP-LED-02", 1) for url, _ in zip(itertools.cycle(urls), range(THREADS))
    ]
    codes = sorted(r.status_code for r in parallel(calls))
    assert codes == [201] * 4 + [409] * (THREADS - 4), codes
    assert balance(fresh, 104) == decimal.Decimal("799.96")
    customer = fresh.get("/v1/customers/104").json()
    assert amount(customer["balance"]) <= amount(customer["credit_limit"])
    assert len(fresh.get("/v1/customers/104/orders").json()["items"]) == 1 + 4


def test_parallel_repeats_of_one_key_create_one_order(fresh: Core, urls: list[str]) -> None:
    calls = [
        place(url, 107, "PEN-BLU-50", 1, key="same-reference")
        for url, _ in zip(itertools.cycle(urls), range(THREADS))
    ]
    responses = parallel(calls)
    assert sorted(r.status_code for r in responses) == [200] * (THREADS - 1) + [201]
    bodies = [r.json() for r in responses]
    assert all(body == bodies[0] for body in bodies)
    assert len(fresh.get("/v1/customers/107/orders").json()["items"]) == 1
    assert balance(fresh, 107) == decimal.Decimal("12.25")


def test_parallel_repeats_of_one_client_reference_create_one_order(
    fresh: Core, urls: list[str]
) -> None:
    # Through the body, as the SOAP edge sends it (not Latin-1, CR/LF), and a near twin that
    # differs in one character: exactly two orders, each made once.
    twins = ["rt-日本\r\n\u03a9", "rt-日本\r\n\u2126"]
    calls = [
        place(url, 107, "PEN-BLU-50", 1, client_reference=twins[index % 2])
        for index, url in zip(range(THREADS), itertools.cycle(urls))
    ]
    responses = parallel(calls)
    assert sorted(r.status_code for r in responses) == [200] * (THREADS - 2) + [201] * 2
    for index, twin in enumerate(twins):
        bodies = [r.json() for r in responses[index::2]]
        assert all(body == bodies[0] for body in bodies)
        assert bodies[0]["client_reference"] == twin
    assert len(fresh.get("/v1/customers/107/orders").json()["items"]) == 2
    assert balance(fresh, 107) == decimal.Decimal("24.50")


def test_parallel_repeats_through_body_and_header_create_one_order(
    fresh: Core, urls: list[str]
) -> None:
    calls = [
        place(url, 107, "PEN-BLU-50", 1, key="PO-77")
        if index % 2
        else place(url, 107, "PEN-BLU-50", 1, client_reference="PO-77")
        for index, url in zip(range(THREADS), itertools.cycle(urls))
    ]
    responses = parallel(calls)
    assert sorted(r.status_code for r in responses) == [200] * (THREADS - 1) + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert balance(fresh, 107) == decimal.Decimal("12.25")


def test_parallel_scheduled_orders_never_pass_the_credit_limit(
    fresh: Core, urls: list[str]
) -> None:
    # C-000104 as above, half of the orders scheduled (delivery 60 days ahead): still 4 fit.
    later = (datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=60)).isoformat()
    opening = balance(fresh, 104) - live_total(fresh, 104)  # what the legacy system carried
    calls = [
        place(url, 104, "LMP-LED-02", 1, requested_delivery_date=later)
        if index % 2
        else place(url, 104, "LMP-LED-02", 1, client_reference=f"ref-{index}")
        for index, url in zip(range(THREADS), itertools.cycle(urls))
    ]
    responses = parallel(calls)
    assert sorted(r.status_code for r in responses) == [201] * 4 + [409] * (THREADS - 4)
    customer = fresh.get("/v1/customers/104").json()
    assert amount(customer["balance"]) == decimal.Decimal("799.96")
    assert amount(customer["balance"]) <= amount(customer["credit_limit"])
    assert balance(fresh, 104) - live_total(fresh, 104) == opening
    assert len(fresh.get("/v1/customers/104/orders").json()["items"]) == 1 + 4


def test_parallel_cancels_and_orders_keep_the_balance_right(fresh: Core, urls: list[str]) -> None:
    # C-000101's balance differs from its live orders by an opening amount from the legacy
    # system; whatever runs in parallel, that difference must not change.
    opening = balance(fresh, 101) - live_total(fresh, 101)
    placed = [place(fresh.url, 101, "PAP-A4-500", 2)().json()["id"] for _ in range(6)]
    calls: list[Callable[[], requests.Response]] = []
    for index, order_id in enumerate([*placed, 4712, 4717]):
        calls.append(cancel(urls[index % 2], order_id))
        calls.append(cancel(urls[(index + 1) % 2], order_id))  # the same order, twice at once
        calls.append(place(urls[index % 2], 101, "PEN-BLU-50", 1))
    responses = parallel(calls)
    cancels = [r for i, r in enumerate(responses) if i % 3 != 2]
    creates = [r for i, r in enumerate(responses) if i % 3 == 2]
    assert sorted(r.status_code for r in cancels) == [200] * 8 + [409] * 8
    assert all(r.status_code == 201 for r in creates)
    assert balance(fresh, 101) - live_total(fresh, 101) == opening
    statuses = [o["status"] for o in fresh.get("/v1/customers/101/orders").json()["items"]]
    assert statuses.count("cancelled") == 8 and statuses.count("confirmed") == 8
