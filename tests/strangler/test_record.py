"""`record`: calls pass to the legacy service and become a contract exchange that replays green
against the system with every route `rest`."""

from __future__ import annotations

import re

from soap_adapter import contract_test
from tests import soap_requests
from tests.strangler.conftest import Strangled
from tests.system import OPERATOR, READER

PASSWORDS = dict([OPERATOR, READER])


def _call(strangled: Strangled, body: str, *, version: str, token: str) -> bytes:
    operation = re.match(r"<tns:(\w+)>", body)
    assert operation is not None
    response = soap_requests.post(
        strangled.soap_url,
        soap_requests.envelope(body, version=version, headers=token),
        version=version,
        action=soap_requests.ACTION.format(operation.group(1)),
    )
    return response.content


def test_a_recorded_session_replays_green_with_every_route_rest(strangled: Strangled) -> None:
    directory = strangled.tmp / "recorded"
    strangled.route(default="record")
    strangled.reset()
    digest = soap_requests.digest_token(*OPERATOR)
    created = _call(
        strangled,
        "<tns:CreateOrder><tns:CustomerId>C-000102</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
        "<tns:Lines><t:NewOrderLine><t:Sku>PAP-A4-500</t:Sku><t:Quantity>2</t:Quantity>"
        "</t:NewOrderLine></tns:Lines></tns:CreateOrder>",
        version="1.1",
        token=digest,
    )
    order_id = re.search(rb"<t:OrderId>(SO-\d+)</t:OrderId>", created)
    assert order_id is not None, created
    order = order_id.group(1).decode()
    calls = [
        (
            "<tns:GetCustomer><tns:CustomerId>C-000102</tns:CustomerId></tns:GetCustomer>",
            "1.2",
            "text",
            READER,
        ),
        (
            f"<tns:GetOrder><tns:OrderId>{order}</tns:OrderId></tns:GetOrder>",
            "1.2",
            "digest",
            OPERATOR,
        ),
        (
            f"<tns:CancelOrder><tns:OrderId>{order}</tns:OrderId><tns:Reason>Changed mind</tns:Reason></tns:CancelOrder>",
            "1.1",
            "text",
            OPERATOR,
        ),
        (
            "<tns:GetCustomer><tns:CustomerId>C-000102</tns:CustomerId></tns:GetCustomer>",
            "1.1",
            "digest",
            OPERATOR,
        ),
        (
            "<tns:GetOrder><tns:OrderId>SO-09999999</tns:OrderId></tns:GetOrder>",
            "1.1",
            "text",
            READER,
        ),
        (
            "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
            "1.1",
            "text",
            ("backoffice", "wrong"),
        ),
    ]
    for body, version, kind, (user, password) in calls:
        token = (
            soap_requests.text_token(user, password)
            if kind == "text"
            else soap_requests.digest_token(user, password)
        )
        _call(strangled, body, version=version, token=token)

    exchange = contract_test.load_exchange(directory)
    assert len(exchange.steps) == 7
    on_disk = b"".join(p.read_bytes() for p in directory.iterdir() if p.is_file())
    for secret in (OPERATOR[1], READER[1], "wrong"):
        assert f">{secret}<".encode() not in on_disk
    digest_value = re.search(r"#PasswordDigest\">([^<]+)<", digest)
    nonce_value = re.search(r"<wsse:Nonce>([^<]+)<", digest)
    assert digest_value is not None and nonce_value is not None
    assert digest_value.group(1).encode() not in on_disk
    assert nonce_value.group(1).encode() not in on_disk
    assert (
        b"{{wsse:password:acme-portal}}" in on_disk and b"{{wsse:digest-for:backoffice}}" in on_disk
    )
    steps = b"".join(p.read_bytes() for p in directory.glob("*.xml"))
    assert order.encode() not in steps  # made up by the service: a remembered placeholder
    assert b"{{=order_1}}" in steps and b"{{order_1}}" in steps

    # Every route rest, both systems at the seed: the REST core answers as the legacy did.
    strangled.route()
    strangled.reset()
    responses = contract_test.replay(exchange, strangled.soap_url, passwords=PASSWORDS)
    assert [r.status for r in responses] == [s.status for s in exchange.steps]
    assert strangled.metric("soap_route_total", operation="GetOrder", route="rest") >= 2
