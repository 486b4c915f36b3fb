"""Updating a customer's contact and an order's shipping address; cancelling a scheduled order."""

from __future__ import annotations

import datetime
from typing import Any

import requests

from tests.rest_core._core import OPERATOR, READER, Core, assert_problem, errors_of, eur

ADDRESS = {
    "street": "Industrieweg 5",
    "city": "Zwolle",
    "postal_code": "8011 AB",
    "country_code": "NL",
}


def patch(core: Core, path: str, body: Any, auth: tuple[str, str] = OPERATOR) -> requests.Response:
    return requests.patch(core.url + path, json=body, auth=auth, timeout=30)


def put(core: Core, path: str, body: Any, auth: tuple[str, str] = OPERATOR) -> requests.Response:
    return requests.put(core.url + path, json=body, auth=auth, timeout=30)


def test_a_contact_update_replaces_what_is_given(fresh: Core) -> None:
    before = fresh.get("/v1/customers/101").json()
    phone = patch(fresh, "/v1/customers/101", {"phone": "+31104567890"})
    assert phone.status_code == 200, phone.text
    assert phone.json() == {**before, "phone": "+31104567890"}
    email = patch(fresh, "/v1/customers/101", {"email": "new@acme.example"})
    assert email.json() == {**before, "phone": "+31104567890", "email": "new@acme.example"}
    both = patch(fresh, "/v1/customers/101", {"email": "x@y", "phone": "+1234567"})
    assert (both.json()["email"], both.json()["phone"]) == ("x@y", "+1234567")
    shipping = patch(fresh, "/v1/customers/101", {"shipping_address": ADDRESS})
    assert shipping.json()["shipping_address"] == ADDRESS
    assert shipping.json()["billing_address"] == before["billing_address"]
    assert fresh.get("/v1/customers/101", auth=READER).json() == shipping.json()
    assert shipping.json()["balance"] == before["balance"]


def test_contact_rules_in_order(fresh: Core) -> None:
    unknown = patch(fresh, "/v1/customers/999", {})
    assert assert_problem(unknown, 404, "customer-not-found")["customer_id"] == 999
    cases: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
        ({}, [("email", "required")]),
        ({"email": "no-at-sign"}, [("email", "invalid")]),
        ({"email": ""}, [("email", "invalid")]),
        ({"email": None}, [("email", "invalid")]),
        ({"email": "a@" + "b" * 319}, [("email", "too_long")]),
        ({"phone": "0104567890"}, [("phone", "invalid")]),
        ({"phone": "+123456"}, [("phone", "invalid")]),  # 6 digits
        ({"phone": "+1234567890123456"}, [("phone", "invalid")]),  # 16 digits
        ({"phone": "+3110456789\n"}, [("phone", "invalid")]),
        ({"phone": "+٣١٠٤٥٦٧٨٩٠"}, [("phone", "invalid")]),  # Arabic-Indic digits
        ({"phone": None}, [("phone", "invalid")]),
        ({"email": "bad", "phone": "bad"}, [("email", "invalid"), ("phone", "invalid")]),
        ({"shipping_address": None}, [("shipping_address", "invalid")]),
        ({"fax": "+3110"}, [("fax", "unsupported")]),
        (
            {"shipping_address": {**ADDRESS, "country_code": "NLD"}},
            [("shipping_address.country_code", "out_of_range")],
        ),
    ]
    for body, errors in cases:
        problem = assert_problem(patch(fresh, "/v1/customers/101", body), 422, "validation-error")
        assert errors_of(problem) == errors, body
    assert fresh.get("/v1/customers/101").json()["email"] == "purchasing@acme.example"
    assert fresh.get("/v1/customers/101").json()["phone"] is None


def test_only_operators_update(fresh: Core) -> None:
    problem = assert_problem(
        patch(fresh, "/v1/customers/101", {"phone": "+31104567890"}, auth=READER), 403, "forbidden"
    )
    assert problem["operation"] == "update_customer_contact"
    problem = assert_problem(
        put(fresh, "/v1/orders/4712/shipping-address", ADDRESS, auth=READER), 403, "forbidden"
    )
    assert problem["operation"] == "update_shipping_address"
    assert fresh.get("/v1/customers/101").json()["phone"] is None
    assert fresh.get("/v1/orders/4712").json()["shipping_address"] is None


def test_setting_an_orders_shipping_address(fresh: Core) -> None:
    before = fresh.get("/v1/orders/4712").json()
    response = put(fresh, "/v1/orders/4712/shipping-address", ADDRESS)
    assert response.status_code == 200, response.text
    assert response.json() == {**before, "shipping_address": ADDRESS}
    other = {**ADDRESS, "street": "Kade 1\r\nUnit 3 — 日本"}
    replaced = put(fresh, "/v1/orders/4712/shipping-address", other)
    assert replaced.json()["shipping_address"] == other
    assert fresh.get("/v1/orders/4712").json() == replaced.json()
    assert fresh.get("/v1/customers/101").json()["balance"] == eur("1250.40")


def test_shipping_address_rules_in_order(fresh: Core) -> None:
    unknown = put(fresh, "/v1/orders/1/shipping-address", {"street": 1})
    assert assert_problem(unknown, 404, "order-not-found")["order_id"] == 1
    shipped = assert_problem(
        put(fresh, "/v1/orders/4711/shipping-address", ADDRESS), 409, "order-already-shipped"
    )
    assert (shipped["order_id"], shipped["detail"]) == (
        4711,
        "Order 4711 has shipped and its address cannot change.",
    )
    cancelled = assert_problem(
        put(fresh, "/v1/orders/4715/shipping-address", ADDRESS), 409, "order-already-cancelled"
    )
    assert (cancelled["order_id"], cancelled["detail"]) == (4715, "Order 4715 is cancelled.")
    invalid = assert_problem(
        put(fresh, "/v1/orders/4712/shipping-address", {**ADDRESS, "city": None}),
        422,
        "validation-error",
    )
    assert errors_of(invalid) == [("city", "invalid_type")]
    assert fresh.get("/v1/orders/4711").json()["shipping_address"] is None


def test_a_scheduled_order_keeps_its_status_and_cancels_like_a_confirmed_one(fresh: Core) -> None:
    later = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=90)
    placed = fresh.post(
        "/v1/customers/107/orders",
        {
            "currency": "EUR",
            "lines": [{"sku": "LMP-LED-02", "quantity": 2}],
            "requested_delivery_date": later.isoformat(),
        },
    ).json()
    assert (placed["status"], placed["total"]) == ("scheduled", eur("79.98"))
    assert fresh.get("/v1/customers/107").json()["balance"] == eur("79.98")
    addressed = put(fresh, f"/v1/orders/{placed['id']}/shipping-address", ADDRESS).json()
    assert addressed["status"] == "scheduled"
    cancelled = fresh.post(f"/v1/orders/{placed['id']}/cancel", {"reason": "Plans changed"})
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "Plans changed",
    )
    assert fresh.get("/v1/customers/107").json()["balance"] == eur("0.00")
    again = fresh.post(f"/v1/orders/{placed['id']}/cancel", {"reason": "again"})
    assert_problem(again, 409, "order-already-cancelled")
