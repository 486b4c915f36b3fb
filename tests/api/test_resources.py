"""The REST core through HTTP: resources, rules and problem documents, as a REST client sees them."""

from __future__ import annotations

import datetime

import requests

from tests.system import OPERATOR, READER, System

PROBLEM = "https://problems.orders.example.com/"


def get(
    system: System, path: str, auth: tuple[str, str] = OPERATOR, **params: object
) -> requests.Response:
    return requests.get(system.rest_url + path, auth=auth, params=params, timeout=10)


def post(
    system: System, path: str, body: object, auth: tuple[str, str] = OPERATOR, **headers: str
) -> requests.Response:
    return requests.post(system.rest_url + path, json=body, auth=auth, headers=headers, timeout=10)


def eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


def assert_problem(response: requests.Response, status: int, name: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    document = response.json()
    assert document["type"] == PROBLEM + name
    assert document["status"] == status
    assert document["title"] and document["detail"]
    return document


def test_customer(system: System) -> None:
    system.reset()
    assert get(system, "/v1/customers/101").json() == {
        "id": 101,
        "name": "Acme Industrial Supply",
        "email": "purchasing@acme.example",
        "status": "active",
        "credit_limit": eur("5000.00"),
        "balance": eur("1250.40"),
        "billing_address": {
            "street": "12 Foundry Lane",
            "city": "Rotterdam",
            "postal_code": "3011 AB",
            "country_code": "NL",
        },
        "created_at": "2009-04-17T09:30:00Z",
    }
    assert get(system, "/v1/customers/104").json()["billing_address"] is None
    assert get(system, "/v1/customers/102").json()["email"] is None
    assert get(system, "/v1/customers/105", auth=READER).json()["name"] == "Élan Boulangerie SARL"
    assert (
        assert_problem(get(system, "/v1/customers/999"), 404, "customer-not-found")["customer_id"]
        == 999
    )


def test_search_customers(system: System) -> None:
    page = get(system, "/v1/customers", name_contains="ACME", page=1, page_size=1).json()
    assert [c["id"] for c in page["items"]] == [101]
    assert (page["page"], page["page_size"], page["total"]) == (1, 1, 2)
    assert [
        c["id"] for c in get(system, "/v1/customers", name_contains="élan").json()["items"]
    ] == [105]
    assert [
        c["id"] for c in get(system, "/v1/customers", name_contains="ÉLAN").json()["items"]
    ] == [105]
    assert [c["id"] for c in get(system, "/v1/customers", name_contains="&").json()["items"]] == [
        103
    ]
    assert [c["id"] for c in get(system, "/v1/customers", name_contains="%").json()["items"]] == []
    active = get(system, "/v1/customers", status="active", page=2, page_size=4).json()
    assert [c["id"] for c in active["items"]] == [107, 108] and active["total"] == 6
    past = get(system, "/v1/customers", status="active", page=3, page_size=5).json()
    assert past["items"] == [] and past["total"] == 6
    bad = assert_problem(
        get(system, "/v1/customers", page=0, page_size=101), 422, "validation-error"
    )
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [
        ("page", "out_of_range"),
        ("page_size", "out_of_range"),
    ]
    assert_problem(get(system, "/v1/customers", status="dormant"), 422, "validation-error")
    assert_problem(get(system, "/v1/customers", page="two"), 422, "validation-error")


def test_products(system: System) -> None:
    items = get(system, "/v1/products").json()["items"]
    assert len(items) == 10
    fax = get(system, "/v1/products/FAX-ROLL-30").json()
    assert fax == {
        "sku": "FAX-ROLL-30",
        "description": "Thermal fax paper roll (discontinued)",
        "unit_price": eur("3.10"),
        "active": False,
    }
    assert get(system, "/v1/products/DSK-STD-160").json()["description"] is None
    assert_problem(get(system, "/v1/products/NOPE"), 404, "product-not-found")


def test_orders(system: System) -> None:
    system.reset()
    order = get(system, "/v1/orders/4711").json()
    assert (
        order["customer_id"] == 101
        and order["status"] == "shipped"
        and order["order_date"] == "2011-02-28"
    )
    assert order["lines"][1] == {
        "line_number": 2,
        "sku": "TON-HP-305A",
        "description": "Toner cartridge HP 305A black",
        "quantity": 10,
        "unit_price": eur("64.90"),
        "line_total": eur("649.00"),
    }
    assert order["total"] == eur("1144.00")
    cancelled = get(system, "/v1/orders/4715").json()
    assert (cancelled["cancelled_at"], cancelled["cancel_reason"], cancelled["notes"]) == (
        "2011-02-11T08:30:00Z",
        "Duplicate order",
        None,
    )
    assert_problem(get(system, "/v1/orders/1"), 404, "order-not-found")
    march = get(
        system, "/v1/customers/101/orders", from_date="2011-03-02", to_date="2011-03-05"
    ).json()
    assert [o["id"] for o in march["items"]] == [4712, 4717]
    assert [
        o["id"] for o in get(system, "/v1/customers/101/orders", status="new").json()["items"]
    ] == [4717]
    assert get(system, "/v1/customers/102/orders").json()["items"] == []
    wrong = assert_problem(
        get(system, "/v1/customers/101/orders", from_date="2011-04-01", to_date="2011-03-01"),
        422,
        "validation-error",
    )
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("from_date", "invalid_range")]
    assert_problem(get(system, "/v1/customers/999/orders"), 404, "customer-not-found")
    assert_problem(
        get(system, "/v1/customers/101/orders", from_date="2011-02-30"), 422, "validation-error"
    )


