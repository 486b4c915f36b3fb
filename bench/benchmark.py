"""The edge's and the REST core's CPU per call and latency, as ratios to two reference servers
measured in the same run with the same load generator (issue 12).

usage: python bench/benchmark.py [--calls N] [--latency-calls N] [--concurrency N] [--rounds R]
                                 [--postgres-url URL | --no-postgres] [--smoke] [--output FILE]

It starts, itself:
- the references of `../shared/tools/reference/` (copied nowhere, run as they are):
  `spyne_getorder.py` (GetOrder written directly in Spyne, gunicorn sync, one process) and
  `fastapi_getorder.py` (`GET /v1/orders/{id}` from memory, uvicorn, one process);
- the project as `scripts/start` runs it (`rest-core serve`, `soap-adapter serve`, their default
  settings and log level), one worker each, on a database seeded with
  `rest-core load-legacy contract_fixtures/2011-03/seed --reset`: a SQLite file, and a fresh
  PostgreSQL database (dropped afterwards) unless `--no-postgres`.

One load generator drives them all: `http.client` connections kept alive (reopened when a server
closes them, as gunicorn's sync worker does after every answer), the same code for every server.
CPU per call is user + system time of each server's whole process tree (/proc/<pid>/stat, before
and after) divided by the calls it answered; p50 is one client's median latency. Each round
measures, per operation, the references and the project back to back; the report takes the
better of the rounds for every figure (this machine's load moves absolute figures by 2x).

The references answer GetOrder only: every operation's ratio is to the reference's GetOrder.
The report goes to stdout and, between its markers, into BENCHMARKS.md (the rest of the file is
kept as it is); `--smoke` runs tiny counts, writes nothing, and proves every figure is produced.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import http.client
import itertools
import json
import os
import pathlib
import platform
import secrets
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator

import _soap as soap
from _servers import ROOT, Servers, _port, _serving, process_tree, running

REFERENCE = pathlib.Path(
    os.environ.get("BENCH_REFERENCE_DIR", ROOT.parent / "shared" / "tools" / "reference")
)
MARKER = "<!-- bench/benchmark.py -->"
END_MARKER = "<!-- /bench/benchmark.py -->"
OPERATOR = ("backoffice", "Winter2011!")
TICKS = os.sysconf("SC_CLK_TCK")
BASIC = soap.basic_header(*OPERATOR)
SOAP_TOKEN = soap.text_token(*OPERATOR)
CREATE_CUSTOMER = 102  # C-000102: 20,000 of credit, room for ~4,000 orders of one ream


# ---- CPU of a process tree -------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of `pid`'s process tree, in seconds."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            fields = pathlib.Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of the tree's largest process (the worker), in MB."""
    sizes = [0.0]
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in pathlib.Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return max(sizes)


# ---- the load generator ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    expect: tuple[int, ...] = (200,)


Make = Callable[[], Request]  # a request per call (CreateOrder's references differ)


class Client:
    """One HTTP/1.1 connection kept alive; reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(self, request: Request) -> None:
        for attempt in (1, 2):
            try:
                self.connection.request(request.method, request.path, request.body, request.headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the kept-alive connection between two calls: once more.
                self.connection.close()
                if attempt == 2:
                    raise
        if response.status not in request.expect:
            raise RuntimeError(
                f"{request.method} {request.path} on port {self.port}: "
                f"{response.status} {content[:300]!r}"
            )


def drive(port: int, make: Make, calls: int, concurrency: int) -> None:
    """`calls` requests from `concurrency` clients, as fast as the server answers."""
    counter = itertools.count()
    failures: list[BaseException] = []

    def worker() -> None:
        client = Client(port)
        try:
            while next(counter) < calls and not failures:
                client.send(make())
        except BaseException as exc:
            failures.append(exc)
        finally:
            client.connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def cpu_per_call(
    pids: list[int], port: int, make: Make, calls: int, concurrency: int, min_cpu: float = 0.0
) -> list[float]:
    """ms of CPU per call of each process tree in `pids` while at least `calls` calls are
    answered, and more until the trees used `min_cpu` seconds (/proc counts in clock ticks, 10 ms
    here: a cheap server needs many calls for a figure to two digits)."""
    before = [cpu_seconds(pid) for pid in pids]
    done = 0
    while True:
        batch = calls if done == 0 else max(calls // 2, 1)
        drive(port, make, batch, concurrency)
        done += batch
        used = [cpu_seconds(pid) - b for pid, b in zip(pids, before, strict=True)]
        if sum(used) >= min_cpu:
            return [u / done * 1000 for u in used]


def p50(port: int, make: Make, calls: int) -> float:
    """One client's median latency in ms."""
    client = Client(port)
    samples = []
    for _ in range(calls):
        request = make()
        started = time.perf_counter()
        client.send(request)
        samples.append((time.perf_counter() - started) * 1000)
    client.connection.close()
    return statistics.median(samples)


