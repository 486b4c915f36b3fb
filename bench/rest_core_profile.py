"""The REST core's CPU per request, as a ratio to a minimal FastAPI app answering the same JSON.

usage: python bench/rest_core_profile.py [--calls N] [--rounds R] [--only NAME]... [--wsse]
       python bench/rest_core_profile.py --profile NAME [--calls N] [--sort cumulative|tottime]

Measures (the default): seeds a fresh database (a SQLite file, or DATABASE_URL) with
`rest-core load-legacy contract_fixtures/2011-03/seed --reset`, starts the REST core as
`./scripts/start` does (`rest-core serve`, granian, one worker, the default settings and log
level; its log lines go to a file) and the reference server
(`../shared/tools/reference/fastapi_getorder.py`, uvicorn, one process), and drives both from
this one process over one keep-alive connection each, one call at a time. The core's calls are
authenticated as the SOAP edge authenticates them (`soap_adapter/_rest.py`): HTTP Basic with the
caller's password, or with `--wsse` the WSSE UsernameToken digest. CPU per call is the user +
system time of each server's whole process tree, read from /proc before and after, divided by
the calls. Each round measures the reference and then every case of the core, back to back; the
better (lower) ratio of the rounds is reported.

Profiles (`--profile NAME`): runs the application in this process on the same kind of seeded
database and drives it through its ASGI interface (no HTTP server, no client library) under
cProfile, with every thread profiled (sync endpoints and the credential check run in
the thread pool), and prints the top functions.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import cProfile
import dataclasses
import datetime
import hashlib
import http.client
import itertools
import json
import os
import pathlib
import pstats
import secrets
import sys
import tempfile
import time
from collections.abc import Callable

from _servers import BIN, ROOT, _port, _serving, process_tree, seeded_env

REFERENCE = ROOT.parent / "shared" / "tools" / "reference" / "fastapi_getorder.py"
OPERATOR = ("backoffice", "Winter2011!")  # contract_fixtures/2011-03/seed/users.csv
BENCH_CUSTOMER = 107  # places the orders; its credit limit is raised after the seed


@dataclasses.dataclass(frozen=True)
class Case:
    """One request to measure: method, path, body (a function of a counter: every CreateOrder
    has a client reference of its own) and the statuses that count as success."""

    name: str
    method: str
    path: str
    body: Callable[[int], bytes | None] = lambda _: None
    ok: tuple[int, ...] = (200,)


def _new_order(n: int) -> bytes:
    return json.dumps(
        {
            "currency": "EUR",
            "lines": [{"sku": "PAP-A4-500", "quantity": 1}],
            "client_reference": f"bench-core-{os.getpid()}-{n}",
        }
    ).encode()


CASES = (
    Case("get_order", "GET", "/v1/orders/4716"),
    Case("get_customer", "GET", "/v1/customers/101"),
    Case("search_customers", "GET", "/v1/customers?page=1&page_size=20"),
    Case("create_order", "POST", f"/v1/customers/{BENCH_CUSTOMER}/orders", _new_order, (201,)),
)
_COUNTER = itertools.count()  # every order placed has a client reference of its own
REFERENCE_CASE = Case("reference", "GET", "/v1/orders/4716")


def basic_headers() -> dict[str, str]:
    token = base64.b64encode(":".join(OPERATOR).encode()).decode()
    return {"Authorization": f"Basic {token}"}


def wsse_headers() -> dict[str, str]:
    """A fresh digest (each nonce is accepted once), as the edge forwards a PasswordDigest."""
    nonce = secrets.token_bytes(16)
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(
        hashlib.sha1(nonce + created.encode() + OPERATOR[1].encode()).digest()
    ).decode()
    return {
        "Authorization": 'WSSE profile="UsernameToken"',
        "X-WSSE": f'UsernameToken Username="{OPERATOR[0]}", PasswordDigest="{digest}", '
        f'Nonce="{base64.b64encode(nonce).decode()}", Created="{created}"',
    }


TICKS = os.sysconf("SC_CLK_TCK")


@dataclasses.dataclass(frozen=True)
class Cpu:
    """CPU time of processes: per live thread in ns (schedstat), and per process in clock
    ticks of 10 ms (utime + stime of /proc/PID/stat, which keep the time of ended threads)."""

    threads: dict[int, int]
    ticks: int

    def since(self, before: Cpu) -> float:
        """Seconds spent since `before`: from the threads' ns, unless a thread ended between
        the two (a thread pool shrinks when idle), then from the ticks."""
        if before.threads.keys() <= self.threads.keys():
            return sum(ns - before.threads.get(t, 0) for t, ns in self.threads.items()) / 1e9
        return (self.ticks - before.ticks) / TICKS


def cpu(pids: list[int]) -> Cpu:
    threads: dict[int, int] = {}
    ticks = 0
    for p in pids:
        with contextlib.suppress(OSError):
            fields = pathlib.Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            for task in pathlib.Path(f"/proc/{p}/task").iterdir():
                with contextlib.suppress(OSError):
                    threads[int(task.name)] = int((task / "schedstat").read_text().split()[0])
    return Cpu(threads, ticks)


def bench_env(tmp: pathlib.Path) -> dict[str, str]:
    """The environment of a core on a freshly seeded database (the settings' defaults else),
    with room for the orders the bench places."""
    env = seeded_env(tmp)
    # Room for every order the bench places (the seed's limit allows about 1,500 of them).
    from sqlalchemy import create_engine, text

    engine = create_engine(env["DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE customers SET credit_limit_cents = :limit WHERE id = :id"),
            {"limit": 10**13, "id": BENCH_CUSTOMER},
        )
    engine.dispose()
    return env


def drive(port: int, case: Case, calls: int, auth: Callable[[], dict[str, str]]) -> None:
    """`calls` requests of `case`, one at a time over one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for _ in range(calls):
            body = case.body(next(_COUNTER))
            headers = auth()
            if body is not None:
                headers["Content-Type"] = "application/json"
            connection.request(case.method, case.path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status not in case.ok:
                raise RuntimeError(f"{case.name}: {response.status} {answer[:300]!r}")
    finally:
        connection.close()


def per_call(
    pid: int, port: int, case: Case, calls: int, auth: Callable[[], dict[str, str]]
) -> float:
    """Server CPU per call in ms (after a warm-up of a tenth of the calls)."""
    drive(port, case, max(20, calls // 10), auth)
    pids = process_tree(pid)
    before = cpu(pids)
    drive(port, case, calls, auth)
    return cpu(pids).since(before) / calls * 1000


def measure(args: argparse.Namespace) -> int:
    cases = [c for c in CASES if not args.only or c.name in args.only]
    auth = wsse_headers if args.wsse else basic_headers
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rest-core-profile-"))
    env = bench_env(tmp)
    core_port, reference_port = _port(), _port()
    core = [str(BIN / "rest-core"), "serve", "--host", "127.0.0.1", "--port", str(core_port)]
    reference = [sys.executable, str(REFERENCE), "--port", str(reference_port)]
    results: dict[str, list[float]] = {c.name: [] for c in cases}
    references: list[float] = []
    with (
        _serving(core, env, tmp / "rest-core.log") as core_pid,
        _serving(reference, env, tmp / "reference.log") as reference_pid,
    ):
        for round_number in range(1, args.rounds + 1):
            ref = per_call(reference_pid, reference_port, REFERENCE_CASE, args.calls, dict)
            references.append(ref)
            line = [f"round {round_number}: reference {ref:.3f} ms"]
            for case in cases:
                ms = per_call(core_pid, core_port, case, args.calls, auth)
                results[case.name].append(ms / ref)
                line.append(f"{case.name} {ms:.3f} ms ({ms / ref:.1f}x)")
            print("; ".join(line), file=sys.stderr, flush=True)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgresql") else "SQLite"
    scheme = "WSSE digest" if args.wsse else "HTTP Basic"
    print(
        f"\nREST core CPU per call / minimal FastAPI (reference {min(references):.3f} to "
        f"{max(references):.3f} ms per call); {database}, {scheme}, {args.calls} calls a case, "
        f"best of {args.rounds} rounds\n"
    )
    print("| request | ratio (best round) | other rounds |")
    print("| --- | --- | --- |")
    for case in cases:
        ratios = sorted(results[case.name])
        rest = ", ".join(f"{r:.1f}" for r in ratios[1:])
        print(f"| {case.method} {case.path} | {ratios[0]:.1f} | {rest} |")
    print(f"\n(log files in {tmp})")
    return 0


# --- in-process profile ------------------------------------------------------------------------


async def _asgi_call(app, case: Case, n: int, auth: Callable[[], dict[str, str]]) -> int:  # type: ignore[no-untyped-def]
    body = case.body(n) or b""
    path, _, query = case.path.partition("?")
    headers = [(k.lower().encode(), v.encode()) for k, v in auth().items()]
    headers += [(b"host", b"127.0.0.1"), (b"content-length", str(len(body)).encode())]
    if body:
        headers.append((b"content-type", b"application/json"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": case.method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
    }
    status = 0
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]

    await app(scope, receive, send)
    if status not in case.ok:
        raise RuntimeError(f"{case.name}: {status}")
    return status


def profile(args: argparse.Namespace) -> int:
    case = next(c for c in CASES if c.name == args.profile)
    auth = wsse_headers if args.wsse else basic_headers
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rest-core-profile-"))
    env = bench_env(tmp)
    os.environ.update(env)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(tmp / "metrics")  # as `rest-core serve` does
    (tmp / "metrics").mkdir()
    import logging

    from rest_core.app import create_app

    app = create_app()
    # The access log goes where the server's stderr would: a file, not this terminal.
    handler = logging.FileHandler(tmp / "rest-core.log")
    for logger_handler in logging.getLogger().handlers:
        handler.setFormatter(logger_handler.formatter)
        for f in logger_handler.filters:
            handler.addFilter(f)
    logging.getLogger().handlers[:] = [handler]

    profiler = cProfile.Profile(time.process_time)  # CPU, not waits (an fsync, a lock)

    async def run() -> None:
        for n in range(max(20, args.calls // 10)):  # warm-up: caches, pool, first imports
            await _asgi_call(app, case, n, auth)
        started = time.process_time()
        profiler.enable()
        for n in range(args.calls):
            await _asgi_call(app, case, 10_000 + n, auth)
        profiler.disable()
        spent = time.process_time() - started
        print(f"{case.name}: {spent / args.calls * 1000:.3f} ms CPU per call under cProfile")

    _profile_threads(profiler)
    asyncio.run(run())
    stats = pstats.Stats(profiler)
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


def _profile_threads(profiler: cProfile.Profile) -> None:
    """Profile the thread pool's work too: anyio runs sync endpoints there; each job is wrapped
    so that the one profiler records it (the event loop waits for the job meanwhile)."""
    import anyio.to_thread

    original = anyio.to_thread.run_sync

    async def run_sync(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        def profiled(*a):  # type: ignore[no-untyped-def]
            profiler.enable()
            try:
                return func(*a)
            finally:
                profiler.disable()

        profiler.disable()
        try:
            return await original(profiled, *args, **kwargs)
        finally:
            profiler.enable()

    anyio.to_thread.run_sync = run_sync


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=2000, help="calls per case and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", action="append", choices=[c.name for c in CASES])
    parser.add_argument("--wsse", action="store_true", help="WSSE digest instead of HTTP Basic")
    parser.add_argument("--profile", choices=[c.name for c in CASES])
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    return profile(args) if args.profile else measure(args)


if __name__ == "__main__":
    sys.exit(main())
