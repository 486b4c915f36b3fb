"""The edge's REST hop, client side: CPU per call of each HTTP client that can make it.

usage: python bench/rest_hop.py [REST_URL] [--calls N] [--rounds R]

Without REST_URL it starts a seeded REST core itself (`bench/_servers.py`). Every client sends
the same `GET /v1/orders/4716` with the edge's headers (Basic credentials, X-Correlation-ID,
Accept) over one kept-alive connection and decodes the JSON answer; the figure is this process's
CPU per call (`time.process_time`), so the REST core's own work is not in it. Best of R rounds,
the clients interleaved in each round. The edge's own client (`soap_adapter._rest.RestClient`)
is measured beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import http.client
import json
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator

import requests
import urllib3

from soap_adapter._rest import AsyncConnectionPool, Credentials, RestClient

PATH = "/v1/orders/4716"
USER, PASSWORD = "backoffice", "Winter2011!"
HEADERS = {
    "X-Correlation-ID": "bench-hop",
    "Accept": "application/json",
    "Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
}


def clients(base: str) -> dict[str, Callable[[], object]]:
    """name -> one call, each client set up once (a pool of one kept-alive connection)."""
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    session = requests.Session()
    session.trust_env = False

    def requests_request() -> object:
        return session.get(base + PATH, headers=HEADERS, timeout=(2, 10)).json()

    prepared_session = requests.Session()
    prepared_session.trust_env = False

    def requests_prepared() -> object:
        prepared = requests.Request("GET", base + PATH, headers=HEADERS).prepare()
        return json.loads(prepared_session.send(prepared, timeout=(2, 10)).content)

    manager = urllib3.PoolManager(maxsize=1, retries=False)

    def urllib3_poolmanager() -> object:
        response = manager.request(
            "GET", base + PATH, headers=HEADERS, timeout=urllib3.Timeout(connect=2, read=10)
        )
        return json.loads(response.data)

    pool = urllib3.HTTPConnectionPool(host, port, maxsize=1, retries=False)
    timeout = urllib3.Timeout(connect=2, read=10)

    def urllib3_pool() -> object:
        response = pool.urlopen("GET", PATH, headers=HEADERS, timeout=timeout, redirect=False)
        return json.loads(response.data)

    connection = http.client.HTTPConnection(host, port, timeout=10)

    def http_client() -> object:
        try:
            connection.request("GET", PATH, headers=HEADERS)
            return json.loads(connection.getresponse().read())
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()  # the server closed the idle connection: once more, anew
            connection.request("GET", PATH, headers=HEADERS)
            return json.loads(connection.getresponse().read())

    edge_client = RestClient(base, connect_timeout=2, read_timeout=10, pool_size=1)
    credentials = Credentials(USER, PASSWORD).headers()

    def edge_rest_client() -> object:
        headers: dict[str, str | bytes] = {
            "X-Correlation-ID": "bench-hop",
            "Accept": "application/json",
            **credentials,
        }
        return edge_client.call("GET", PATH, operation="GetOrder", headers=headers).body

    # The edge's own hop on an event loop: one loop here, run call by call.
    loop = asyncio.new_event_loop()
    async_pool = AsyncConnectionPool(base, connect_timeout=2, read_timeout=10, maxsize=1)

    def asyncio_streams() -> object:
        _, content = loop.run_until_complete(async_pool.send("GET", PATH, None, HEADERS))
        return json.loads(content)

    return {
        "requests, Session.get": requests_request,
        "requests, prepared Session.send": requests_prepared,
        "urllib3 PoolManager.request": urllib3_poolmanager,
        "urllib3 HTTPConnectionPool.urlopen": urllib3_pool,
        "http.client, kept-alive HTTPConnection": http_client,
        "soap_adapter._rest.RestClient.send (the edge's, on a thread)": edge_rest_client,
        "soap_adapter._rest.AsyncConnectionPool (asyncio streams, on the loop)": asyncio_streams,
    }


def cpu_per_call(call: Callable[[], object], calls: int) -> float:
    """ms of this process's CPU per call."""
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls * 1000


@contextlib.contextmanager
def rest_core(url: str | None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
        return
    from _servers import running

    with running("rest-hop") as servers:
        yield servers.rest_url


def measure(url: str | None, calls: int, rounds: int) -> list[tuple[str, float]]:
    """(client, best ms of CPU per call), in the order of `clients`."""
    with rest_core(url) as base:
        named = clients(base)
        for call in named.values():  # warm-up: connections made, code paths hot
            for _ in range(20):
                call()
        best: dict[str, float] = {}
        for _ in range(rounds):
            for name, call in named.items():
                figure = cpu_per_call(call, calls)
                best[name] = min(best.get(name, figure), figure)
    return list(best.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rest_url", nargs="?")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = measure(args.rest_url, args.calls, args.rounds)
    baseline = rows[1][1]  # what the edge used before: a prepared request through requests
    print("| client | client CPU ms/call | ratio to requests (prepared) |")
    print("| --- | ---: | ---: |")
    for name, figure in rows:
        print(f"| {name} | {figure:.3f} | {figure / baseline:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
