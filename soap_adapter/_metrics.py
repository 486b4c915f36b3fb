"""Prometheus metrics of the edge: calls, faults, latency, the REST hop, mapping failures, routes."""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.metrics import MetricWrapperBase

_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

CALLS = Counter(
    "soap_calls_total",
    "SOAP calls answered, by contract release, operation, SOAP version and outcome",
    ["contract", "operation", "soap_version", "outcome"],
)
FAULTS = Counter(
    "soap_faults_total",
    "SOAP faults sent, by contract release, operation and fault code",
    ["contract", "operation", "fault_code"],
)
LATENCY = Histogram(
    "soap_call_duration_seconds",
    "Time from request to response at the edge, by contract release and operation",
    ["contract", "operation"],
    buckets=_BUCKETS,
)
DOWNSTREAM_LATENCY = Histogram(
    "rest_call_duration_seconds",
    "REST core calls by contract release, operation and HTTP status ('error': none)",
    ["contract", "operation", "status"],
    buckets=_BUCKETS,
)
MAPPING_FAILURES = Counter(
    "soap_mapping_failures_total",
    "REST answers that could not become a valid SOAP response, by contract release, operation "
    "and stage",
    ["contract", "operation", "stage"],
)

ROUTES = Counter(
    "soap_route_total",
    "Calls by operation and the route the routing file gave them (rest/legacy/shadow)",
    ["operation", "route"],
)
ROUTED_CALLS = Counter(
    "soap_routed_calls_total",
    "Calls the legacy service answered, by operation, route and outcome "
    "(ok/fault/unavailable: no usable answer in time)",
    ["operation", "route", "outcome"],
)
LEGACY_LATENCY = Histogram(
    "legacy_call_duration_seconds",
    "Calls forwarded to the legacy service, by operation and HTTP status ('error': none usable)",
    ["operation", "status"],
    buckets=_BUCKETS,
)
SHADOW_COMPARISONS = Counter(
    "soap_shadow_comparisons_total",
    "Shadowed calls compared with the legacy answer, by operation and outcome "
    "(match/mismatch/error)",
    ["operation", "outcome"],
)
SHADOW_DROPPED = Counter(
    "soap_shadow_dropped_total",
    "Shadow comparisons dropped because the comparison queue was full, by operation",
    ["operation"],
)
MIRRORED_WRITES = Counter(
    "soap_mirrored_writes_total",
    "Writes the legacy service confirmed, applied to the REST core too, by operation and "
    "outcome (mirrored/failed)",
    ["operation", "outcome"],
)


_CHILDREN: dict[tuple[object, ...], Any] = {}


def labelled(metric: MetricWrapperBase, *values: str) -> Any:
    """`metric.labels(*values)`, looked up in a plain dict after the first call: `labels`
    checks and locks on every call, a cost on the hot path (issue 12). The child is the same
    object `labels` gives (prometheus_client keeps it for the process, and a forked worker's
    values move to its own files on their next update)."""
    key = (metric, *values)
    child = _CHILDREN.get(key)
    if child is None:
        child = _CHILDREN[key] = metric.labels(*values)
    return child


def exposition() -> tuple[bytes, str]:
    """The metrics page; across worker processes when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def count_in(folder: str) -> None:
    """Keep the counts of this process, and of the workers it forks, in `folder`
    (PROMETHEUS_MULTIPROC_DIR), so that `exposition` sums them over the workers.

    prometheus_client chooses where values live when it is imported, and the package has
    imported it by then (`soap_adapter/__init__.py`): choose again. Every metric here has labels,
    so no value exists before its first call, and each is made the multiprocess way."""
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    values.ValueClass = values.get_value_class()
