"""/metrics of `rest-core serve --workers 2`, as an operator scrapes it: requests per route
template and status summed over both workers, bounded labels, the database pools' state."""

from __future__ import annotations

import collections
import concurrent.futures
import pathlib
import re
import time
from collections.abc import Iterator

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests._processes import ServerProcess
from tests.rest_core._core import OPERATOR, Core
from tests.rest_core.conftest import start_server

POOL_SIZE = {"sqlite": 5, "postgresql": 10}  # per process: SQLAlchemy's default, rest_core.db's


@pytest.fixture
def two_workers(core: Core) -> Iterator[ServerProcess]:
    server = start_server(core, "two-workers", "--workers", "2")
    try:
        yield server
    finally:
        server.stop()


def metrics_directory(server: ServerProcess) -> pathlib.Path:
    log = server.log_path.read_text()
    found = re.search(r"metrics of the worker processes are kept in (\S+)", log)
    assert found, log
    return pathlib.Path(found.group(1))


def scrape(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = requests.get(url + "/metrics", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_across_workers_by_route_template(
    core: Core, two_workers: ServerProcess
) -> None:
    url = two_workers.base_url
    directory = metrics_directory(two_workers)
    assert directory.is_dir()

    def get(path: str) -> int:
        return requests.get(url + path, auth=OPERATOR, timeout=30).status_code

    answered: collections.Counter[int] = collections.Counter()  # by status (a 503 under load)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        # Until both workers have answered some (each writes its own files), at most 2000.
        while len(list(directory.glob("counter_*.db"))) < 2 and answered.total() < 2000:
            ids = [101 + i % 8 for i in range(40)]
            answered.update(pool.map(lambda i: get(f"/v1/customers/{i}"), ids))
    sent = answered[200]
    assert sent > answered.total() / 2, answered
    assert len(list(directory.glob("counter_*.db"))) == 2, "one worker answered everything"
    for path in ("/v1/customers/999999", "/v1/customers/999998", "/v1/nothing/1", "/v1/nothing/2"):
        assert get(path) == 404
    assert requests.request("PROPFIND", url + "/v1/products", timeout=30).status_code == 405
    for path in ("/openapi.json", "/docs/assets/swagger-ui.css", "/docs/assets/favicon.png"):
        assert get(path) == 200

    samples = scrape(url)
    template = "/v1/customers/{customer_id}"
    assert (
        value(samples, "rest_core_requests_total", method="GET", route=template, status="200")
        == sent
    )
    assert (
        value(samples, "rest_core_requests_total", method="GET", route=template, status="404") == 2
    )
    assert (
        value(samples, "rest_core_requests_total", method="GET", route="unmatched", status="404")
        == 2
    )
    assert (
        value(
            samples, "rest_core_requests_total", method="other", route="/v1/products", status="405"
        )
        == 1
    )
    assert (
        value(samples, "rest_core_request_duration_seconds_count", method="GET", route=template)
        == answered.total() + 2
    )
    assert (
        value(
            samples,
            "rest_core_request_duration_seconds_bucket",
            method="GET",
            route=template,
            le="+Inf",
        )
        == answered.total() + 2
    )
    assert (
        0
        < value(samples, "rest_core_request_duration_seconds_sum", method="GET", route=template)
        < 60 * (answered.total() + 2)
    )
    for route, count in (("/openapi.json", 1), ("/docs/assets/{path}", 2)):
        labels = {"method": "GET", "route": route, "status": "200"}
        assert value(samples, "rest_core_requests_total", **labels) == count, route
    routes = {dict(labels).get("route") for _, labels in samples}
    assert not any(route and re.search(r"\d{3}", route) for route in routes), routes  # no raw paths

    # Both workers' pools: their size summed, nothing in use once the answers are in.
    assert value(samples, "rest_core_db_pool_size") == 2 * POOL_SIZE[core.backend]
    # Each worker notes its pool after each request, once the answer is out: the other
    # worker's note of the last request lands within moments.
    deadline = time.monotonic() + 10
    while value(samples, "rest_core_db_pool_checked_out") and time.monotonic() < deadline:
        time.sleep(0.2)
        samples = scrape(url)
    assert value(samples, "rest_core_db_pool_checked_out") == 0
    assert value(samples, "rest_core_db_pool_overflow") == 0

    two_workers.stop()
    assert not directory.exists(), "the metrics folder outlived the server"


def test_each_server_starts_with_its_own_empty_metrics(core: Core) -> None:
    """A second serve (or a restart) does not sum in what an earlier one counted, even when
    PROMETHEUS_MULTIPROC_DIR is set in its environment for another service."""
    shared = core.tmp / "someone-elses-metrics"
    shared.mkdir(exist_ok=True)
    (shared / "counter_1.db").write_bytes(b"")
    core.env["PROMETHEUS_MULTIPROC_DIR"] = str(shared)
    try:
        first = start_server(core, "first")
        requests.get(first.base_url + "/v1/products", auth=OPERATOR, timeout=30)
        first.stop()
        assert not metrics_directory(first).exists(), "the metrics folder outlived the server"
        second = start_server(core, "second")
        try:
            samples = scrape(second.base_url)
            assert (
                value(
                    samples,
                    "rest_core_requests_total",
                    method="GET",
                    route="/v1/products",
                    status="200",
                )
                == 0
            )
            assert metrics_directory(second) != shared
        finally:
            second.stop()
    finally:
        del core.env["PROMETHEUS_MULTIPROC_DIR"]
    assert [p.name for p in shared.iterdir()] == ["counter_1.db"]
