"""SOAP calls answered on the edge's event loop keep the bound `--threads` set: a burst of
callers never has more REST calls in flight per worker than that (issue 12 moved the calls off
the thread pool). The REST core here is a FAKE that counts the calls in flight at once (a real one
cannot say); the edge is the real `soap-adapter serve`. No timing assertion."""

from __future__ import annotations

import concurrent.futures
import http.server
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from tests import soap_requests as soap
from tests._processes import ServerProcess, free_port
from tests.edge.test_downstream_faults import CUSTOMER
from tests.system import BIN, OPERATOR, ROOT

THREADS = 2
CALLERS = 8


class CountingCore(http.server.BaseHTTPRequestHandler):
    """Answers GET /v1/customers/101 after a pause, counting the calls in flight."""

    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    in_flight = 0
    most: ClassVar[list[int]] = [0]

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        if not self.path.startswith("/v1/customers/"):
            body = b'{"type": "not-found"}'
            self.send_response(404)
        else:
            with CountingCore.lock:
                CountingCore.in_flight += 1
                CountingCore.most[0] = max(CountingCore.most[0], CountingCore.in_flight)
            time.sleep(0.3)  # long enough for the other callers to arrive meanwhile
            with CountingCore.lock:
                CountingCore.in_flight -= 1
            body = json.dumps(CUSTOMER).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingCore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    argv = [str(BIN / "soap-adapter"), "serve", "--port", str(port), "--workers", "1"]
    argv += [
        "--threads",
        str(THREADS),
        "--rest-url",
        f"http://127.0.0.1:{server.server_address[1]}",
    ]
    process = ServerProcess(
        argv,
        env=dict(os.environ),
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp_path_factory.mktemp("edge") / "edge.log",
        cwd=ROOT,
    )
    with process:
        yield process
    server.shutdown()
    server.server_close()


def test_a_burst_of_callers_has_at_most_threads_rest_calls_in_flight(edge: ServerProcess) -> None:
    url = edge.ready_url.replace("/health", "/OrderService.asmx")
    body = soap.envelope(
        "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
        headers=soap.text_token(*OPERATOR),
    )
    with concurrent.futures.ThreadPoolExecutor(CALLERS) as pool:
        answers = list(pool.map(lambda _: soap.post(url, body, timeout=60), range(CALLERS)))
    assert [a.status_code for a in answers] == [200] * CALLERS
    assert all("<s0:Name>Acme</s0:Name>" in a.text or ">Acme<" in a.text for a in answers)
    assert CountingCore.most[0] == THREADS  # the bound held, and it was reached
