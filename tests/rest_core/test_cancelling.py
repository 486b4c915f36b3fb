"""Cancelling orders: refunds the balance once; shipped and cancelled orders stay as they are."""

from __future__ import annotations

import datetime

from tests.rest_core._core import Core, assert_problem, errors_of, eur


def test_cancelling_refunds_the_balance(fresh: Core) -> None:
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    response = fresh.post("/v1/orders/4714/cancel", {"reason": "Customer request"})
    assert response.status_code == 200, response.text
    cancelled = response.json()
    unchanged = {
        k: v for k, v in cancelled.items() if k not in ("status", "cancelled_at", "cancel_reason")
    }
    assert unchanged == {
        "id": 4714,
        "customer_id": 104,
        "order_date": "2011-03-03",
        "currency": "EUR",
        "lines": [
            {
                "line_number": 1,
                "sku": "LMP-LED-02",
                "description": "LED desk lamp",
                "quantity": 16,
                "unit_price": eur("39.99"),
                "line_total": eur("639.84"),
            }
        ],
        "total": eur("639.84"),
        "notes": "Call before delivery",
        "created_at": "2011-03-03T00:00:00Z",
        "client_reference": None,
        "requested_delivery_date": None,
        "shipping_address": None,
    }
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "Customer request")
    at = datetime.datetime.strptime(cancelled["cancelled_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert before <= at.replace(tzinfo=datetime.UTC) <= before + datetime.timedelta(seconds=30)
    assert fresh.get("/v1/orders/4714").json() == cancelled
    assert fresh.get("/v1/customers/104").json()["balance"] == eur("0.16")  # 640.00 - 639.84
    again = assert_problem(
        fresh.post("/v1/orders/4714/cancel", {"reason": "twice"}), 409, "order-already-cancelled"
    )
    assert (again["order_id"], again["detail"]) == (4714, "Order 4714 is already cancelled.")
    assert fresh.get("/v1/customers/104").json()["balance"] == eur("0.16")
    assert fresh.get("/v1/orders/4714").json()["cancel_reason"] == "Customer request"


def test_a_cancelled_order_frees_credit_for_a_new_one(fresh: Core) -> None:
    placed = fresh.post(
        "/v1/customers/108/orders",
        {"currency": "EUR", "lines": [{"sku": "PAP-A4-500", "quantity": 4}]},
    ).json()
    assert fresh.get("/v1/customers/108").json()["balance"] == eur("2499.80")
    assert fresh.post(f"/v1/orders/{placed['id']}/cancel", {"reason": "wrong"}).status_code == 200
    assert fresh.get("/v1/customers/108").json()["balance"] == eur("2480.00")
    listed = fresh.get("/v1/customers/108/orders", status="cancelled").json()["items"]
    assert [o["id"] for o in listed] == [placed["id"]]


def test_a_shipped_order_cannot_be_cancelled(fresh: Core) -> None:
    problem = assert_problem(
        fresh.post("/v1/orders/4711/cancel", {"reason": "late"}), 409, "order-already-shipped"
    )
    assert problem["order_id"] == 4711
    assert problem["detail"] == "Order 4711 has shipped and cannot be cancelled."
    assert fresh.get("/v1/orders/4711").json()["status"] == "shipped"
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1250.40")


def test_an_imported_cancelled_order_stays_as_it_was(fresh: Core) -> None:
    assert_problem(
        fresh.post("/v1/orders/4715/cancel", {"reason": "again"}), 409, "order-already-cancelled"
    )
    assert fresh.get("/v1/orders/4715").json()["cancel_reason"] == "Duplicate order"


def test_cancelling_an_unknown_order(fresh: Core) -> None:
    problem = assert_problem(
        fresh.post("/v1/orders/9999/cancel", {"reason": "x"}), 404, "order-not-found"
    )
    assert problem["order_id"] == 9999


def test_a_cancellation_needs_a_reason(fresh: Core) -> None:
    problem = assert_problem(fresh.post("/v1/orders/4712/cancel", {}), 422, "validation-error")
    assert errors_of(problem) == [("reason", "required")]
    assert fresh.get("/v1/orders/4712").json()["status"] == "confirmed"
