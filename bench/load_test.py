"""Load test: all six operations through the edge from many clients; then the database is audited.

usage: python bench/load_test.py [--clients N] [--seconds S] [--max-requests N] [--edge-workers N]

Loopback only, bounded in time and requests. Each client loops: CreateOrder (a fresh
ClientReference, sent twice to prove idempotency), GetOrder, ListOrders, SearchCustomers,
GetCustomer, CancelOrder of its own order. Afterwards the REST core's data must agree with what
the clients were told: every confirmed order exists once, every cancelled one is cancelled, and
each customer's balance equals the seed balance plus its live new orders. RSS of every server
process is sampled through the run; the work stays the same size all along (ListOrders asks for
shipped orders, which the run does not add to), so memory should be flat after warm-up. Exit status 0 only with zero errors and a clean audit.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import decimal
import random
import sys
import threading
import time
from collections import Counter

import _soap as soap
import requests
from _servers import running
from benchmark import rss_mb
from lxml import etree

OPERATOR = ("backoffice", "Winter2011!")
CUSTOMERS = {
    "C-000102": decimal.Decimal("0.00"),
    "C-000106": decimal.Decimal("3405.75"),
    "C-000107": decimal.Decimal("0.00"),
}
NS = {"t": soap.T}


class Client:
    def __init__(self, number: int, url: str, deadline: float, budget: threading.Semaphore) -> None:
        self.number = number
        self.url = url
        self.deadline = deadline
        self.budget = budget
        self.session = requests.Session()
        self.session.trust_env = False
        self.calls: Counter[str] = Counter()
        self.errors: list[str] = []
        self.created: dict[str, tuple[str, decimal.Decimal]] = {}  # order id -> (customer, total)
        self.cancelled: set[str] = set()

    def call(self, operation: str, body: str, version: str) -> etree._Element | None:
        if not self.budget.acquire(blocking=False):
            return None
        token = (
            soap.digest_token(*OPERATOR) if self.calls.total() % 2 else soap.text_token(*OPERATOR)
        )
        data = soap.envelope(body, version=version, headers=token)
        content_type = (
            "text/xml; charset=utf-8" if version == "1.1" else "application/soap+xml; charset=utf-8"
        )
        try:
            response = self.session.post(
                self.url, data=data, headers={"Content-Type": content_type}, timeout=30
            )
        except requests.RequestException as exc:
            self.errors.append(f"{operation}: {type(exc).__name__}")
            return None
        self.calls[operation] += 1
        if response.status_code != 200:
            self.errors.append(f"{operation}: HTTP {response.status_code} {response.text[:200]}")
            return None
        return etree.fromstring(response.content)

    def run(self) -> None:
        rng = random.Random(self.number)
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            version = rng.choice(["1.1", "1.2"])
            customer = rng.choice(list(CUSTOMERS))
            reference = f"load-{self.number}-{n}"
            create = (
                f"<tns:CreateOrder><tns:CustomerId>{customer}</tns:CustomerId><tns:Currency>EUR</tns:Currency><tns:Lines>"
                f"<t:NewOrderLine><t:Sku>PEN-BLU-50</t:Sku><t:Quantity>{rng.randint(1, 3)}</t:Quantity></t:NewOrderLine>"
                f"</tns:Lines><tns:Notes>client {self.number} &amp; call {n}</tns:Notes>"
                f"<tns:ClientReference>{reference}</tns:ClientReference></tns:CreateOrder>"
            )
            confirmation = self.call("CreateOrder", create, version)
            if confirmation is None:
                return
            order_id = confirmation.findtext(".//t:OrderId", namespaces=NS)
            total = decimal.Decimal(confirmation.findtext(".//t:TotalAmount", namespaces=NS))
            repeat = self.call("CreateOrder", create, version)  # a retried call: same order back
            if repeat is not None and repeat.findtext(".//t:OrderId", namespaces=NS) != order_id:
                self.errors.append(f"CreateOrder repeat of {reference} gave another order")
            self.created[order_id] = (customer, total)
            for operation, body in (
                ("GetOrder", f"<tns:GetOrder><tns:OrderId>{order_id}</tns:OrderId></tns:GetOrder>"),
                (
                    "ListOrders",
                    f"<tns:ListOrders><tns:CustomerId>{customer}</tns:CustomerId><tns:Status>Shipped</tns:Status></tns:ListOrders>",
                ),
                (
                    "SearchCustomers",
                    "<tns:SearchCustomers><tns:NameContains>a</tns:NameContains><tns:PageNumber>1</tns:PageNumber><tns:PageSize>20</tns:PageSize></tns:SearchCustomers>",
                ),
                (
                    "GetCustomer",
                    f"<tns:GetCustomer><tns:CustomerId>{customer}</tns:CustomerId></tns:GetCustomer>",
                ),
            ):
                if self.call(operation, body, version) is None:
                    return
            if rng.random() < 0.9:  # most orders are cancelled again, so credit never runs out
                cancel = f"<tns:CancelOrder><tns:OrderId>{order_id}</tns:OrderId><tns:Reason>load</tns:Reason></tns:CancelOrder>"
                if self.call("CancelOrder", cancel, version) is None:
                    return
                self.cancelled.add(order_id)


def audit(rest_url: str, clients: list[Client]) -> list[str]:
    problems = []
    created = {oid: v for c in clients for oid, v in c.created.items()}
    cancelled = {oid for c in clients for oid in c.cancelled}
    session = requests.Session()
    for customer, opening in CUSTOMERS.items():
        number = int(customer[2:])
        orders = session.get(
            f"{rest_url}/v1/customers/{number}/orders", auth=OPERATOR, timeout=60
        ).json()["items"]
        new = {f"SO-{o['id']:08d}": o for o in orders if o["id"] > 4718}
        told = {oid for oid, (cust, _) in created.items() if cust == customer}
        if set(new) != told:
            problems.append(
                f"{customer}: {len(told - set(new))} confirmed orders missing, {len(set(new) - told)} unexpected"
            )
        for oid, order in new.items():
            if (order["status"] == "cancelled") != (oid in cancelled):
                problems.append(
                    f"{oid}: status {order['status']} but the client was told otherwise"
                )
        live = sum(
            decimal.Decimal(o["total"]["amount"])
            for o in new.values()
            if o["status"] != "cancelled"
        )
        balance = decimal.Decimal(
            session.get(f"{rest_url}/v1/customers/{number}", auth=OPERATOR, timeout=30).json()[
                "balance"
            ]["amount"]
        )
        if balance != opening + live:
            problems.append(f"{customer}: balance {balance} != {opening} + {live}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--edge-workers", type=int, default=2)
    parser.add_argument("--core-workers", type=int, default=2)
    args = parser.parse_args()

    with running("load", edge_workers=args.edge_workers, core_workers=args.core_workers) as servers:
        soap_url, rest_url = servers.soap_url, servers.rest_url
        budget = threading.Semaphore(args.max_requests)
        started = time.monotonic()
        clients = [Client(n, soap_url, started + args.seconds, budget) for n in range(args.clients)]
        samples: list[tuple[float, list[float], list[float]]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(5):
                samples.append(
                    (time.monotonic() - started, rss_mb(servers.edge_pid), rss_mb(servers.rest_pid))
                )

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(lambda c: c.run(), clients))
        elapsed = time.monotonic() - started
        stop.set()
        problems = audit(rest_url, clients)

    calls = sum((c.calls for c in clients), Counter())
    errors = [e for c in clients for e in c.errors]
    warm = next(
        (s for s in samples if s[0] >= min(30.0, elapsed / 3)), samples[0] if samples else None
    )
    last = samples[-1] if samples else None
    print(
        f"database: {servers.database_url.split(':', 1)[0]}; clients: {args.clients}; edge workers: {args.edge_workers}; "
        f"core workers: {args.core_workers}; {elapsed:.0f} s"
    )
    print(
        f"requests: {calls.total()} ({calls.total() / elapsed:.0f}/s): "
        + ", ".join(f"{k} {v}" for k, v in sorted(calls.items()))
    )
    print(
        f"orders confirmed: {sum(len(c.created) for c in clients)}, cancelled: {sum(len(c.cancelled) for c in clients)}"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"audit: {'clean' if not problems else '; '.join(problems[:5])}")
    if warm and last:
        print(
            f"RSS MB edge (master, workers) after warm-up {[round(x) for x in warm[1]]} -> end {[round(x) for x in last[1]]}; "
            f"core {[round(x) for x in warm[2]]} -> {[round(x) for x in last[2]]}"
        )
    return 0 if not errors and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
