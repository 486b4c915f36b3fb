"""Placing orders for release 2026-12: the client reference as the idempotency key shared by
every client, the requested delivery date and the scheduled status, the shipping address."""

from __future__ import annotations

import datetime
from typing import Any

from tests.rest_core._core import Core, assert_problem, errors_of, eur

PEN = {"sku": "PEN-BLU-50", "quantity": 2}  # 24.50


def order(*lines: dict[str, object], currency: str = "EUR", **extra: object) -> dict[str, object]:
    return {"currency": currency, "lines": list(lines or [PEN]), **extra}


def in_days(days: int) -> str:
    return (datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=days)).isoformat()


def ids(core: Core, customer: int) -> list[int]:
    return [o["id"] for o in core.get(f"/v1/customers/{customer}/orders").json()["items"]]


def test_a_client_reference_makes_a_repeat_return_the_first_order(fresh: Core) -> None:
    first = fresh.post("/v1/customers/107/orders", order(client_reference="PO-2026-0042"))
    assert first.status_code == 201, first.text
    assert first.json()["client_reference"] == "PO-2026-0042"
    again = fresh.post(
        "/v1/customers/107/orders",
        order({"sku": "LMP-LED-02", "quantity": 1}, client_reference="PO-2026-0042"),
    )
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Location"] == f"/v1/orders/{first.json()['id']}"
    # The header is the same key: a REST client sending it finds the order made with the body.
    header = fresh.post(
        "/v1/customers/107/orders", order(), headers={"Idempotency-Key": "PO-2026-0042"}
    )
    assert (header.status_code, header.json()) == (200, first.json())
    # ... and the other way round: a key first sent as the header is the order's reference.
    by_header = fresh.post("/v1/customers/107/orders", order(), headers={"Idempotency-Key": "H-1"})
    assert (by_header.status_code, by_header.json()["client_reference"]) == (201, "H-1")
    by_body = fresh.post("/v1/customers/107/orders", order(client_reference="H-1"))
    assert (by_body.status_code, by_body.json()) == (200, by_header.json())
    assert fresh.get("/v1/customers/107").json()["balance"] == eur("49.00")
    assert len(ids(fresh, 107)) == 2
    # Per customer: the same reference for another customer is another order.
    other = fresh.post("/v1/customers/102/orders", order(client_reference="PO-2026-0042"))
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_references_are_kept_exactly_and_differ_in_any_character(fresh: Core) -> None:
    references = [
        "rt-日本",
        "\u03a9",  # Ω GREEK CAPITAL LETTER OMEGA
        "\u2126",  # Ω OHM SIGN: looks the same, is another reference
        "a\r\nb",
        "a\nb",
        "a\rb",
        "a\tb",
        "a b",
        " a b ",
        "\u00e9",  # é precomposed
        "e\u0301",  # e + combining acute accent
        "PO-1",
        "po-1",
    ]
    placed: dict[str, Any] = {}
    for reference in references:
        response = fresh.post("/v1/customers/101/orders", order(client_reference=reference))
        assert response.status_code == 201, (reference, response.text)
        assert response.json()["client_reference"] == reference
        placed[reference] = response.json()
    assert len({o["id"] for o in placed.values()}) == len(references)
    for reference, first in placed.items():
        again = fresh.post("/v1/customers/101/orders", order(client_reference=reference))
        assert (again.status_code, again.json()) == (200, first), reference
        assert fresh.get(f"/v1/orders/{first['id']}").json()["client_reference"] == reference
    listed = fresh.get("/v1/customers/101/orders").json()["items"]
    assert [o["client_reference"] for o in listed][3:] == references


def test_a_repeat_checks_and_uses_nothing_else(fresh: Core) -> None:
    first = fresh.post("/v1/customers/104/orders", order(client_reference="once")).json()
    fresh.sql("UPDATE customers SET status = 'suspended' WHERE id = 104")
    for body in [
        order({"sku": "NOPE", "quantity": 0}, currency="USD", client_reference="once"),
        order(client_reference="once", requested_delivery_date=in_days(-3)),
        {"client_reference": "once", "currency": 978, "lines": "many", "typo": True},
        {"client_reference": "once"},
    ]:
        again = fresh.post("/v1/customers/104/orders", body)
        assert (again.status_code, again.json()) == (200, first), again.text
    # Not a repeat: the rules apply (here the customer's status).
    other = fresh.post("/v1/customers/104/orders", order(client_reference="twice"))
    assert_problem(other, 409, "customer-not-active")
    assert ids(fresh, 104) == [4714, first["id"]]


def test_an_unknown_customer_comes_first(fresh: Core) -> None:
    problem = assert_problem(
        fresh.post("/v1/customers/999/orders", order(client_reference="x" * 300)),
        404,
        "customer-not-found",
    )
    assert problem["customer_id"] == 999


