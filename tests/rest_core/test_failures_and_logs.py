"""When things go wrong: a database that is too slow or gone, data the code did not expect; and
the JSON log lines with their correlation ids."""

from __future__ import annotations

import concurrent.futures
import json
import threading
import time
import uuid

import pytest
import requests

from tests._processes import customer_locked, database_url
from tests.rest_core._core import OPERATOR, SEED, Core, assert_problem
from tests.rest_core.conftest import start_server

INTERNALS = ("Traceback", "sqlite", "psycopg", "SELECT", "locked", "127.0.0.1", "Error")


def test_a_database_that_does_not_answer_in_time(fresh: Core) -> None:
    impatient = Core(**{**fresh.__dict__, "env": {**fresh.env, "DB_TIMEOUT_SECONDS": "1"}})
    server = start_server(impatient, "impatient-rest-core")
    url = server.ready_url.removesuffix("/health")
    body = {"currency": "EUR", "lines": [{"sku": "PEN-BLU-50", "quantity": 1}]}
    try:
        with customer_locked(fresh.backend, fresh.database_url, 101):
            response = requests.post(
                f"{url}/v1/customers/101/orders", json=body, auth=OPERATOR, timeout=30
            )
            problem = assert_problem(response, 503, "service-unavailable")
            assert not any(word in response.text for word in INTERNALS), response.text
            assert set(problem) == {"type", "title", "status", "detail"}
        placed = requests.post(
            f"{url}/v1/customers/101/orders", json=body, auth=OPERATOR, timeout=30
        )
        assert placed.status_code == 201
    finally:
        server.stop()


def test_a_database_that_is_gone(core: Core) -> None:
    if core.backend != "postgresql":
        pytest.skip("an open SQLite file cannot vanish under a process: PostgreSQL only")
    import psycopg

    with database_url("postgresql", core.tmp) as url:
        doomed = Core(
            **{**core.__dict__, "database_url": url, "env": {**core.env, "DATABASE_URL": url}}
        )
        assert doomed.command("load-legacy", str(SEED)).returncode == 0
        server = start_server(doomed, "doomed-rest-core")
        base = server.ready_url.removesuffix("/health")
        try:
            assert (
                requests.get(base + "/v1/customers/101", auth=OPERATOR, timeout=30).status_code
                == 200
            )
            admin = "postgresql://" + url.split("://", 1)[1].rsplit("/", 1)[0] + "/postgres"
            name = url.rsplit("/", 1)[1]
            with psycopg.connect(admin, autocommit=True) as pg:
                pg.execute(f'DROP DATABASE "{name}" WITH (FORCE)'.encode())
            health = requests.get(base + "/health", timeout=30)
            assert_problem(health, 503, "service-unavailable")
            response = requests.get(base + "/v1/customers/101", auth=OPERATOR, timeout=30)
            assert_problem(response, 503, "service-unavailable")
            assert not any(word in response.text for word in INTERNALS), response.text
        finally:
            server.stop()


def test_data_the_code_does_not_expect_is_an_internal_error(fresh: Core) -> None:
    fresh.sql("UPDATE customers SET status = 'dormant' WHERE id = 108")
    correlation_id = f"internal-{uuid.uuid4()}"
    response = requests.get(
        f"{fresh.url}/v1/customers/108",
        auth=OPERATOR,
        headers={"X-Correlation-ID": correlation_id},
        timeout=30,
    )
    problem = assert_problem(response, 500, "internal-error")
    assert set(problem) == {"type", "title", "status", "detail"}
    assert "dormant" not in response.text and "Traceback" not in response.text
    assert response.headers["X-Correlation-ID"] == correlation_id
    logged = logged_with(fresh, correlation_id)
    assert any("traceback" in e and e["level"] == "ERROR" for e in logged), logged
    # The process goes on serving.
    assert fresh.get("/v1/customers/101").status_code == 200


def log_entries(core: Core) -> list[dict[str, str]]:
    """The server's log so far; every line must be one JSON object."""
    return [json.loads(line) for line in core.log_path.read_text().splitlines() if line.strip()]


def logged_with(core: Core, correlation_id: str) -> list[dict[str, str]]:
    """The log lines carrying `correlation_id`, once the access line (written after the answer
    has gone out) is there."""
    deadline = time.monotonic() + 10
    while True:
        mine = [e for e in log_entries(core) if e["correlation_id"] == correlation_id]
        if any(e["logger"] == "rest_core.access" for e in mine) or time.monotonic() > deadline:
            return mine
        time.sleep(0.05)


def test_log_lines_are_json_and_carry_the_correlation_id(core: Core) -> None:
    correlation_id = f"test-{uuid.uuid4()}"
    response = requests.get(
        f"{core.url}/v1/customers/101",
        auth=OPERATOR,
        headers={"X-Correlation-ID": correlation_id},
        timeout=30,
    )
    assert response.headers["X-Correlation-ID"] == correlation_id
    mine = logged_with(core, correlation_id)
    assert mine and "GET /v1/customers/101 200" in mine[-1]["message"]
    entries = log_entries(core)
    assert all({"time", "level", "logger", "correlation_id", "message"} <= set(e) for e in entries)
    # Without one, the REST core makes one up and answers with it.
    made_up = core.get("/health").headers["X-Correlation-ID"]
    assert uuid.UUID(made_up)
    problem = core.get("/v1/nowhere")
    assert uuid.UUID(problem.headers["X-Correlation-ID"])


def test_answers_after_the_database_dropped_its_connections_are_not_errors(core: Core) -> None:
    """pg_terminate_backend on every connection of the REST core, between and during requests:
    each answer is a 200 or a 503, and no answer is logged as an unexpected error."""
    if core.backend != "postgresql":
        return  # SQLite has no server to drop a connection
    name = core.database_url.rsplit("/", 1)[1]
    before = len(log_entries(core))
    stop = threading.Event()

    def terminate() -> None:
        while not stop.is_set():
            core.sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )
            time.sleep(0.02)

    def read(_: int) -> int:
        return core.get("/v1/customers/101").status_code

    killer = threading.Thread(target=terminate)
    killer.start()
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(read, range(200)))
    finally:
        stop.set()
        killer.join()
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) > 0
    time.sleep(0.5)  # the access lines of the last answers
    errors = [e for e in log_entries(core)[before:] if e["level"] == "ERROR"]
    unexpected = [e for e in errors if "unexpected" in e["message"] or "traceback" in e]
    assert not unexpected, [(e["message"], e.get("traceback", "")[-600:]) for e in unexpected[:2]]
