"""Writes routed `legacy`: the REST core follows each one the legacy service confirmed."""

from __future__ import annotations

import re

import requests

from tests import soap_requests
from tests.strangler.conftest import Strangled
from tests.system import OPERATOR

CREATE = (
    "<tns:CreateOrder><tns:CustomerId>C-000101</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
    "<tns:Lines><t:NewOrderLine><t:Sku>PAP-A4-500</t:Sku><t:Quantity>3</t:Quantity>"
    "</t:NewOrderLine></tns:Lines><tns:Notes>mirror me</tns:Notes></tns:CreateOrder>"
)


def _order_id(answer: bytes) -> int:
    found = re.search(rb"<t:OrderId>SO-(\d+)</t:OrderId>", answer)
    assert found is not None, answer
    return int(found.group(1))


def test_an_order_the_legacy_confirmed_is_in_the_rest_core_as_the_legacy_made_it(
    strangled: Strangled,
) -> None:
    strangled.route(CreateOrder="legacy", CancelOrder="legacy")
    strangled.reset()
    mirrored = strangled.metric(
        "soap_mirrored_writes_total", operation="CreateOrder", outcome="mirrored"
    )
    for version in ("1.1", "1.2"):
        request = soap_requests.envelope(
            CREATE, version=version, headers=soap_requests.digest_token(*OPERATOR)
        )
        answer = soap_requests.post(strangled.soap_url, request, version=version)
        assert answer.status_code == 200, answer.text
        order_id = _order_id(answer.content)
        created_at = re.search(rb"<t:CreatedAt>([^<]+)</t:CreatedAt>", answer.content)
        assert created_at is not None
        order = requests.get(
            f"{strangled.core.base_url}/v1/orders/{order_id}", auth=OPERATOR, timeout=30
        ).json()
        assert order["created_at"] == created_at.group(1).decode()
        assert order["total"]["amount"] == "14.85"
        assert (order["customer_id"], order["status"], order["notes"]) == (
            101,
            "confirmed",
            "mirror me",
        )
    assert (
        strangled.metric("soap_mirrored_writes_total", operation="CreateOrder", outcome="mirrored")
        == mirrored + 2
    )


def test_a_write_that_cannot_be_mirrored_is_counted_and_the_client_never_knows(
    strangled: Strangled,
) -> None:
    strangled.route(CreateOrder="legacy")
    strangled.reset()
    # The REST core alone places an order first: it takes the id the legacy will give its next.
    taken = requests.post(
        f"{strangled.core.base_url}/v1/customers/102/orders",
        json={"currency": "EUR", "lines": [{"sku": "CHR-ERGO-01", "quantity": 1}]},
        auth=OPERATOR,
        timeout=30,
    )
    assert taken.status_code == 201, taken.text
    failed = strangled.metric(
        "soap_mirrored_writes_total", operation="CreateOrder", outcome="failed"
    )
    request = soap_requests.envelope(CREATE, headers=soap_requests.text_token(*OPERATOR))
    direct_shape = soap_requests.post(strangled.soap_url, request)
    assert direct_shape.status_code == 200
    assert _order_id(direct_shape.content) == taken.json()["id"]  # the same id in two systems
    assert b"<t:Status>Confirmed</t:Status>" in direct_shape.content
    assert (
        strangled.metric("soap_mirrored_writes_total", operation="CreateOrder", outcome="failed")
        == failed + 1
    )
    log = (strangled.tmp / "soap-adapter.log").read_text()
    assert "not mirrored to the REST core" in log and "order-exists" in log
