"""A storm of wrong passwords: a valid caller's latency through the edge beside its latency alone,
the REST core's peak memory, and what a failed login costs for a wrong password, an unknown user
and a disabled one.

usage: python bench/auth_storm.py [--clients 32] [--seconds 20] [--passwords random|same]

Starts a seeded REST core (one process) and a SOAP edge (two workers, as `soap-adapter serve`
starts by default) on loopback against a fresh SQLite file (or DATABASE_URL). Phase one: the valid
caller alone (GetCustomer, PasswordText, the operator account, one call after another). Phase two:
the same caller while CLIENTS threads send GetCustomer with a wrong PasswordText for the same
account through the same edge (the attacker and the real user behind one gateway address), each
with a new random password (`random`, no cache can help) or one wrong password (`same`). The REST
core's resident memory (its whole process tree) is sampled every 50 ms in both phases.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import secrets
import statistics
import sys
import threading
import time

import _soap as soap
import requests
from _servers import running
from benchmark import rss_mb

OPERATOR = ("backoffice", "Winter2011!")
GET_CUSTOMER = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"


class PeakMemory:
    """Samples the resident memory of a process tree in the background; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(rss_mb(self.pid)))
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def valid_calls(url: str, seconds: float) -> list[float]:
    """Latencies (ms) of the valid caller's calls, one after another, for `seconds`."""
    body = soap.envelope(GET_CUSTOMER, headers=soap.text_token(*OPERATOR))
    session = requests.Session()
    session.trust_env = False
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.perf_counter()
        response = session.post(
            url, data=body, headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=60
        )
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(
                f"the valid caller was refused: {response.status_code} {response.text}"
            )
    return latencies


def attacker(url: str, stop: threading.Event, same: bool, counts: dict[str, int]) -> None:
    session = requests.Session()
    session.trust_env = False
    wrong = "wrong-" + secrets.token_hex(8)
    while not stop.is_set():
        password = wrong if same else "wrong-" + secrets.token_hex(8)
        body = soap.envelope(GET_CUSTOMER, headers=soap.text_token(OPERATOR[0], password))
        try:
            response = session.post(
                url, data=body, headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=60
            )
            kind = (
                "FailedAuthentication"
                if b"FailedAuthentication" in response.content
                else (f"HTTP {response.status_code}")
            )
        except requests.RequestException as exc:
            kind = type(exc).__name__
        counts[kind] = counts.get(kind, 0) + 1
        if kind != "FailedAuthentication" and "temporarily unavailable" not in response.text:
            print(f"attacker got {kind}", file=sys.stderr)


def failure_costs(rest_url: str, rounds: int) -> dict[str, float]:
    """Median latency (ms) of a refused HTTP Basic login straight to the REST core, per kind."""
    kinds = {
        "wrong password": "backoffice",
        "unknown user": "nobody-" + secrets.token_hex(4),
        "disabled user": "retired-batch",
    }
    samples: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(rounds):
        for kind, username in kinds.items():
            began = time.perf_counter()
            response = requests.get(
                f"{rest_url}/v1/customers/101",
                auth=(username, "wrong-" + secrets.token_hex(8)),
                timeout=60,
            )
            samples[kind].append((time.perf_counter() - began) * 1000)
            assert response.status_code in (401, 429), response.text
    return {kind: statistics.median(values) for kind, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--passwords", choices=("random", "same"), default="random")
    args = parser.parse_args()
    with running("auth-storm", edge_workers=2) as servers:
        costs = failure_costs(servers.rest_url, 5)
        time.sleep(2)  # let the failures of the cost probe age out of nothing: they are few
        valid_calls(servers.soap_url, 1.0)  # warm up (and verify the password once)
        with PeakMemory(servers.rest_pid) as alone_memory:
            alone = valid_calls(servers.soap_url, args.seconds / 2)
        stop = threading.Event()
        counts: dict[str, int] = {}
        with (
            PeakMemory(servers.rest_pid) as storm_memory,
            concurrent.futures.ThreadPoolExecutor(args.clients) as pool,
        ):
            for _ in range(args.clients):
                pool.submit(attacker, servers.soap_url, stop, args.passwords == "same", counts)
            time.sleep(1.0)  # the storm is on
            try:
                stormed = valid_calls(servers.soap_url, args.seconds)
            finally:
                stop.set()
    alone_median, storm_median = statistics.median(alone), statistics.median(stormed)
    print(f"# Wrong-password storm: {args.clients} clients, {args.passwords} passwords")
    print()
    print("| valid caller through the edge | calls | median ms | p95 ms |")
    print("| --- | --- | --- | --- |")
    for name, values in (("alone", alone), ("during the storm", stormed)):
        p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
        print(f"| {name} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} |")
    print()
    print(f"median during the storm / alone: {storm_median / alone_median:.2f}")
    print(f"REST core peak RSS: alone {alone_memory.peak:.0f} MB, storm {storm_memory.peak:.0f} MB")
    print(f"attackers' answers: {dict(sorted(counts.items()))}")
    print()
    print("| refused Basic login straight to the REST core | median ms |")
    print("| --- | --- |")
    for kind, median in costs.items():
        print(f"| {kind} | {median:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
