"""CPU of each part of the edge's own work for one SOAP GetOrder, in process, without a profiler.

usage: python bench/edge_parts.py REST_URL [--calls N]

cProfile inflates pure-Python code more than libxml2's, so its shares mislead; here each part
runs alone, N times, best of three (`time.process_time`), on the values of one real call to the
REST core at REST_URL. The REST hop itself is measured by `bench/rest_hop.py`, the server layer by
`bench/edge_floor.py`.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import logging
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable

import _soap as soap
from a2wsgi.wsgi import build_environ

from soap_adapter import EdgeSettings, _envelope, _logging, create_edge
from soap_adapter._runner import Call
from soap_adapter.contract._codec import read_request

USER, PASSWORD = "backoffice", "Winter2011!"


def parts(rest_url: str) -> dict[str, Callable[[], object]]:
    """name -> one run of that part, on the values of a real GetOrder."""
    edge = create_edge(EdgeSettings(rest_url=rest_url))
    endpoint = edge.endpoints["/OrderService.asmx"]
    app = endpoint.applications["1.1"]
    runner = app.runners["GetOrder"]
    operation = app.operations["GetOrder"]
    data = soap.envelope(
        "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
        headers=soap.text_token(USER, PASSWORD),
    )
    auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(f"{rest_url}/v1/orders/4716", headers={"Authorization": auth})
    with urllib.request.urlopen(request, timeout=10) as answer:
        rest_bytes = answer.read()
    rest_body = json.loads(rest_bytes)
    envelope = _envelope.identify(endpoint.contract, "1.1", data)
    incoming = _envelope.check(endpoint.contract, envelope, "")
    call = Call("GetOrder", "1.1", "bench", incoming.credentials)
    values = read_request(operation, envelope.element.getparent())
    payload = runner._result(rest_body)
    log = logging.getLogger("soap_adapter.edge")
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/OrderService.asmx",
        "raw_path": b"/OrderService.asmx",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 5555),
        "headers": [(b"content-type", b"text/xml; charset=utf-8"), (b"host", b"edge")],
        "http_version": "1.1",
    }
    return {
        "parse, envelope and header checks, XSD validation, UsernameToken (`_envelope`)": lambda: (
            _envelope.check(
                endpoint.contract, _envelope.identify(endpoint.contract, "1.1", data), ""
            )
        ),
        "request values read by the contract codec": lambda: read_request(
            operation, envelope.element.getparent()
        ),
        "REST request built from them (`Runner.rest_request`)": lambda: runner.rest_request(
            call, values
        ),
        "REST answer decoded (`json.loads`)": lambda: json.loads(rest_bytes),
        "JSON -> values -> result element (`Runner._result`, `_xml_out`)": lambda: runner._result(
            rest_body
        ),
        "envelope bytes around the result": lambda: app._ok(payload),
        "the call's INFO line (JSON, written to a file)": lambda: log.info("%s answered", "x"),
        "ASGI scope -> WSGI environ (a2wsgi)": lambda: build_environ(scope, io.BytesIO(data)),  # type: ignore[arg-type]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rest_url")
    parser.add_argument("--calls", type=int, default=3000)
    args = parser.parse_args()
    _logging.configure("INFO")
    with tempfile.TemporaryFile("w") as log_file:
        logging.getLogger().handlers[0].stream = log_file  # type: ignore[attr-defined]
        print("| part of one GetOrder | CPU µs |")
        print("| --- | ---: |")
        for name, run in parts(args.rest_url.rstrip("/")).items():
            for _ in range(100):
                run()
            best = float("inf")
            for _ in range(3):
                started = time.process_time()
                for _ in range(args.calls):
                    run()
                best = min(best, (time.process_time() - started) / args.calls * 1e6)
            print(f"| {name} | {best:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