def test_place_order(system: System) -> None:
    system.reset()
    body = {
        "currency": "EUR",
        "lines": [{"sku": "PAP-A4-500", "quantity": 10}, {"sku": "LMP-LED-02", "quantity": 2}],
        "notes": "Leave at reception",
    }
    created = post(system, "/v1/customers/101/orders", body)
    assert created.status_code == 201
    order = created.json()
    assert created.headers["Location"] == f"/v1/orders/{order['id']}"
    assert order["id"] == 4719
    assert order["status"] == "confirmed" and order["total"] == eur("129.48")
    assert order["order_date"] == datetime.datetime.now(datetime.UTC).date().isoformat()
    assert [
        (line["line_number"], line["description"], line["unit_price"]["amount"])
        for line in order["lines"]
    ] == [
        (1, "Copier paper A4, 80 g/m², ream of 500", "4.95"),
        (2, "LED desk lamp", "39.99"),
    ]
    assert get(system, "/v1/customers/101").json()["balance"] == eur("1379.88")
    assert get(system, "/v1/orders/4719").json() == order
    second = post(
        system,
        "/v1/customers/107/orders",
        {"currency": "EUR", "lines": [{"sku": "DSK-STD-160", "quantity": 1}]},
    )
    assert second.json()["id"] == 4720 and second.json()["lines"][0]["description"] is None


def test_idempotency_key(system: System) -> None:
    system.reset()
    body = {"currency": "EUR", "lines": [{"sku": "PEN-BLU-50", "quantity": 1}]}
    first = post(system, "/v1/customers/107/orders", body, **{"Idempotency-Key": "abc"})
    again = post(
        system,
        "/v1/customers/107/orders",
        {**body, "notes": "changed"},
        **{"Idempotency-Key": "abc"},
    )
    other_customer = post(system, "/v1/customers/102/orders", body, **{"Idempotency-Key": "abc"})
    assert (first.status_code, again.status_code, other_customer.status_code) == (201, 200, 201)
    assert again.json() == first.json()
    assert other_customer.json()["id"] != first.json()["id"]
    assert get(system, "/v1/customers/107").json()["balance"] == eur("12.25")


def test_order_rules_in_order(system: System) -> None:
    system.reset()
    bad = {
        "currency": "USD",
        "lines": [
            {"sku": "PAP-A4-500", "quantity": 5},
            {"sku": "NOPE-000", "quantity": 1},
            {"sku": "FAX-ROLL-30", "quantity": 1},
            {"sku": "PEN-BLU-50", "quantity": 0},
            {"sku": "PEN-BLU-50", "quantity": 1000},
            {"sku": "PEN-BLU-50", "quantity": -3},
        ],
    }
    # Unknown customer wins over everything else.
    assert_problem(post(system, "/v1/customers/999/orders", bad), 404, "customer-not-found")
    problem = assert_problem(post(system, "/v1/customers/103/orders", bad), 422, "validation-error")
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("currency", "unsupported"),
        ("lines[1].sku", "unknown_sku"),
        ("lines[2].sku", "unknown_sku"),
        ("lines[3].quantity", "out_of_range"),
        ("lines[4].quantity", "out_of_range"),
        ("lines[5].quantity", "out_of_range"),
    ]
    assert problem["errors"][1]["message"] == "Unknown SKU NOPE-000."
    good = {"currency": "EUR", "lines": [{"sku": "PEN-BLU-50", "quantity": 2}]}
    suspended = assert_problem(
        post(system, "/v1/customers/103/orders", good), 409, "customer-not-active"
    )
    assert (suspended["customer_id"], suspended["customer_status"]) == (103, "suspended")
    credit = assert_problem(
        post(system, "/v1/customers/108/orders", good), 409, "credit-limit-exceeded"
    )
    assert (credit["order_total"], credit["available_credit"]) == (eur("24.50"), eur("20.00"))
    assert get(system, "/v1/customers/108").json()["balance"] == eur("2480.00")
    assert_problem(
        post(system, "/v1/customers/101/orders", {"currency": "EUR", "lines": []}),
        422,
        "validation-error",
    )