def test_an_empty_reference_counts_as_none(fresh: Core) -> None:
    placed = [fresh.post("/v1/customers/107/orders", order(client_reference="")) for _ in "12"]
    assert [r.status_code for r in placed] == [201, 201]
    assert [r.json()["client_reference"] for r in placed] == [None, None]


def test_validation_in_order_with_the_new_fields(fresh: Core) -> None:
    body = order(
        {"sku": "NOPE-1", "quantity": 1000},
        currency="USD",
        client_reference="r" * 201,
        requested_delivery_date=in_days(0),
    )
    problem = assert_problem(fresh.post("/v1/customers/101/orders", body), 422, "validation-error")
    assert errors_of(problem) == [
        ("currency", "unsupported"),
        ("lines[0].sku", "unknown_sku"),
        ("lines[0].quantity", "out_of_range"),
        ("client_reference", "too_long"),
        ("requested_delivery_date", "not_in_future"),
    ]
    assert problem["errors"][-1]["message"] == "requested_delivery_date must be after today (UTC)."
    past = order(requested_delivery_date=in_days(-1))
    problem = assert_problem(fresh.post("/v1/customers/101/orders", past), 422, "validation-error")
    assert errors_of(problem) == [("requested_delivery_date", "not_in_future")]
    # 200 characters (not bytes) is the limit.
    longest = fresh.post("/v1/customers/101/orders", order(client_reference="日" * 200))
    assert (longest.status_code, longest.json()["client_reference"]) == (201, "日" * 200)
    # Validation comes before the customer's status.
    suspended = fresh.post("/v1/customers/103/orders", order(requested_delivery_date=in_days(0)))
    assert errors_of(assert_problem(suspended, 422, "validation-error")) == [
        ("requested_delivery_date", "not_in_future")
    ]
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1274.90")


def test_a_header_that_differs_from_the_body_is_a_conflict(fresh: Core) -> None:
    fresh.post("/v1/customers/107/orders", order(client_reference="A"))
    problem = assert_problem(
        fresh.post(
            "/v1/customers/107/orders",
            order(client_reference="A"),
            headers={"Idempotency-Key": "B"},
        ),
        422,
        "validation-error",
    )
    assert errors_of(problem) == [("client_reference", "conflict")]
    same = fresh.post(
        "/v1/customers/107/orders", order(client_reference="A"), headers={"Idempotency-Key": "A"}
    )
    assert same.status_code == 200
    assert len(ids(fresh, 107)) == 1


def test_characters_xml_cannot_carry_are_refused(fresh: Core) -> None:
    for reference in ["a\x00b", "a\x01b", "\x1f", "\ufffe"]:
        problem = assert_problem(
            fresh.post("/v1/customers/107/orders", order(client_reference=reference)),
            422,
            "validation-error",
        )
        assert errors_of(problem) == [("client_reference", "invalid_type")], reference
    assert ids(fresh, 107) == []


def test_a_delivery_31_days_or_more_ahead_makes_a_scheduled_order(fresh: Core) -> None:
    statuses = {}
    for days in (1, 30, 31, 400):
        response = fresh.post(
            "/v1/customers/101/orders", order(requested_delivery_date=in_days(days))
        )
        assert response.status_code == 201, response.text
        assert response.json()["requested_delivery_date"] == in_days(days)
        statuses[days] = response.json()["status"]
    assert statuses == {1: "confirmed", 30: "confirmed", 31: "scheduled", 400: "scheduled"}
    # Scheduled orders count toward the balance: 4 x 24.50 more.
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1348.40")


def test_a_scheduled_order_respects_the_credit_limit(fresh: Core) -> None:
    # C-000108: 20.00 available; a scheduled order of 24.50 does not fit either.
    far = order(requested_delivery_date=in_days(60))
    problem = assert_problem(
        fresh.post("/v1/customers/108/orders", far), 409, "credit-limit-exceeded"
    )
    assert problem["available_credit"] == eur("20.00")


def test_an_order_keeps_its_shipping_address(fresh: Core) -> None:
    address = {
        "street": "Hafenstraße 7\nHinterhaus",
        "city": "Köln",
        "postal_code": "50667",
        "country_code": "DE",
    }
    placed = fresh.post("/v1/customers/101/orders", order(shipping_address=address))
    assert placed.status_code == 201, placed.text
    assert placed.json()["shipping_address"] == address
    assert fresh.get(f"/v1/orders/{placed.json()['id']}").json()["shipping_address"] == address
    bad = {**address, "country_code": "DEU"}
    problem = assert_problem(
        fresh.post("/v1/customers/101/orders", order(shipping_address=bad)),
        422,
        "validation-error",
    )
    assert errors_of(problem) == [("shipping_address.country_code", "out_of_range")]
    missing = {k: v for k, v in address.items() if k != "city"}
    problem = assert_problem(
        fresh.post("/v1/customers/101/orders", order(shipping_address=missing)),
        422,
        "validation-error",
    )
    assert errors_of(problem) == [("shipping_address.city", "required")]
