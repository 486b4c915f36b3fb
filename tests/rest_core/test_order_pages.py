"""A customer's orders: repeatable status filter, optional pages with the total of matches."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.rest_core._core import READER, Core, assert_problem, errors_of

PEN = {"sku": "PEN-BLU-50", "quantity": 1}


def ids(listing: dict[str, Any]) -> list[int]:
    return [item["id"] for item in listing["items"]]


@pytest.fixture
def scheduled(fresh: Core) -> Core:
    """C-000101 with two more orders: 4719 confirmed, 4720 scheduled (delivery in 45 days)."""
    later = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=45)
    for extra in ({}, {"requested_delivery_date": later.isoformat()}):
        placed = fresh.post(
            "/v1/customers/101/orders", {"currency": "EUR", "lines": [PEN], **extra}
        )
        assert placed.status_code == 201, placed.text
    return fresh


def test_status_may_be_repeated(scheduled: Core) -> None:
    listing = scheduled.get("/v1/customers/101/orders", status=["confirmed", "scheduled"]).json()
    assert ids(listing) == [4712, 4719, 4720]
    assert listing["total"] == 3
    assert ids(scheduled.get("/v1/customers/101/orders", status="confirmed").json()) == [4712, 4719]
    only = scheduled.get("/v1/customers/101/orders", status="scheduled", auth=READER).json()
    assert (ids(only), only["items"][0]["status"]) == ([4720], "scheduled")
    every = scheduled.get("/v1/customers/101/orders", status=["new", "shipped", "scheduled"])
    assert ids(every.json()) == [4711, 4717, 4720]


def test_without_paging_every_match_with_the_total(scheduled: Core) -> None:
    listing = scheduled.get("/v1/customers/101/orders").json()
    assert ids(listing) == [4711, 4712, 4717, 4719, 4720]
    assert (listing["page"], listing["page_size"], listing["total"]) == (1, None, 5)


def test_pages_hold_the_matches_in_id_order_and_total_counts_them_all(scheduled: Core) -> None:
    pages = [
        scheduled.get("/v1/customers/101/orders", page=page, page_size=2).json()
        for page in (1, 2, 3, 4)
    ]
    assert [ids(p) for p in pages] == [[4711, 4712], [4717, 4719], [4720], []]
    assert [(p["page"], p["page_size"], p["total"]) for p in pages] == [
        (n, 2, 5) for n in (1, 2, 3, 4)
    ]
    filtered = scheduled.get(
        "/v1/customers/101/orders",
        status=["confirmed", "scheduled"],
        from_date="2011-03-03",
        page=2,
        page_size=1,
    ).json()
    assert (ids(filtered), filtered["total"]) == ([4720], 2)  # not 4712, of 2011-03-02
    # Only one of the two: page 1, or 20 a page.
    assert scheduled.get("/v1/customers/101/orders", page_size=3).json()["page"] == 1
    only_page = scheduled.get("/v1/customers/101/orders", page=1).json()
    assert (only_page["page_size"], len(only_page["items"])) == (20, 5)
    far = scheduled.get("/v1/customers/101/orders", page=2**40, page_size=100).json()
    assert (far["items"], far["total"]) == ([], 5)


def test_bad_range_and_paging_are_one_problem_in_order(core: Core) -> None:
    problem = assert_problem(
        core.get(
            "/v1/customers/101/orders",
            from_date="2011-04-01",
            to_date="2011-03-01",
            page=0,
            page_size=101,
        ),
        422,
        "validation-error",
    )
    assert errors_of(problem) == [
        ("from_date", "invalid_range"),
        ("page", "out_of_range"),
        ("page_size", "out_of_range"),
    ]
    assert errors_of(
        assert_problem(core.get("/v1/customers/101/orders", page_size=0), 422, "validation-error")
    ) == [("page_size", "out_of_range")]
    # The customer comes first.
    unknown = core.get("/v1/customers/999/orders", page=0, page_size=101)
    assert assert_problem(unknown, 404, "customer-not-found")["customer_id"] == 999


def test_an_unknown_status_is_refused(core: Core) -> None:
    problem = assert_problem(
        core.get("/v1/customers/101/orders", status=["confirmed", "Scheduled"]),
        422,
        "validation-error",
    )
    assert errors_of(problem) == [("status[1]", "unsupported")]