def test_malformed_bodies(system: System) -> None:
    response = requests.post(
        system.rest_url + "/v1/customers/101/orders",
        data=b"{not json",
        auth=OPERATOR,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert_problem(response, 422, "validation-error")
    wrong_type = assert_problem(
        post(
            system,
            "/v1/customers/101/orders",
            {"currency": "EUR", "lines": [{"sku": "X", "quantity": "many"}]},
        ),
        422,
        "validation-error",
    )
    assert wrong_type["errors"][0]["field"] == "lines[0].quantity"
    assert_problem(post(system, "/v1/customers/101/orders", {"lines": []}), 422, "validation-error")
    assert_problem(get(system, "/v1/nowhere"), 404, "not-found")


def test_cancel(system: System) -> None:
    system.reset()
    cancelled = post(system, "/v1/orders/4714/cancel", {"reason": "Customer request"})
    assert cancelled.status_code == 200
    order = cancelled.json()
    assert order["status"] == "cancelled" and order["cancel_reason"] == "Customer request"
    assert order["cancelled_at"].endswith("Z")
    assert get(system, "/v1/customers/104").json()["balance"] == eur("0.16")
    assert (
        assert_problem(
            post(system, "/v1/orders/4714/cancel", {"reason": "x"}), 409, "order-already-cancelled"
        )["order_id"]
        == 4714
    )
    assert_problem(
        post(system, "/v1/orders/4711/cancel", {"reason": "x"}), 409, "order-already-shipped"
    )
    assert_problem(post(system, "/v1/orders/1/cancel", {"reason": "x"}), 404, "order-not-found")
    assert_problem(post(system, "/v1/orders/4712/cancel", {}), 422, "validation-error")


def test_roles_and_authentication(system: System) -> None:
    system.reset()
    forbidden = assert_problem(
        post(system, "/v1/customers/999/orders", {"currency": "EUR", "lines": []}, auth=READER),
        403,
        "forbidden",
    )
    assert forbidden["operation"] == "create_order"
    assert_problem(
        post(system, "/v1/orders/4712/cancel", {"reason": "x"}, auth=READER), 403, "forbidden"
    )
    assert get(system, "/v1/orders/4712").json()["status"] == "confirmed"
    for auth in (("backoffice", "wrong"), ("retired-batch", "old-batch-pw"), ("nobody", "x")):
        assert_problem(get(system, "/v1/customers/101", auth=auth), 401, "unauthorized")
    anonymous = requests.get(system.rest_url + "/v1/customers/101", timeout=10)
    assert_problem(anonymous, 401, "unauthorized")
    assert "Basic" in anonymous.headers["WWW-Authenticate"]
    assert requests.get(system.rest_url + "/health", timeout=10).json() == {"status": "ok"}


def test_openapi_describes_every_endpoint(system: System) -> None:
    document = requests.get(system.rest_url + "/openapi.json", timeout=10).json()
    assert {
        "/v1/customers",
        "/v1/customers/{customer_id}",
        "/v1/products",
        "/v1/products/{sku}",
        "/v1/customers/{customer_id}/orders",
        "/v1/orders/{order_id}",
        "/v1/orders/{order_id}/cancel",
        "/health",
    } <= set(document["paths"])
    place = document["paths"]["/v1/customers/{customer_id}/orders"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(place["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in place["parameters"])
    assert requests.get(system.rest_url + "/docs", timeout=10).status_code == 200


def test_correlation_id_is_echoed(system: System) -> None:
    response = requests.get(
        system.rest_url + "/v1/customers/101",
        auth=OPERATOR,
        headers={"X-Correlation-ID": "abc-123"},
        timeout=10,
    )
    assert response.headers["X-Correlation-ID"] == "abc-123"
