"""The JSON documents the endpoints serialize themselves are exactly what their declared response
models would have made of them: same members, same order, same values, byte for byte."""

from __future__ import annotations

import uuid

import requests
from pydantic import BaseModel

from rest_core import schemas
from tests.rest_core._core import Core


def assert_is_model(response: requests.Response, model: type[BaseModel]) -> None:
    """The body validates against `model` and is what the model serializes it to."""
    assert response.headers["Content-Type"] == "application/json", response.headers
    assert model.model_validate_json(response.content).model_dump_json().encode() == (
        response.content
    )


def test_read_documents_are_their_models(fresh: Core) -> None:
    # A shipping address and a cancellation, so that every member of an order has a value.
    fresh.sql(
        "UPDATE orders SET shipping_street = 'Kade 1', shipping_city = 'Gent', "
        "shipping_postal_code = '9000', shipping_country_code = 'BE', notes = 'Ré: \"x\"\n', "
        "requested_delivery_date = '2011-04-01' WHERE id = 4716"
    )
    cases: list[tuple[str, type[BaseModel]]] = [
        ("/v1/orders/4716", schemas.Order),
        ("/v1/customers/101", schemas.Customer),  # billing address, no shipping address
        ("/v1/customers/104", schemas.Customer),  # no billing address
        ("/v1/customers?page=1&page_size=20", schemas.CustomerPage),
        ("/v1/customers?name_contains=acme&status=active", schemas.CustomerPage),
        ("/v1/customers/106/orders", schemas.OrderPage),
        ("/v1/customers/106/orders?page=1&page_size=1", schemas.OrderPage),
    ]
    for path, model in cases:
        response = fresh.get(path)
        assert response.status_code == 200, (path, response.text)
        assert_is_model(response, model)
    order = fresh.get("/v1/orders/4716").json()
    assert order["shipping_address"] == {
        "street": "Kade 1",
        "city": "Gent",
        "postal_code": "9000",
        "country_code": "BE",
    }
    assert order["notes"] == 'Ré: "x"\n' and order["requested_delivery_date"] == "2011-04-01"


def test_written_documents_are_their_models(fresh: Core) -> None:
    reference = f"doc-{uuid.uuid4()}"
    new = {
        "currency": "EUR",
        "lines": [{"sku": "PAP-A4-500", "quantity": 2}, {"sku": "CAB-USB-C2", "quantity": 1}],
        "client_reference": reference,
        "shipping_address": {
            "street": "Kade 1",
            "city": "Gent",
            "postal_code": "9000",
            "country_code": "BE",
        },
    }
    placed = fresh.post("/v1/customers/107/orders", new)
    assert placed.status_code == 201, placed.text
    assert_is_model(placed, schemas.Order)
    order_id = placed.json()["id"]
    assert placed.headers["Location"] == f"/v1/orders/{order_id}"
    repeated = fresh.post("/v1/customers/107/orders", new)
    assert repeated.status_code == 200 and repeated.content == placed.content
    assert repeated.headers["Location"] == f"/v1/orders/{order_id}"

    cancelled = fresh.post(f"/v1/orders/{order_id}/cancel", {"reason": "test"})
    assert cancelled.status_code == 200, cancelled.text
    assert_is_model(cancelled, schemas.Order)
    assert cancelled.json()["cancelled_at"].endswith("Z")

    updated = requests.patch(
        f"{fresh.url}/v1/customers/101",
        json={"phone": "+31104567890"},
        auth=("backoffice", "Winter2011!"),
        timeout=30,
    )
    assert updated.status_code == 200, updated.text
    assert_is_model(updated, schemas.Customer)
