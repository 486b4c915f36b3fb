"""CPU per request of the REST core with and without its /metrics middleware, side by side.

usage: python bench/metrics_cost.py [--calls N] [--rounds R]

Both variants are the real application (create_app) on one seeded SQLite file, driven in process
through ASGI (no HTTP server, no client: only the application's own work), in alternating
rounds, prometheus_client in multiprocess mode as `rest-core serve` runs it. Reports the median
CPU per request of each and the difference.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "contract_fixtures" / "2011-03" / "seed"
PATHS = ("/health", "/v1/customers/101", "/v1/orders/4711")


def _scope(path: str) -> dict[str, Any]:
    token = base64.b64encode(b"backoffice:Winter2011!")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", b"Basic " + token)],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
    }


async def _call(app: Any, path: str) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(path), receive, send)
    return status


async def _cpu_per_call(app: Any, path: str, calls: int) -> float:
    began = time.process_time()
    for _ in range(calls):
        await _call(app, path)
    return (time.process_time() - began) / calls


async def _measure(calls: int, rounds: int) -> None:
    from rest_core.app import create_app
    from rest_core.metrics import RequestMetrics

    with_metrics = create_app()
    without = create_app()
    without.user_middleware = [m for m in without.user_middleware if m.cls is not RequestMetrics]
    variants = {"without metrics": without, "with metrics": with_metrics}
    for app in variants.values():
        for path in PATHS:
            assert await _call(app, path) == 200, path  # warm: caches, pool, middleware stack

    # The middleware alone, around an application that answers at once: its cost without the
    # noise of the real work around it.
    async def empty(scope: Any, receive: Any, send: Any) -> None:
        scope["route"] = with_metrics.router.routes[0]  # as the router leaves it
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    alone: dict[str, Any] = {"empty app": empty, "in RequestMetrics": RequestMetrics(empty)}
    spent: dict[str, list[float]] = {name: [] for name in alone}
    for _ in range(rounds):
        for name, wrapped in alone.items():
            spent[name].append(await _cpu_per_call(wrapped, "/health", calls * 10))
    bare, measured = (statistics.median(spent[name]) * 1e6 for name in alone)
    print(
        f"RequestMetrics alone: {measured - bare:.1f} µs per request ({bare:.1f} µs -> {measured:.1f} µs around an empty app)"
    )
    print()
    print(f"{calls} calls x {rounds} rounds per variant and path; CPU per request, median")
    print("| path | without metrics (µs) | with metrics (µs) | added (µs) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for path in PATHS:
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for round_ in range(rounds):
            order = list(variants) if round_ % 2 == 0 else list(reversed(variants))
            for name in order:
                samples[name].append(await _cpu_per_call(variants[name], path, calls))
        base = statistics.median(samples["without metrics"]) * 1e6
        with_ = statistics.median(samples["with metrics"]) * 1e6
        print(f"| {path} | {base:.0f} | {with_:.0f} | {with_ - base:+.0f} | {with_ / base:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="metrics-cost-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'orders.sqlite3'}"
    os.environ["CREDENTIAL_KEY_FILE"] = str(work / "credential.key")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(work / "metrics")  # before prometheus_client
    (work / "metrics").mkdir()
    rest_core = pathlib.Path(sys.executable).parent / "rest-core"
    subprocess.run([str(rest_core), "load-legacy", str(SEED)], check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the access log lines, for both variants
    asyncio.run(_measure(args.calls, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
