"""Replication: orders and cancellations another system of record made, kept as it made them."""

from __future__ import annotations

from typing import Any

import requests

from tests.rest_core._core import Core, assert_problem, errors_of, eur
from tests.system import READER

PLACED_ELSEWHERE = {
    "customer_id": 101,
    "status": "confirmed",
    "currency": "EUR",
    "lines": [
        {"sku": "PAP-A4-500", "quantity": 10},
        {"sku": "LMP-LED-02", "quantity": 2, "unit_price": eur("39.99")},
    ],
    "total": eur("129.48"),
    "created_at": "2026-11-27T10:15:00Z",
    "notes": "Leave at reception",
    "client_reference": "PO-77",
}


def put(core: Core, path: str, body: Any, auth: tuple[str, str] | None = None) -> requests.Response:
    kwargs: dict[str, Any] = {"auth": auth} if auth else {"auth": ("backoffice", "Winter2011!")}
    return requests.put(core.url + path, json=body, timeout=30, **kwargs)


def balance(core: Core, customer: int) -> str:
    return str(core.get(f"/v1/customers/{customer}").json()["balance"]["amount"])


def test_an_order_placed_elsewhere_is_kept_with_its_id_amounts_and_time(fresh: Core) -> None:
    before = balance(fresh, 101)
    response = put(fresh, "/v1/orders/9001", PLACED_ELSEWHERE)
    assert response.status_code == 201, response.text
    assert response.headers["Location"] == "/v1/orders/9001"
    order = fresh.get("/v1/orders/9001").json()
    assert order["id"] == 9001
    assert order["created_at"] == "2026-11-27T10:15:00Z"
    assert order["order_date"] == "2026-11-27"
    assert order["status"] == "confirmed"
    assert order["total"] == eur("129.48")
    assert [line["line_total"] for line in order["lines"]] == [eur("49.50"), eur("79.98")]
    assert order["client_reference"] == "PO-77"
    assert order["lines"][1]["description"] == "LED desk lamp"
    assert float(balance(fresh, 101)) == round(float(before) + 129.48, 2)
    # The same order again changes nothing.
    again = put(fresh, "/v1/orders/9001", PLACED_ELSEWHERE)
    assert again.status_code == 200
    assert float(balance(fresh, 101)) == round(float(before) + 129.48, 2)
    # Orders placed here afterwards take ids after it.
    placed = fresh.post(
        "/v1/customers/102/orders",
        {"currency": "EUR", "lines": [{"sku": "CHR-ERGO-01", "quantity": 1}]},
    )
    assert placed.status_code == 201, placed.text
    assert placed.json()["id"] == 9002


def test_another_order_under_a_taken_id_is_refused(fresh: Core) -> None:
    response = put(fresh, "/v1/orders/4714", PLACED_ELSEWHERE)
    assert_problem(response, 409, "order-exists")


def test_a_total_that_is_not_the_sum_of_the_lines_is_refused(fresh: Core) -> None:
    before = balance(fresh, 101)
    response = put(fresh, "/v1/orders/9001", {**PLACED_ELSEWHERE, "total": eur("100.00")})
    document = assert_problem(response, 422, "validation-error")
    assert ("total", "conflict") in errors_of(document)
    assert fresh.get("/v1/orders/9001").status_code == 404
    assert balance(fresh, 101) == before


def test_replication_is_for_operators(fresh: Core) -> None:
    assert_problem(put(fresh, "/v1/orders/9001", PLACED_ELSEWHERE, READER), 403, "forbidden")
    assert_problem(
        put(
            fresh,
            "/v1/orders/4714/cancellation",
            {"reason": "x", "cancelled_at": "2026-11-27T10:00:00Z"},
            READER,
        ),
        403,
        "forbidden",
    )


def test_a_cancellation_made_elsewhere_keeps_its_time_and_refunds_once(fresh: Core) -> None:
    before = float(balance(fresh, 104))
    body = {"reason": "Customer request", "cancelled_at": "2026-11-27T10:20:00Z"}
    response = put(fresh, "/v1/orders/4714/cancellation", body)
    assert response.status_code == 200, response.text
    order = response.json()
    assert (order["status"], order["cancelled_at"], order["cancel_reason"]) == (
        "cancelled",
        "2026-11-27T10:20:00Z",
        "Customer request",
    )
    assert float(balance(fresh, 104)) == round(before - 639.84, 2)
    assert put(fresh, "/v1/orders/4714/cancellation", body).status_code == 200
    assert float(balance(fresh, 104)) == round(before - 639.84, 2)
    other = {"reason": "Another", "cancelled_at": "2026-11-27T10:21:00Z"}
    assert_problem(
        put(fresh, "/v1/orders/4714/cancellation", other), 409, "order-already-cancelled"
    )
    assert_problem(put(fresh, "/v1/orders/99999/cancellation", body), 404, "order-not-found")
