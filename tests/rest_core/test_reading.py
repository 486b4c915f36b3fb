"""Reading through HTTP: customers, search, products, orders, a customer's orders, health."""

from __future__ import annotations

from typing import Any

from tests.rest_core._core import READER, Core, assert_problem, errors_of, eur

ACME = {
    "id": 101,
    "name": "Acme Industrial Supply",
    "email": "purchasing@acme.example",
    "phone": None,
    "status": "active",
    "credit_limit": eur("5000.00"),
    "balance": eur("1250.40"),
    "billing_address": {
        "street": "12 Foundry Lane",
        "city": "Rotterdam",
        "postal_code": "3011 AB",
        "country_code": "NL",
    },
    "shipping_address": None,
    "created_at": "2009-04-17T09:30:00Z",
}

ORDER_4711 = {
    "id": 4711,
    "customer_id": 101,
    "order_date": "2011-02-28",
    "status": "shipped",
    "currency": "EUR",
    "lines": [
        {
            "line_number": 1,
            "sku": "PAP-A4-500",
            "description": "Copier paper A4, 80 g/m², ream of 500",
            "quantity": 100,
            "unit_price": eur("4.95"),
            "line_total": eur("495.00"),
        },
        {
            "line_number": 2,
            "sku": "TON-HP-305A",
            "description": "Toner cartridge HP 305A black",
            "quantity": 10,
            "unit_price": eur("64.90"),
            "line_total": eur("649.00"),
        },
    ],
    "total": eur("1144.00"),
    "notes": "Deliver to loading dock 3",
    "created_at": "2011-02-28T00:00:00Z",
    "cancelled_at": None,
    "cancel_reason": None,
    "client_reference": None,
    "requested_delivery_date": None,
    "shipping_address": None,
}

ORDER_4715 = {
    "id": 4715,
    "customer_id": 106,
    "order_date": "2011-02-10",
    "status": "cancelled",
    "currency": "EUR",
    "lines": [
        {
            "line_number": 1,
            "sku": "DSK-STD-160",
            "description": None,
            "quantity": 3,
            "unit_price": eur("289.00"),
            "line_total": eur("867.00"),
        }
    ],
    "total": eur("867.00"),
    "notes": None,
    "created_at": "2011-02-10T00:00:00Z",
    "cancelled_at": "2011-02-11T08:30:00Z",
    "cancel_reason": "Duplicate order",
    "client_reference": None,
    "requested_delivery_date": None,
    "shipping_address": None,
}


def ids(response_json: dict[str, Any]) -> list[int]:
    return [item["id"] for item in response_json["items"]]


def test_health_needs_no_credentials(core: Core) -> None:
    response = core.get("/health", auth=None)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_customer_as_imported(core: Core) -> None:
    response = core.get("/v1/customers/101")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == ACME


def test_customers_without_address_or_email_have_null(core: Core) -> None:
    delta = core.get("/v1/customers/104").json()
    assert delta["billing_address"] is None
    assert delta["email"] == "ap@delta-office.example"
    assert (delta["credit_limit"], delta["balance"]) == (eur("800.00"), eur("640.00"))
    borealis = core.get("/v1/customers/102").json()
    assert borealis["email"] is None
    assert borealis["billing_address"]["city"] == "Milano"
    assert borealis["balance"] == eur("0.00")


def test_statuses_are_lower_case(core: Core) -> None:
    assert core.get("/v1/customers/103").json()["status"] == "suspended"
    elan = core.get("/v1/customers/105", auth=READER).json()
    assert (elan["name"], elan["status"]) == ("Élan Boulangerie SARL", "closed")


def test_unknown_customer(core: Core) -> None:
    problem = assert_problem(core.get("/v1/customers/999"), 404, "customer-not-found")
    assert problem["customer_id"] == 999
    assert problem["detail"] == "Customer 999 was not found."


def test_a_customer_id_that_is_not_a_number(core: Core) -> None:
    problem = assert_problem(core.get("/v1/customers/C-000101"), 422, "validation-error")
    assert errors_of(problem) == [("customer_id", "invalid_type")]


