"""Placing orders: success, idempotency, and the rules in their documented order."""

from __future__ import annotations

import datetime

from tests.rest_core._core import Core, assert_problem, errors_of, eur

PEN = {"sku": "PEN-BLU-50", "quantity": 2}  # 24.50


def order(*lines: dict[str, object], currency: str = "EUR", **extra: object) -> dict[str, object]:
    return {"currency": currency, "lines": list(lines), **extra}


def test_a_new_order_is_confirmed_priced_from_the_catalogue_and_charged(fresh: Core) -> None:
    body = order(
        {"sku": "PAP-A4-500", "quantity": 10},
        {"sku": "LMP-LED-02", "quantity": 2},
        notes="Leave at reception",
    )
    response = fresh.post("/v1/customers/101/orders", body)
    assert response.status_code == 201, response.text
    placed = response.json()
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert placed["id"] == 4719  # after the highest imported id
    assert response.headers["Location"] == "/v1/orders/4719"
    assert placed["created_at"].startswith(today) and placed["created_at"].endswith("Z")
    assert placed == {
        "id": 4719,
        "customer_id": 101,
        "order_date": today,
        "status": "confirmed",
        "currency": "EUR",
        "lines": [
            {
                "line_number": 1,
                "sku": "PAP-A4-500",
                "description": "Copier paper A4, 80 g/m², ream of 500",
                "quantity": 10,
                "unit_price": eur("4.95"),
                "line_total": eur("49.50"),
            },
            {
                "line_number": 2,
                "sku": "LMP-LED-02",
                "description": "LED desk lamp",
                "quantity": 2,
                "unit_price": eur("39.99"),
                "line_total": eur("79.98"),
            },
        ],
        "total": eur("129.48"),
        "notes": "Leave at reception",
        "created_at": placed["created_at"],
        "cancelled_at": None,
        "cancel_reason": None,
        "client_reference": None,
        "requested_delivery_date": None,
        "shipping_address": None,
    }
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1379.88")
    assert fresh.get("/v1/orders/4719").json() == placed
    assert [o["id"] for o in fresh.get("/v1/customers/101/orders").json()["items"]] == [
        4711,
        4712,
        4717,
        4719,
    ]
    # The next one, for another customer, continues the ids; a null description stays null.
    second = fresh.post("/v1/customers/107/orders", order({"sku": "DSK-STD-160", "quantity": 1}))
    assert (second.status_code, second.json()["id"]) == (201, 4720)
    assert second.json()["lines"][0]["description"] is None
    assert second.json()["notes"] is None


