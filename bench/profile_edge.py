"""cProfile of the edge's own work per call, in process, against a running REST core.

usage: python bench/profile_edge.py REST_URL [--calls N] [--operation GetOrder]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time

import _soap as soap

from soap_adapter import EdgeSettings, configure_logging, create_edge
from soap_adapter._rest import ConnectionPool

BODIES = {
    "ListOrders": "<tns:ListOrders><tns:CustomerId>{customer}</tns:CustomerId></tns:ListOrders>",
    "GetOrder": "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
    "GetCustomer": "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
    "SearchCustomers": "<tns:SearchCustomers><tns:PageNumber>1</tns:PageNumber><tns:PageSize>20</tns:PageSize></tns:SearchCustomers>",
}


class Replay:
    """Answers each REST request with its first real answer: the edge's own cost, without the hop."""

    def __init__(self, rest_url: str) -> None:
        self.pool = ConnectionPool(rest_url, connect_timeout=2, read_timeout=10)
        self.answers: dict[tuple[str, str], tuple[int, bytes]] = {}

    def send(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str | bytes]
    ) -> tuple[int, bytes]:
        key = (method, target)
        if key not in self.answers:
            self.answers[key] = self.pool.send(method, target, body, headers)
        return self.answers[key]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rest_url")
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--operation", default="GetOrder", choices=sorted(BODIES))
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumtime"])
    parser.add_argument("--customer", default="C-000101", help="for ListOrders")
    parser.add_argument(
        "--replay-rest",
        action="store_true",
        help="answer every REST call with the first real answer: the edge's own cost, without the hop",
    )
    args = parser.parse_args()
    configure_logging("WARNING")
    edge = create_edge(
        EdgeSettings(rest_url=args.rest_url),
        transport=Replay(args.rest_url) if args.replay_rest else None,
    )
    body = soap.envelope(
        BODIES[args.operation].replace("{customer}", args.customer),
        headers=soap.text_token("backoffice", "Winter2011!"),
    )

    def once() -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/OrderService.asmx",
            "QUERY_STRING": "",
            "CONTENT_TYPE": "text/xml; charset=utf-8",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "HTTP_HOST": "127.0.0.1",
        }
        status: list[str] = []
        out = b"".join(edge(environ, lambda s, h, *_: status.append(s)))
        assert status[0].startswith("200"), (status, out[:600])

    for _ in range(50):
        once()
    started = time.process_time()
    for _ in range(args.calls):
        once()
    plain = (time.process_time() - started) / args.calls * 1000
    started = time.process_time()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.calls):
        once()
    profile.disable()
    cpu = (time.process_time() - started) / args.calls * 1000
    stream = io.StringIO()
    pstats.Stats(profile, stream=stream).sort_stats(args.sort).print_stats(40)
    print(stream.getvalue())
    print(
        f"{args.operation}: {plain:.3f} ms CPU per call ({cpu:.3f} under cProfile), "
        f"REST hop {'replayed' if args.replay_rest else 'included'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
