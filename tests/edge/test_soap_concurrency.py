"""Through the edge, under concurrency, on both databases: no overdraft, no duplicate, no loss."""

from __future__ import annotations

import concurrent.futures
import decimal
import socket
import time

import requests
from lxml import etree

from tests import soap_requests as soap
from tests.system import OPERATOR, System

NS = {"t": soap.T}
THREADS = 12


def create_order(
    system: System,
    customer: str,
    sku: str,
    quantity: int,
    reference: str | None = None,
    version: str = "1.1",
    timeout: float = 60,
) -> requests.Response:
    body = (
        f"<tns:CreateOrder><tns:CustomerId>{customer}</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
        f"<tns:Lines><t:NewOrderLine><t:Sku>{sku}</t:Sku><t:Quantity>{quantity}</t:Quantity></t:NewOrderLine></tns:Lines>"
        + ("" if reference is None else f"<tns:ClientReference>{reference}</tns:ClientReference>")
        + "</tns:CreateOrder>"
    )
    envelope = soap.envelope(body, version=version, headers=soap.digest_token(*OPERATOR))
    return requests.post(
        system.soap_url,
        data=envelope,
        headers={
            "Content-Type": "text/xml; charset=utf-8"
            if version == "1.1"
            else "application/soap+xml; charset=utf-8"
        },
        timeout=timeout,
    )


def order_id(response: requests.Response) -> str:
    return etree.fromstring(response.content).findtext(".//t:OrderId", namespaces=NS)


def rest_orders(system: System, customer: int) -> list[dict]:
    return requests.get(
        f"{system.rest_url}/v1/customers/{customer}/orders", auth=OPERATOR, timeout=10
    ).json()["items"]


def balance(system: System, customer: int) -> decimal.Decimal:
    body = requests.get(
        f"{system.rest_url}/v1/customers/{customer}", auth=OPERATOR, timeout=10
    ).json()
    return decimal.Decimal(body["balance"]["amount"])


def run_parallel(calls: list) -> list[requests.Response]:
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda c: c(), calls))


def test_parallel_create_orders_near_the_credit_limit(system: System) -> None:
    system.reset()
    # C-000104 has 160.00 of credit left; 39.99 a lamp: exactly four fit.
    responses = run_parallel(
        [
            lambda i=i: create_order(
                system, "C-000104", "LMP-LED-02", 1, version="1.1" if i % 2 else "1.2"
            )
            for i in range(THREADS)
        ]
    )
    ok = [r for r in responses if r.status_code == 200]
    refused = [r for r in responses if r.status_code in (400, 500)]
    assert len(ok) == 4 and len(refused) == THREADS - 4
    assert all("CreditLimitExceeded" in r.text for r in refused)
    assert balance(system, 104) == decimal.Decimal("799.96")
    assert {order_id(r) for r in ok} == {
        f"SO-{o['id']:08d}" for o in rest_orders(system, 104) if o["id"] > 4718
    }


def test_parallel_repeats_of_one_client_reference(system: System) -> None:
    system.reset()
    responses = run_parallel(
        [
            lambda: create_order(system, "C-000107", "PEN-BLU-50", 1, reference="ref-1")
            for _ in range(THREADS)
        ]
    )
    assert {r.status_code for r in responses} == {200}
    assert len({order_id(r) for r in responses}) == 1
    assert len(rest_orders(system, 107)) == 1
    assert balance(system, 107) == decimal.Decimal("12.25")


def test_a_retry_after_a_client_gave_up_gets_the_first_order(system: System) -> None:
    system.reset()
    body = soap.envelope(
        "<tns:CreateOrder><tns:CustomerId>C-000107</tns:CustomerId><tns:Currency>EUR</tns:Currency><tns:Lines>"
        "<t:NewOrderLine><t:Sku>PAP-A4-500</t:Sku><t:Quantity>3</t:Quantity></t:NewOrderLine></tns:Lines>"
        "<tns:ClientReference>gave-up-1</tns:ClientReference></tns:CreateOrder>",
        headers=soap.text_token(*OPERATOR),
    )
    host, port = system.soap_base.removeprefix("http://").split(":")
    # The client sends the whole request and hangs up without reading: its call "timed out".
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(
            b"POST /OrderService.asmx HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
    deadline = time.monotonic() + 10
    while not rest_orders(system, 107) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Whether the server went on with the abandoned call or dropped it with the connection (a
    # race between the hang-up and the body read), the retry must name the one order there is.
    placed_before_retry = rest_orders(system, 107)
    retry = soap.post(system.soap_url, body)
    assert retry.status_code == 200
    (first,) = rest_orders(system, 107)
    assert placed_before_retry in ([], [first])
    assert order_id(retry) == f"SO-{first['id']:08d}"
    assert balance(system, 107) == decimal.Decimal("14.85")


def test_parallel_cancel_and_create_keep_the_balance(system: System) -> None:
    system.reset()
    placed = [
        order_id(create_order(system, "C-000102", "PAP-A4-500", 2, reference=f"c{i}"))
        for i in range(6)
    ]

    def cancel(oid: str) -> requests.Response:
        body = f"<tns:CancelOrder><tns:OrderId>{oid}</tns:OrderId><tns:Reason>r</tns:Reason></tns:CancelOrder>"
        return soap.post(system.soap_url, soap.envelope(body, headers=soap.digest_token(*OPERATOR)))

    calls = [lambda oid=oid: cancel(oid) for oid in placed] + [
        lambda: create_order(system, "C-000102", "PEN-BLU-50", 1) for _ in range(6)
    ]
    responses = run_parallel(calls)
    assert all(r.status_code == 200 for r in responses), [
        r.text[:200] for r in responses if r.status_code != 200
    ]
    live = sum(
        decimal.Decimal(o["total"]["amount"])
        for o in rest_orders(system, 102)
        if o["status"] != "cancelled"
    )
    assert balance(system, 102) == live == 6 * decimal.Decimal("12.25")