def test_search_by_name_pages_and_counts_every_match(core: Core) -> None:
    first = core.get("/v1/customers", name_contains="ACME", page=1, page_size=1).json()
    assert (ids(first), first["page"], first["page_size"], first["total"]) == ([101], 1, 1, 2)
    assert first["items"][0] == ACME
    second = core.get("/v1/customers", name_contains="acme", page=2, page_size=1).json()
    assert (ids(second), second["total"]) == ([107], 2)
    past = core.get("/v1/customers", name_contains="acme", page=3, page_size=1).json()
    assert past == {"items": [], "page": 3, "page_size": 1, "total": 2}


def test_search_defaults_to_every_customer_by_id(core: Core) -> None:
    everyone = core.get("/v1/customers").json()
    assert ids(everyone) == [101, 102, 103, 104, 105, 106, 107, 108]
    assert (everyone["page"], everyone["page_size"], everyone["total"]) == (1, 20, 8)


def test_search_ignores_case_beyond_ascii(core: Core) -> None:
    for query in ("élan", "ÉLAN", "Élan Boulangerie", "BOULANGERIE"):
        assert ids(core.get("/v1/customers", name_contains=query).json()) == [105], query


def test_search_takes_wildcards_literally(core: Core) -> None:
    assert ids(core.get("/v1/customers", name_contains="&").json()) == [103]
    assert core.get("/v1/customers", name_contains="%").json()["total"] == 0
    assert core.get("/v1/customers", name_contains="_").json()["total"] == 0


def test_search_by_status_and_name_together(core: Core) -> None:
    active = core.get("/v1/customers", status="active", page=2, page_size=4).json()
    assert (ids(active), active["total"]) == ([107, 108], 6)
    assert ids(core.get("/v1/customers", status="suspended", name_contains="co").json()) == [103]
    assert core.get("/v1/customers", status="closed", name_contains="acme").json()["total"] == 0


def test_search_with_bad_paging_reports_both_parameters(core: Core) -> None:
    problem = assert_problem(
        core.get("/v1/customers", page=0, page_size=101), 422, "validation-error"
    )
    assert problem["errors"] == [
        {"field": "page", "code": "out_of_range", "message": "page must be 1 or more."},
        {
            "field": "page_size",
            "code": "out_of_range",
            "message": "page_size must be between 1 and 100.",
        },
    ]
    only_size = assert_problem(core.get("/v1/customers", page_size=0), 422, "validation-error")
    assert errors_of(only_size) == [("page_size", "out_of_range")]
    only_page = assert_problem(core.get("/v1/customers", page=-1), 422, "validation-error")
    assert errors_of(only_page) == [("page", "out_of_range")]
    assert core.get("/v1/customers", page_size=100).status_code == 200


def test_search_with_bad_types(core: Core) -> None:
    problem = assert_problem(
        core.get("/v1/customers", status="dormant", page="two"), 422, "validation-error"
    )
    assert errors_of(problem) == [("status", "unsupported"), ("page", "invalid_type")]


def test_the_catalogue_ordered_by_sku(core: Core) -> None:
    items = core.get("/v1/products", auth=READER).json()["items"]
    skus = [p["sku"] for p in items]
    assert skus == sorted(skus) and len(skus) == 10
    assert items[0] == {
        "sku": "CAB-USB-C2",
        "description": "USB-C cable, 2 m",
        "unit_price": eur("8.49"),
        "active": True,
    }


def test_one_product(core: Core) -> None:
    assert core.get("/v1/products/FAX-ROLL-30").json() == {
        "sku": "FAX-ROLL-30",
        "description": "Thermal fax paper roll (discontinued)",
        "unit_price": eur("3.10"),
        "active": False,
    }
    assert core.get("/v1/products/DSK-STD-160").json()["description"] is None
    problem = assert_problem(core.get("/v1/products/NOPE-1"), 404, "product-not-found")
    assert problem["sku"] == "NOPE-1"


def test_an_order_with_lines_and_totals(core: Core) -> None:
    assert core.get("/v1/orders/4711").json() == ORDER_4711


def test_a_cancelled_order(core: Core) -> None:
    assert core.get("/v1/orders/4715", auth=READER).json() == ORDER_4715


def test_notes_keep_markup_and_quotes(core: Core) -> None:
    order = core.get("/v1/orders/4717").json()
    assert order["notes"] == 'Urgent: "rush" <priority> & fragile'
    assert (order["status"], order["total"]) == ("new", eur("4.95"))