# ---- what is called --------------------------------------------------------------------------


def soap_request(path: str, body: str) -> Make:
    data = soap.envelope(body, headers=SOAP_TOKEN)
    request = Request(
        "POST", path, data, {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    )
    return lambda: request


def rest_get(path: str) -> Make:
    request = Request("GET", path, None, {"Authorization": BASIC, "Accept": "application/json"})
    return lambda: request


def create_soap(path: str, tag: str) -> Make:
    numbers = itertools.count()

    def make() -> Request:
        body = (
            f"<tns:CreateOrder><tns:CustomerId>C-{CREATE_CUSTOMER:06d}</tns:CustomerId>"
            "<tns:Currency>EUR</tns:Currency><tns:Lines><t:NewOrderLine><t:Sku>PAP-A4-500</t:Sku>"
            "<t:Quantity>1</t:Quantity></t:NewOrderLine></tns:Lines>"
            f"<tns:ClientReference>{tag}-s-{next(numbers)}</tns:ClientReference></tns:CreateOrder>"
        )
        return soap_request(path, body)()

    return make


def create_rest(tag: str) -> Make:
    numbers = itertools.count()

    def make() -> Request:
        body = {
            "currency": "EUR",
            "lines": [{"sku": "PAP-A4-500", "quantity": 1}],
            "client_reference": f"{tag}-r-{next(numbers)}",
        }
        return Request(
            "POST",
            f"/v1/customers/{CREATE_CUSTOMER}/orders",
            json.dumps(body).encode(),
            {"Authorization": BASIC, "Content-Type": "application/json"},
            expect=(200, 201),
        )

    return make


@dataclasses.dataclass(frozen=True)
class Case:
    """One operation on one database: the SOAP call through the edge and its REST equivalent."""

    name: str
    database: str
    soap: Make
    rest: Make
    writes: bool = False


def cases(servers: Servers, database: str, tag: str) -> list[Case]:
    path = servers.soap_url.split("/", 3)[3]
    path = "/" + path
    read = {
        "GetOrder": (
            "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
            "/v1/orders/4716",
        ),
        "GetCustomer": (
            "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
            "/v1/customers/101",
        ),
        "SearchCustomers": (
            "<tns:SearchCustomers><tns:PageNumber>1</tns:PageNumber>"
            "<tns:PageSize>20</tns:PageSize></tns:SearchCustomers>",
            "/v1/customers?page=1&page_size=20",
        ),
    }
    names = ["GetOrder"] if database == "PostgreSQL" else list(read)
    found = [
        Case(name, database, soap_request(path, read[name][0]), rest_get(read[name][1]))
        for name in names
    ]
    found.append(
        Case("CreateOrder", database, create_soap(path, tag), create_rest(tag), writes=True)
    )
    return found


# ---- the run ---------------------------------------------------------------------------------


@dataclasses.dataclass
class References:
    spyne_pid: int
    spyne_port: int
    fastapi_pid: int
    fastapi_port: int


@dataclasses.dataclass
class Figures:
    """One round's measurement of one case, beside the references measured just before."""

    spyne_cpu: float
    edge_cpu: float
    core_via_edge_cpu: float
    fastapi_cpu: float
    core_cpu: float
    spyne_p50: float
    fastapi_p50: float
    soap_p50: float
    rest_p50: float

    @property
    def ratios(self) -> dict[str, float]:
        return {
            "edge": _ratio(self.edge_cpu, self.spyne_cpu),
            "core": _ratio(self.core_cpu, self.fastapi_cpu),
            "whole": _ratio(self.edge_cpu + self.core_via_edge_cpu, self.spyne_cpu),
            "added_p50": self.soap_p50 - self.rest_p50,
        }


def _ratio(value: float, reference: float) -> float:
    """value / reference; infinite when the reference used less than one clock tick."""
    return value / reference if reference > 0 else float("inf")


@dataclasses.dataclass
class Settings:
    calls: int
    latency_calls: int
    concurrency: int
    warmup: int
    min_cpu: float  # seconds of CPU a reference's measurement uses at least


def spyne_getorder() -> Make:
    return soap_request(
        "/OrderService.asmx", "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>"
    )


def measure(case: Case, servers: Servers, refs: References, settings: Settings) -> Figures:
    """The references and then the project, back to back, for one case."""
    edge_port = int(servers.soap_url.split(":")[2].split("/")[0])
    rest_port = int(servers.rest_url.rsplit(":", 1)[1])
    calls = min(settings.calls, 500) if case.writes else settings.calls
    latency_calls = min(settings.latency_calls, 200) if case.writes else settings.latency_calls
    fastapi = rest_get("/v1/orders/4716")
    n, c, least = calls, settings.concurrency, settings.min_cpu
    (spyne_cpu,) = cpu_per_call([refs.spyne_pid], refs.spyne_port, spyne_getorder(), n, c, least)
    edge_cpu, core_via = cpu_per_call(
        [servers.edge_pid, servers.rest_pid], edge_port, case.soap, n, c
    )
    (fastapi_cpu,) = cpu_per_call([refs.fastapi_pid], refs.fastapi_port, fastapi, n, c, least)
    (core_cpu,) = cpu_per_call([servers.rest_pid], rest_port, case.rest, n, c)
    return Figures(
        spyne_cpu=spyne_cpu,
        edge_cpu=edge_cpu,
        core_via_edge_cpu=core_via,
        fastapi_cpu=fastapi_cpu,
        core_cpu=core_cpu,
        spyne_p50=p50(refs.spyne_port, spyne_getorder(), latency_calls),
        soap_p50=p50(edge_port, case.soap, latency_calls),
        fastapi_p50=p50(refs.fastapi_port, fastapi, latency_calls),
        rest_p50=p50(rest_port, case.rest, latency_calls),
    )


def warm_up(case: Case, servers: Servers, settings: Settings) -> None:
    edge_port = int(servers.soap_url.split(":")[2].split("/")[0])
    rest_port = int(servers.rest_url.rsplit(":", 1)[1])
    drive(edge_port, case.soap, settings.warmup, 2)
    drive(rest_port, case.rest, settings.warmup, 2)


def _with_spyne_compat(python: str) -> list[str]:
    """`python` running a script after the project's Spyne import fix: the reference imports
    Spyne 2.14, whose bundled six cannot import on Python 3.12+ (soap_adapter/_spyne_compat.py).
    On 3.11 the fix does nothing; the reference's code runs as it is, unchanged."""
    launcher = (
        "import runpy, sys; import soap_adapter._spyne_compat; "
        "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    return [python, "-c", launcher]


@contextlib.contextmanager
def references() -> Iterator[References]:
    """Both reference servers, each one process (gunicorn: its master and one worker)."""
    tmp = pathlib.Path(os.environ.get("TMPDIR", "/tmp"))
    spyne_port, fastapi_port = _port(), _port()
    env = dict(os.environ)
    python = sys.executable
    with (
        _serving(
            [
                *_with_spyne_compat(python),
                str(REFERENCE / "spyne_getorder.py"),
                "--port",
                str(spyne_port),
            ],
            env,
            tmp / f"bench-spyne-{spyne_port}.log",
        ) as spyne_pid,
        _serving(
            [python, str(REFERENCE / "fastapi_getorder.py"), "--port", str(fastapi_port)],
            env,
            tmp / f"bench-fastapi-{fastapi_port}.log",
        ) as fastapi_pid,
    ):
        yield References(spyne_pid, spyne_port, fastapi_pid, fastapi_port)


@contextlib.contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh database on `server_url` (postgresql+psycopg://user@host:port), dropped after;
    the REST core creates it (`rest-core load-legacy` does, README)."""
    import psycopg

    name = f"bench_{secrets.token_hex(4)}"
    server_url = server_url.rstrip("/")
    try:
        yield f"{server_url}/{name}"
    finally:
        admin = server_url.replace("postgresql+psycopg://", "postgresql://", 1) + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclasses.dataclass
class Result:
    case: Case
    rounds: list[Figures]
    rss_mb: tuple[float, float] = (0.0, 0.0)  # edge worker, REST core worker, after the run

    def best(self, key: str) -> float:
        return min(figures.ratios[key] for figures in self.rounds)

    def best_round(self, key: str) -> Figures:
        return min(self.rounds, key=lambda figures: figures.ratios[key])


def run(args: argparse.Namespace, settings: Settings) -> list[Result]:
    results: list[Result] = []
    databases: list[tuple[str, str | None]] = [("SQLite", None)]
    if args.postgres_url:
        databases.append(("PostgreSQL", args.postgres_url))
    with references() as refs:
        for _ in range(2):  # references warm too
            drive(refs.spyne_port, spyne_getorder(), settings.warmup, 2)
            drive(refs.fastapi_port, rest_get("/v1/orders/4716"), settings.warmup, 2)
        for database, server_url in databases:
            with contextlib.ExitStack() as stack:
                url = None
                if server_url is not None:
                    url = stack.enter_context(postgres_database(server_url))
                servers = stack.enter_context(running("bench", database_url=url, quiet=False))
                tag = secrets.token_hex(3)
                found = [
                    Result(case, [])
                    for case in cases(servers, database, tag)
                    if not args.only or case.name in args.only
                ]
                for result in found:
                    warm_up(result.case, servers, settings)
                for number in range(args.rounds):
                    for result in found:
                        result.rounds.append(measure(result.case, servers, refs, settings))
                        print(
                            f"round {number + 1}: {database} {result.case.name}: "
                            + ", ".join(
                                f"{k} {v:.2f}" for k, v in result.rounds[-1].ratios.items()
                            ),
                            file=sys.stderr,
                            flush=True,
                        )
                for result in found:
                    result.rss_mb = (rss_mb(servers.edge_pid), rss_mb(servers.rest_pid))
                results.extend(found)
    return results


# ---- the report ------------------------------------------------------------------------------


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


TARGETS = {"edge": 0.75, "core": 5.0, "whole": 1.0, "added_p50": 1.0}  # issue 12's bars


def report(results: list[Result], command: str) -> str:
    now = datetime.datetime.now(datetime.UTC)
    lines = [
        MARKER,
        f"Run {now:%Y-%m-%d %H:%M} UTC on {machine()}; command: `{command}`.",
        "",
        "Ratios to the references measured back to back in the same round (CPU per call of the "
        "server's whole process tree; better of the rounds, figure by figure). Bars of issue 12: "
        "edge ÷ Spyne ≤ 0.75, core ÷ FastAPI ≤ 5, whole ÷ Spyne ≤ 1.0, added p50 ≤ 1.0 ms. "
        "The references answer GetOrder only: every row divides by their GetOrder.",
        "",
        "| operation | database | edge ÷ plain Spyne | REST core ÷ minimal FastAPI | "
        "whole (edge + core) ÷ plain Spyne | added p50 of the edge, ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]

    def cell(result: Result, key: str) -> str:
        value = result.best(key)
        mark = "" if value <= TARGETS[key] else " ✗"
        return f"{value:.2f}{mark}"

    for result in results:
        lines.append(
            f"| {result.case.name} | {result.case.database} | {cell(result, 'edge')} | "
            f"{cell(result, 'core')} | {cell(result, 'whole')} | {cell(result, 'added_p50')} |"
        )
    lines += [
        "",
        "✗: over the bar. CPU per call and p50 behind each ratio (ms; the round that gave the "
        "better ratio of each pair):",
        "",
        "| operation | database | plain Spyne CPU | edge CPU | core CPU via the edge | "
        "minimal FastAPI CPU | core CPU direct | Spyne p50 | SOAP p50 via the edge | "
        "FastAPI p50 | REST p50 direct |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        edge, core = result.best_round("edge"), result.best_round("core")
        whole, latency = result.best_round("whole"), result.best_round("added_p50")
        lines.append(
            f"| {result.case.name} | {result.case.database} | {edge.spyne_cpu:.3f} | "
            f"{edge.edge_cpu:.3f} | {whole.core_via_edge_cpu:.3f} | {core.fastapi_cpu:.3f} | "
            f"{core.core_cpu:.3f} | {latency.spyne_p50:.2f} | {latency.soap_p50:.2f} | "
            f"{latency.fastapi_p50:.2f} | {latency.rest_p50:.2f} |"
        )
    rss = {result.case.database: result.rss_mb for result in results}
    lines += [
        "",
        "Resident memory after the run (largest process of each tree, MB): "
        + "; ".join(f"{db}: edge {e:.0f}, REST core {c:.0f}" for db, (e, c) in rss.items())
        + ".",
        END_MARKER,
    ]
    return "\n".join(lines)


def write_section(path: pathlib.Path, section: str) -> None:
    """Replace the text between the markers (or append it): the rest of the file is kept."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if MARKER in text and END_MARKER in text:
        head, rest = text.split(MARKER, 1)
        tail = rest.split(END_MARKER, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="per CPU measurement")
    parser.add_argument("--latency-calls", type=int, default=300, help="per p50")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--postgres-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432",
        help="PostgreSQL server to create a database on (default: %(default)s)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--only", action="append", help="only this operation (repeatable); writes nothing"
    )
    parser.add_argument("--smoke", action="store_true", help="tiny counts: proves the script runs")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    if args.no_postgres:
        args.postgres_url = None
    if args.smoke:
        args.calls, args.latency_calls, args.rounds = 100, 10, 1
    settings = Settings(
        args.calls,
        args.latency_calls,
        args.concurrency,
        warmup=10 if args.smoke else 200,
        min_cpu=0.05 if args.smoke else 1.0,
    )
    command = "python bench/benchmark.py" + "".join(
        f" {flag}"
        for flag, on in (
            (f"--calls {args.calls}", not args.smoke),
            (f"--latency-calls {args.latency_calls}", not args.smoke),
            (f"--concurrency {args.concurrency}", True),
            (f"--rounds {args.rounds}", not args.smoke),
            ("--no-postgres", args.postgres_url is None),
            ("--smoke", args.smoke),
        )
        if on
    )
    results = run(args, settings)
    section = report(results, command)
    print(section)
    if not args.smoke and not args.only:
        write_section(pathlib.Path(args.output), section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