def test_an_idempotency_key_returns_the_first_order(fresh: Core) -> None:
    key = {"Idempotency-Key": "client-ref-1"}
    first = fresh.post("/v1/customers/107/orders", order(PEN), headers=key)
    again = fresh.post("/v1/customers/107/orders", order(PEN, notes="changed"), headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert again.headers["Location"] == f"/v1/orders/{first.json()['id']}"
    assert fresh.get("/v1/customers/107").json()["balance"] == eur("24.50")
    assert len(fresh.get("/v1/customers/107/orders").json()["items"]) == 1
    # The key is per customer.
    other = fresh.post("/v1/customers/102/orders", order(PEN), headers=key)
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    # No key, no idempotency.
    plain = [fresh.post("/v1/customers/107/orders", order(PEN)) for _ in range(2)]
    assert [r.status_code for r in plain] == [201, 201]
    assert fresh.get("/v1/customers/107").json()["balance"] == eur("73.50")


def test_validation_reports_every_problem_in_request_order(fresh: Core) -> None:
    body = order(
        {"sku": "NOPE-1", "quantity": 1},
        {"sku": "FAX-ROLL-30", "quantity": 1},  # in the catalogue, but inactive
        {"sku": "PEN-BLU-50", "quantity": 0},
        {"sku": "PEN-BLU-50", "quantity": 1000},
        {"sku": "PAP-A4-500", "quantity": 999},
        {"sku": "NOPE-2", "quantity": -1},
        currency="USD",
    )
    problem = assert_problem(fresh.post("/v1/customers/101/orders", body), 422, "validation-error")
    quantity = "Quantity must be between 1 and 999."
    assert problem["errors"] == [
        {"field": "currency", "code": "unsupported", "message": "Only EUR is supported."},
        {"field": "lines[0].sku", "code": "unknown_sku", "message": "Unknown SKU NOPE-1."},
        {"field": "lines[1].sku", "code": "unknown_sku", "message": "Unknown SKU FAX-ROLL-30."},
        {"field": "lines[2].quantity", "code": "out_of_range", "message": quantity},
        {"field": "lines[3].quantity", "code": "out_of_range", "message": quantity},
        {"field": "lines[5].sku", "code": "unknown_sku", "message": "Unknown SKU NOPE-2."},
        {"field": "lines[5].quantity", "code": "out_of_range", "message": quantity},
    ]
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1250.40")
    assert [o["id"] for o in fresh.get("/v1/customers/101/orders").json()["items"]] == [
        4711,
        4712,
        4717,
    ]


def test_an_order_needs_a_line(fresh: Core) -> None:
    problem = assert_problem(
        fresh.post("/v1/customers/101/orders", order()), 422, "validation-error"
    )
    assert errors_of(problem) == [("lines", "required")]


def test_an_unknown_customer_comes_before_validation(fresh: Core) -> None:
    bad = order({"sku": "NOPE-1", "quantity": 0}, currency="USD")
    problem = assert_problem(fresh.post("/v1/customers/999/orders", bad), 404, "customer-not-found")
    assert problem["customer_id"] == 999
    malformed = fresh.post("/v1/customers/999/orders", data=b"{not json")
    assert_problem(malformed, 404, "customer-not-found")


def test_validation_comes_before_the_customer_status(fresh: Core) -> None:
    problem = assert_problem(
        fresh.post("/v1/customers/103/orders", order(PEN, currency="GBP")), 422, "validation-error"
    )
    assert errors_of(problem) == [("currency", "unsupported")]


def test_a_customer_who_is_not_active_cannot_order(fresh: Core) -> None:
    suspended = assert_problem(
        fresh.post("/v1/customers/103/orders", order(PEN)), 409, "customer-not-active"
    )
    assert (suspended["customer_id"], suspended["customer_status"]) == (103, "suspended")
    assert suspended["detail"] == "Customer 103 is suspended and cannot place orders."
    # Closed, and with no credit at all: the status is checked first.
    closed = assert_problem(
        fresh.post("/v1/customers/105/orders", order(PEN)), 409, "customer-not-active"
    )
    assert (closed["customer_id"], closed["customer_status"]) == (105, "closed")
    assert fresh.get("/v1/customers/103").json()["balance"] == eur("2999.99")


def test_the_credit_limit(fresh: Core) -> None:
    # C-000108: limit 2500.00, balance 2480.00, so 20.00 available.
    problem = assert_problem(
        fresh.post("/v1/customers/108/orders", order(PEN)), 409, "credit-limit-exceeded"
    )
    assert problem["customer_id"] == 108
    assert problem["order_total"] == eur("24.50")
    assert problem["available_credit"] == eur("20.00")
    assert problem["detail"] == "Order total 24.50 EUR exceeds available credit 20.00 EUR."
    assert fresh.get("/v1/customers/108").json()["balance"] == eur("2480.00")
    # C-000104: 160.00 available; 4 lamps (159.96) fit, then 0.04 is left.
    fits = fresh.post("/v1/customers/104/orders", order({"sku": "LMP-LED-02", "quantity": 4}))
    assert fits.status_code == 201
    assert fresh.get("/v1/customers/104").json()["balance"] == eur("799.96")
    rest = assert_problem(
        fresh.post("/v1/customers/104/orders", order({"sku": "PAP-A4-500", "quantity": 1})),
        409,
        "credit-limit-exceeded",
    )
    assert (rest["order_total"], rest["available_credit"]) == (eur("4.95"), eur("0.04"))


def test_malformed_and_mistyped_bodies(fresh: Core) -> None:
    malformed = assert_problem(
        fresh.post("/v1/customers/101/orders", data=b'{"currency": "EUR",'), 422, "validation-error"
    )
    assert errors_of(malformed) == [("body", "invalid_type")]
    empty = assert_problem(
        fresh.post("/v1/customers/101/orders", data=b""), 422, "validation-error"
    )
    assert errors_of(empty) == [("body", "required")]
    mistyped = assert_problem(
        fresh.post(
            "/v1/customers/101/orders",
            {"currency": 978, "lines": [{"sku": "PEN-BLU-50", "quantity": "many"}]},
        ),
        422,
        "validation-error",
    )
    assert errors_of(mistyped) == [
        ("currency", "invalid_type"),
        ("lines[0].quantity", "invalid_type"),
    ]
    missing = assert_problem(
        fresh.post("/v1/customers/101/orders", {"lines": [{"sku": "PEN-BLU-50"}]}),
        422,
        "validation-error",
    )
    assert errors_of(missing) == [("currency", "required"), ("lines[0].quantity", "required")]
    unknown_field = assert_problem(
        fresh.post("/v1/customers/101/orders", order(PEN, note="typo")), 422, "validation-error"
    )
    assert errors_of(unknown_field) == [("note", "unsupported")]
    not_an_object = assert_problem(
        fresh.post("/v1/customers/101/orders", [PEN]), 422, "validation-error"
    )
    assert errors_of(not_an_object) == [("body", "invalid_type")]
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1250.40")


def test_an_overlong_idempotency_key(fresh: Core) -> None:
    problem = assert_problem(
        fresh.post("/v1/customers/101/orders", order(PEN), headers={"Idempotency-Key": "k" * 201}),
        422,
        "validation-error",
    )
    assert errors_of(problem) == [("Idempotency-Key", "out_of_range")]


def test_text_with_nul_is_refused(fresh: Core) -> None:
    for body, field in [
        (order({"sku": "PEN-BLU-50\x00", "quantity": 1}), "lines[0].sku"),
        (order(PEN, notes="a\x00b"), "notes"),
        (order(PEN, currency="EUR\x00"), "currency"),
    ]:
        problem = assert_problem(
            fresh.post("/v1/customers/101/orders", body), 422, "validation-error"
        )
        assert errors_of(problem) == [(field, "invalid_type")]
    cancel = assert_problem(
        fresh.post("/v1/orders/4712/cancel", {"reason": "\x00"}), 422, "validation-error"
    )
    assert errors_of(cancel) == [("reason", "invalid_type")]
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1250.40")