def test_unknown_order(core: Core) -> None:
    problem = assert_problem(core.get("/v1/orders/1"), 404, "order-not-found")
    assert (problem["order_id"], problem["detail"]) == (1, "Order 1 was not found.")


def test_a_customers_orders_by_id(core: Core) -> None:
    listed = core.get("/v1/customers/101/orders").json()
    assert ids(listed) == [4711, 4712, 4717]
    assert listed["items"][0] == ORDER_4711
    assert core.get("/v1/customers/102/orders").json() == {
        "items": [],
        "page": 1,
        "page_size": None,
        "total": 0,
    }


def test_a_date_range_includes_both_bounds(core: Core) -> None:
    range_: dict[str, Any] = {"from_date": "2011-02-28", "to_date": "2011-03-02"}
    assert ids(core.get("/v1/customers/101/orders", **range_).json()) == [4711, 4712]
    one_day: dict[str, Any] = {"from_date": "2011-03-05", "to_date": "2011-03-05"}
    assert ids(core.get("/v1/customers/101/orders", **one_day).json()) == [4717]
    assert ids(core.get("/v1/customers/101/orders", from_date="2011-03-01").json()) == [
        4712,
        4717,
    ]
    assert ids(core.get("/v1/customers/101/orders", to_date="2011-03-01").json()) == [4711]


def test_orders_by_status(core: Core) -> None:
    assert ids(core.get("/v1/customers/101/orders", status="shipped").json()) == [4711]
    assert ids(core.get("/v1/customers/106/orders", status="cancelled").json()) == [4715]
    both: dict[str, Any] = {
        "status": "confirmed",
        "from_date": "2011-03-01",
        "to_date": "2011-03-31",
    }
    assert ids(core.get("/v1/customers/101/orders", **both).json()) == [4712]


def test_a_range_that_ends_before_it_starts(core: Core) -> None:
    problem = assert_problem(
        core.get("/v1/customers/101/orders", from_date="2011-04-01", to_date="2011-03-01"),
        422,
        "validation-error",
    )
    assert problem["errors"] == [
        {
            "field": "from_date",
            "code": "invalid_range",
            "message": "from_date must not be after to_date.",
        }
    ]


def test_orders_of_an_unknown_customer_and_bad_dates(core: Core) -> None:
    problem = assert_problem(core.get("/v1/customers/999/orders"), 404, "customer-not-found")
    assert problem["customer_id"] == 999
    invalid = assert_problem(
        core.get("/v1/customers/101/orders", from_date="2011-02-30"), 422, "validation-error"
    )
    assert errors_of(invalid) == [("from_date", "invalid_type")]


def test_an_unknown_path(core: Core) -> None:
    assert_problem(core.get("/v1/nowhere"), 404, "not-found")
    assert_problem(core.get("/v2/customers/101", auth=None), 404, "not-found")


def test_odd_input_is_answered_never_a_server_error(core: Core) -> None:
    huge = "100000000000000000000"
    cases: list[tuple[str, dict[str, Any], int]] = [
        (f"/v1/customers/{huge}", {}, 422),
        ("/v1/customers/3000000000", {}, 422),
        ("/v1/customers/2147483647", {}, 404),
        ("/v1/customers/-1", {}, 404),
        ("/v1/orders/3000000000", {}, 422),
        ("/v1/customers/3000000000/orders", {}, 422),
        ("/v1/products/%00", {}, 422),
        ("/v1/customers", {"name_contains": "\x00"}, 422),
        ("/v1/customers", {"page": huge}, 200),
        ("/v1/customers", {"page": "10000000000"}, 200),
        ("/v1/customers/101/orders", {"from_date": "0001-01-01", "to_date": "9999-12-31"}, 200),
    ]
    for path, params, status in cases:
        response = core.get(path, **params)
        assert response.status_code == status, (path, params, response.text)
        if status == 422:
            assert_problem(response, 422, "validation-error")
    far = core.get("/v1/customers", page=huge).json()
    assert (far["items"], far["total"]) == ([], 8)
    too_big = assert_problem(core.get("/v1/orders/3000000000"), 422, "validation-error")
    assert errors_of(too_big) == [("order_id", "out_of_range")]
