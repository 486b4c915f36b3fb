"""Prometheus metrics of the REST core: requests per route template and status, the DB pool."""

# With several worker processes `rest-core serve` points PROMETHEUS_MULTIPROC_DIR at a folder of
# its own before any process imports prometheus_client (this module); every worker then writes
# its values there and /metrics sums them. Labels are bounded: the route's template
# (`/v1/orders/{order_id}`), never the raw path, and a fixed set of methods.

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rest_core._asgi import HttpMiddleware

BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # the route label of a path no route knows (a 404)

REQUESTS = Counter(
    "rest_core_requests_total",
    "Requests answered, by method, route template and HTTP status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "rest_core_request_duration_seconds",
    "Time from request to the end of the response, by method and route template",
    ["method", "route"],
    buckets=BUCKETS,
)
# Summed over the live worker processes.
POOL_SIZE = Gauge(
    "rest_core_db_pool_size",
    "Connections the database pools keep open (their configured size)",
    multiprocess_mode="livesum",
)
POOL_CHECKED_OUT = Gauge(
    "rest_core_db_pool_checked_out",
    "Database connections in use by requests",
    multiprocess_mode="livesum",
)
POOL_OVERFLOW = Gauge(
    "rest_core_db_pool_overflow",
    "Connections open beyond the pools' size (up to their max overflow)",
    multiprocess_mode="livesum",
)


class _Pool:
    """The state of this process's pool, written to the gauges only when it changed."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.written: tuple[int, int, int] | None = None

    def sample(self) -> None:
        if self.engine is None:
            return
        pool = self.engine.pool
        # QueuePool (SQLite files, PostgreSQL); other pools report nothing.
        size, checked_out, overflow = (
            getattr(pool, name, lambda: 0)() for name in ("size", "checkedout", "overflow")
        )
        state = (size, checked_out, max(0, overflow))  # overflow() is negative below the size
        if state != self.written:
            self.written = state
            POOL_SIZE.set(state[0])
            POOL_CHECKED_OUT.set(state[1])
            POOL_OVERFLOW.set(state[2])


_POOL = _Pool()


def watch_pool(engine: Engine) -> None:
    """Report this engine's pool (the one the API's sessions use)."""
    _POOL.engine = engine
    _POOL.sample()


class RequestMetrics(HttpMiddleware):
    """ASGI middleware: count and time every HTTP request by route template and status; then
    note the pool's state. Two locked increments per request; the pool gauges are written only
    when they changed."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        began = time.perf_counter()
        status = 500
        recorded = False
        path = scope["path"], scope.get("root_path", "")  # before a Mount changes root_path

        def record() -> None:
            nonlocal recorded
            recorded = True
            method = scope["method"] if scope["method"] in METHODS else "other"
            route = getattr(scope.get("route"), "path", None) or _plain_route(scope, path)
            key = (method, route, status)
            children = self._children.get(key)
            if children is None:
                children = self._children[key] = (
                    REQUESTS.labels(method, route, str(status)),
                    LATENCY.labels(method, route),
                )
            children[0].inc()
            children[1].observe(time.perf_counter() - began)

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Before the last byte leaves: a client that has its answer finds it counted.
                record()
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            if not recorded:  # no complete answer (the app failed, or the client went away)
                record()
            _POOL.sample()


def _plain_route(scope: Scope, path: tuple[str, str]) -> str:
    """The template of a Starlette Route or Mount the app holds (/openapi.json, /metrics, the
    docs assets): FastAPI names only its APIRoutes in scope["route"]. UNMATCHED for none."""
    probe = {"type": "http", "method": scope["method"], "path": path[0], "root_path": path[1]}
    for route in getattr(scope.get("router"), "routes", ()):
        if isinstance(route, Route | Mount) and route.matches(probe)[0] != Match.NONE:
            return str(route.path_format)
    return UNMATCHED


def exposition() -> tuple[bytes, str]:
    """The metrics page, summed over the worker processes when PROMETHEUS_MULTIPROC_DIR is set."""
    _POOL.sample()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def metrics_endpoint(_: Request) -> Response:
    body, content_type = exposition()
    return Response(body, media_type=content_type)


def process_exited() -> None:
    """Forget this worker's pool gauges (its counters and latencies still count)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(os.getpid())
