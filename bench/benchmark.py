"""Edge cost per call, added latency, throughput and memory, beside the direct REST call.

usage: python bench/benchmark.py [--seconds S] [--concurrency N] [--smoke] [--output BENCHMARKS.md]

Starts a REST core and a SOAP edge (one worker each) on loopback against a fresh SQLite file
(or DATABASE_URL), seeds the legacy export plus orders for the growth test, and drives each
operation through the edge and the equivalent call straight to the REST core, in the same run.
CPU per call is read from /proc (user + system time of every process of the server) divided by
the calls it served; it holds on a noisy machine where wall-clock rates do not.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime
import os
import pathlib
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import _soap as soap
import requests
from _servers import ROOT, running

BIN = pathlib.Path(sys.executable).parent
OPERATOR = ("backoffice", "Winter2011!")
TICKS = os.sysconf("SC_CLK_TCK")
TOKEN = soap.text_token(*OPERATOR)
GROWTH = {1: "C-000108", 10: "C-000106", 100: "C-000107", 1000: "C-000102"}  # orders -> customer


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (granian's main process and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            fields = pathlib.Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def rss_mb(pid: int) -> list[float]:
    """Resident memory of each process of the tree, in MB (workers first)."""
    sizes = []
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in pathlib.Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sizes


@dataclass
class Call:
    name: str
    soap_body: str
    rest_path: str


def soap_call(body: str) -> Callable[[requests.Session, str], None]:
    data = soap.envelope(body, headers=TOKEN)

    def run(session: requests.Session, url: str) -> None:
        response = session.post(
            url, data=data, headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30
        )
        if response.status_code != 200:
            raise RuntimeError(f"SOAP call failed: {response.status_code} {response.text[:300]}")

    return run


def rest_get(path: str) -> Callable[[requests.Session, str], None]:
    def run(session: requests.Session, url: str) -> None:
        response = session.get(url + path, auth=OPERATOR, timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"REST call failed: {response.status_code} {response.text[:300]}")

    return run


def create_order_soap(counter: Iterator[int]) -> Callable[[requests.Session, str], None]:
    def run(session: requests.Session, url: str) -> None:
        body = (
            "<tns:CreateOrder><tns:CustomerId>C-000102</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
            "<tns:Lines><t:NewOrderLine><t:Sku>PAP-A4-500</t:Sku><t:Quantity>1</t:Quantity></t:NewOrderLine>"
            f"</tns:Lines><tns:ClientReference>bench-s-{next(counter)}</tns:ClientReference></tns:CreateOrder>"
        )
        soap_call(body)(session, url)

    return run


def create_order_rest(counter: Iterator[int]) -> Callable[[requests.Session, str], None]:
    def run(session: requests.Session, url: str) -> None:
        response = session.post(
            url + "/v1/customers/107/orders",
            json={"currency": "EUR", "lines": [{"sku": "PAP-A4-500", "quantity": 1}]},
            headers={"Idempotency-Key": f"bench-r-{next(counter)}"},
            auth=OPERATOR,
            timeout=30,
        )
        if response.status_code not in (200, 201):
            raise RuntimeError(f"REST create failed: {response.status_code} {response.text[:300]}")

    return run


def drive(
    call: Callable[[requests.Session, str], None],
    url: str,
    *,
    seconds: float,
    concurrency: int,
    max_calls: int,
) -> tuple[int, float]:
    """Run `call` from `concurrency` threads until time or calls run out; (calls, elapsed)."""
    done = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> int:
        nonlocal done
        session = requests.Session()
        session.trust_env = False
        count = 0
        while time.monotonic() < deadline:
            with lock:
                if done >= max_calls:
                    break
                done += 1
            call(session, url)
            count += 1
        return count

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        total = sum(pool.map(lambda _: worker(), range(concurrency)))
    return total, time.monotonic() - started


def latencies(
    call: Callable[[requests.Session, str], None], url: str, count: int
) -> tuple[float, float]:
    session = requests.Session()
    session.trust_env = False
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call(session, url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def seed_growth(rest_url: str) -> None:
    """Give the growth customers 1, 10, 100 and 1,000 orders (the seed has 1, 2, 0, 0)."""
    session = requests.Session()
    existing = {"C-000108": 1, "C-000106": 2, "C-000107": 0, "C-000102": 0}
    for target, customer in GROWTH.items():
        number = int(customer[2:])
        for i in range(target - existing[customer]):
            response = session.post(
                f"{rest_url}/v1/customers/{number}/orders",
                json={"currency": "EUR", "lines": [{"sku": "PAP-A4-500", "quantity": 1}]},
                headers={"Idempotency-Key": f"growth-{customer}-{i}"},
                auth=OPERATOR,
                timeout=30,
            )
            response.raise_for_status()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per measurement")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--max-calls", type=int, default=100_000)
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny budget: proves the script runs"
    )
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.max_calls = 0.5, 40

    rows: list[str] = []
    with running("bench", threads=args.concurrency) as servers:
        rest_url, soap_url = servers.rest_url, servers.soap_url
        rest_pid, edge_pid = servers.rest_pid, servers.edge_pid
        if not args.smoke:
            seed_growth(rest_url)
        counter = iter(range(10**9))
        cases = [
            (
                "GetOrder",
                soap_call("<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>"),
                rest_get("/v1/orders/4716"),
            ),
            (
                "GetCustomer",
                soap_call(
                    "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
                ),
                rest_get("/v1/customers/101"),
            ),
            (
                "SearchCustomers",
                soap_call(
                    "<tns:SearchCustomers><tns:PageNumber>1</tns:PageNumber><tns:PageSize>20</tns:PageSize></tns:SearchCustomers>"
                ),
                rest_get("/v1/customers?page=1&page_size=20"),
            ),
            ("CreateOrder", create_order_soap(counter), create_order_rest(counter)),
        ]
        # Warm-up, then memory after warm-up.
        for _, soap_fn, rest_fn in cases[:3]:
            drive(soap_fn, soap_url, seconds=1, concurrency=2, max_calls=50)
            drive(rest_fn, rest_url, seconds=1, concurrency=2, max_calls=50)
        rss_warm = (rss_mb(edge_pid), rss_mb(rest_pid))

        # Growth first: the CreateOrder measurement below adds orders to these customers.
        growth_rows = [
            "| orders | edge CPU ms/call | edge CPU ms/order | core CPU ms/call |",
            "| ---: | ---: | ---: | ---: |",
        ]
        for orders, customer in [] if args.smoke else GROWTH.items():
            fn = soap_call(
                f"<tns:ListOrders><tns:CustomerId>{customer}</tns:CustomerId></tns:ListOrders>"
            )
            e0, r0 = cpu_seconds(edge_pid), cpu_seconds(rest_pid)
            n, _ = drive(
                fn,
                soap_url,
                seconds=args.seconds,
                concurrency=args.concurrency,
                max_calls=args.max_calls,
            )
            e1, r1 = cpu_seconds(edge_pid), cpu_seconds(rest_pid)
            per_call = (e1 - e0) / n * 1000
            growth_rows.append(
                f"| {orders} | {per_call:.3f} | {per_call / orders:.4f} | {(r1 - r0) / n * 1000:.3f} |"
            )
        rows.append(
            "| operation | edge CPU ms/call | core CPU ms/call (via edge) | core CPU ms/call (direct) | SOAP calls/s | REST calls/s | ratio |"
        )
        rows.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, soap_fn, rest_fn in cases:
            # Orders use up credit: C-000102 (SOAP) and C-000107 (REST) have room for ~1,400 more.
            budget = min(args.max_calls, 1200) if name == "CreateOrder" else args.max_calls
            e0, r0 = cpu_seconds(edge_pid), cpu_seconds(rest_pid)
            n_soap, t_soap = drive(
                soap_fn,
                soap_url,
                seconds=args.seconds,
                concurrency=args.concurrency,
                max_calls=budget,
            )
            e1, r1 = cpu_seconds(edge_pid), cpu_seconds(rest_pid)
            n_rest, t_rest = drive(
                rest_fn,
                rest_url,
                seconds=args.seconds,
                concurrency=args.concurrency,
                max_calls=budget,
            )
            r2 = cpu_seconds(rest_pid)
            edge_ms = (e1 - e0) / n_soap * 1000
            core_via = (r1 - r0) / n_soap * 1000
            core_direct = (r2 - r1) / n_rest * 1000
            soap_rate, rest_rate = n_soap / t_soap, n_rest / t_rest
            rows.append(
                f"| {name} | {edge_ms:.3f} | {core_via:.3f} | {core_direct:.3f} | {soap_rate:.0f} | {rest_rate:.0f} | {soap_rate / rest_rate:.2f} |"
            )

        latency_rows = [
            "| operation | SOAP p50 ms | SOAP p99 ms | REST p50 ms | REST p99 ms | added p50 ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        count = 30 if args.smoke else 500
        for name, soap_fn, rest_fn in cases[:3]:
            s50, s99 = latencies(soap_fn, soap_url, count)
            r50, r99 = latencies(rest_fn, rest_url, count)
            latency_rows.append(
                f"| {name} | {s50:.2f} | {s99:.2f} | {r50:.2f} | {r99:.2f} | {s50 - r50:.2f} |"
            )

        rss_end = (rss_mb(edge_pid), rss_mb(rest_pid))

    memory_rows = [
        "| process tree | RSS after warm-up (MB) | RSS after the run (MB) |",
        "| --- | --- | --- |",
    ]
    for label, warm, end in (
        ("SOAP edge (master, worker)", rss_warm[0], rss_end[0]),
        ("REST core", rss_warm[1], rss_end[1]),
    ):
        memory_rows.append(
            f"| {label} | {', '.join(f'{x:.0f}' for x in warm)} | {', '.join(f'{x:.0f}' for x in end)} |"
        )

    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    report = "\n".join(
        [
            "# Benchmarks",
            "",
            f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu_model}), "
            f"Python {platform.python_version()}, database {servers.database_url.split(':', 1)[0]}; "
            f"command: `python bench/benchmark.py --seconds {args.seconds:g} --concurrency {args.concurrency}`"
            + (" --smoke" if args.smoke else "")
            + ".",
            "",
            "One edge worker and one REST core worker (both granian, `bench/servers.py`); the load generator runs",
            "in this process. CPU is user + system time of each server's whole process tree from /proc,",
            "divided by the calls it served in that measurement.",
            "",
            "## CPU per call and throughput, same run, same concurrency",
            "",
            *rows,
            "",
            "## Added latency, one client",
            "",
            *latency_rows,
            "",
            "## Growth: ListOrders by orders per customer",
            "",
            *growth_rows,
            "",
            "## Memory",
            "",
            *memory_rows,
            "",
        ]
    )
    print(report)
    if not args.smoke:
        pathlib.Path(args.output).write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
