"""The edge's retry of a PasswordDigest call after a temporary failure is not a replay (issue 8
item 4): real faults (a lock held past the REST core's timeout, the REST core stopped with
SIGSTOP) between a real edge, a real REST core and a real database."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import uuid
from collections.abc import Iterator

import pytest
import requests
from cryptography.fernet import Fernet
from lxml import etree

from tests import soap_requests as soap
from tests._processes import (
    ServerProcess,
    backends,
    core_and_edge,
    customer_locked,
    database_url,
    seed,
)
from tests.system import OPERATOR

UNAVAILABLE = "The service is temporarily unavailable."
GET_CUSTOMER = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
DB_TIMEOUT = 1.0  # the REST core's lock and statement timeout
READ_TIMEOUT = 2.0  # the edge's, for the REST hop


class Services:
    def __init__(self, backend: str, url: str, core: ServerProcess, edge: ServerProcess) -> None:
        self.backend = backend
        self.database_url = url
        self.core = core
        self.soap_url = f"{edge.base_url}/OrderService.asmx"


@pytest.fixture(scope="module", params=backends())
def services(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Services]:
    backend = str(request.param)
    tmp = tmp_path_factory.mktemp(f"retries-{backend}")
    with database_url(backend, tmp) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "CREDENTIAL_KEY": Fernet.generate_key().decode(),
            "DB_TIMEOUT_SECONDS": str(DB_TIMEOUT),
            "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        }
        (tmp / "metrics").mkdir()
        seed(env, tmp)
        core, edge = core_and_edge(
            env, tmp, edge_env={**env, "SOAP_ADAPTER_READ_TIMEOUT": str(READ_TIMEOUT)}
        )
        with core, edge:
            yield Services(backend, url, core, edge)


@contextlib.contextmanager
def customers_table_locked(services: Services) -> Iterator[None]:
    """PostgreSQL: another client holds an ACCESS EXCLUSIVE lock on customers (reads wait)."""
    import psycopg

    with psycopg.connect("postgresql://" + services.database_url.split("://", 1)[1]) as pg:
        pg.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE")
        yield
        pg.rollback()


def test_a_read_that_only_meets_lock_timeouts_is_unavailable_not_a_replay(
    services: Services,
) -> None:
    if services.backend != "postgresql":
        pytest.skip("SQLite readers are never blocked by a lock")
    with customers_table_locked(services):
        response = soap.post(
            services.soap_url, soap.envelope(GET_CUSTOMER, headers=soap.digest_token(*OPERATOR))
        )
    code, string = fault_of(response)
    assert code.endswith(":Server") and string == UNAVAILABLE, response.text


def test_a_read_retried_after_a_lock_timeout_is_served(services: Services) -> None:
    if services.backend != "postgresql":
        pytest.skip("SQLite readers are never blocked by a lock")
    answer: dict[str, requests.Response] = {}
    body = soap.envelope(GET_CUSTOMER, headers=soap.digest_token(*OPERATOR))
    caller = threading.Thread(
        target=lambda: answer.setdefault("r", soap.post(services.soap_url, body))
    )
    with customers_table_locked(services):
        caller.start()
        threading.Event().wait(DB_TIMEOUT * 1.6)  # the first attempt has timed out by now
    caller.join()
    assert answer["r"].status_code == 200, answer["r"].text


def create_order(reference: str) -> bytes:
    body = (
        "<tns:CreateOrder><tns:CustomerId>C-000101</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
        "<tns:Lines><t:NewOrderLine><t:Sku>PEN-BLU-50</t:Sku><t:Quantity>1</t:Quantity>"
        f"</t:NewOrderLine></tns:Lines><tns:ClientReference>{reference}</tns:ClientReference>"
        "</tns:CreateOrder>"
    )
    return soap.envelope(body, headers=soap.digest_token(*OPERATOR))


def fault_of(response: requests.Response) -> tuple[str, str]:
    root = etree.fromstring(response.content)
    return root.findtext(".//faultcode") or "", root.findtext(".//faultstring") or ""


def test_a_keyed_write_that_only_meets_a_lock_timeout_is_unavailable_not_a_replay(
    services: Services,
) -> None:
    """Every attempt times out on the lock: the client learns the service is temporarily
    unavailable (not that its token failed), and its own later call goes through once."""
    reference = f"lock-{uuid.uuid4().hex[:12]}"
    with customer_locked(services.backend, services.database_url, 101):
        response = soap.post(services.soap_url, create_order(reference))
    assert response.status_code == 500
    code, string = fault_of(response)
    assert code.endswith(":Server") and string == UNAVAILABLE, response.text
    again = soap.post(services.soap_url, create_order(reference))  # a new call, a new token
    assert again.status_code == 200, again.text
    assert b"<t:Status>Confirmed</t:Status>" in again.content or b"Confirmed" in again.content


def test_a_keyed_write_retried_after_a_lock_timeout_succeeds(services: Services) -> None:
    """The lock goes away between the edge's first attempt and its retry: the retry, with the
    same token, places the order."""
    reference = f"retry-{uuid.uuid4().hex[:12]}"
    answer: dict[str, requests.Response] = {}
    body = create_order(reference)
    caller = threading.Thread(
        target=lambda: answer.setdefault("r", soap.post(services.soap_url, body))
    )
    with customer_locked(services.backend, services.database_url, 101):
        caller.start()
        threading.Event().wait(DB_TIMEOUT * 1.6)  # the first attempt has timed out by now
    caller.join()
    assert answer["r"].status_code == 200, answer["r"].text


def test_a_read_retried_after_the_core_stalled_is_served(services: Services) -> None:
    """SIGSTOP the REST core past the edge's read timeout: the edge retries with the same
    token; once the core runs again, the retry is answered, not refused as a replay (whether
    the abandoned first attempt is served before it or not). The same SOAP request sent again
    by a client is a replay."""
    assert services.core.process is not None
    pid = services.core.process.pid
    body = soap.envelope(GET_CUSTOMER, headers=soap.digest_token(*OPERATOR))
    os.kill(pid, signal.SIGSTOP)
    resume = threading.Timer(READ_TIMEOUT * 1.5, os.kill, (pid, signal.SIGCONT))
    resume.start()
    try:
        response = soap.post(services.soap_url, body)
    finally:
        resume.join()
        os.kill(pid, signal.SIGCONT)
    assert response.status_code == 200, response.text
    replay = soap.post(services.soap_url, body)
    assert "FailedAuthentication" in fault_of(replay)[0], replay.text
