"""What the strangler routes cost: `legacy` and `shadow` beside calling the legacy service directly.

usage: python bench/strangler.py [--calls N] [--seconds S] [--smoke] [--output BENCHMARKS.md]

Starts the legacy OrderService (../shared/legacy-system, or LEGACY_SYSTEM), a seeded REST core
and a SOAP edge (one worker) whose routing file sends one read `legacy` and another `shadow`,
then swaps them. One client interleaves, call by call, the same request straight to the legacy
service and through the edge, so both see the same machine at the same moment; the figures are
ratios of the two. Comparison throughput is measured twice: the matching rules alone on a real
pair of answers (one thread, in this process), and the edge's shadow comparisons per second under
a burst of shadowed calls (its queue drops what it cannot keep up with, counted).
Writes its section of BENCHMARKS.md (between the strangler markers; the rest is left alone).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import _soap as soap
import requests
from _servers import ROOT, _port, running
from prometheus_client.parser import text_string_to_metric_families

from soap_adapter import parse_xml, shadow_differences

OPERATOR = ("backoffice", "Winter2011!")
TOKEN = soap.text_token(*OPERATOR)
LEGACY = pathlib.Path(
    os.environ.get(
        "LEGACY_SYSTEM", str(ROOT.parent / "shared" / "legacy-system" / "legacy_orderservice.py")
    )
)
READS = {
    "GetCustomer": "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>",
    "GetOrder": "<tns:GetOrder><tns:OrderId>SO-00004711</tns:OrderId></tns:GetOrder>",
}
BEGIN, END = "<!-- strangler: bench/strangler.py -->", "<!-- /strangler -->"


@contextlib.contextmanager
def legacy_service(log: pathlib.Path) -> Iterator[str]:
    port = _port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(LEGACY), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/OrderService.asmx"
    try:
        for _ in range(300):
            with contextlib.suppress(requests.RequestException):
                requests.get(url + "?wsdl", timeout=1)
                break
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def routes(path: pathlib.Path, legacy_url: str, store: pathlib.Path, **modes: str) -> None:
    lines = [f'[legacy]\nurl = "{legacy_url}"\n', "[routes]", 'default = "rest"']
    lines += [f'{name} = "{mode}"' for name, mode in modes.items()]
    lines += ["", "[shadow]", f'store = "{store}"', "queue = 1000"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    time.sleep(1.5)  # the edge looks at the file every 0.5 s


def post(session: requests.Session, url: str, operation: str) -> float:
    started = time.perf_counter()
    response = session.post(
        url,
        data=soap.envelope(READS[operation], headers=TOKEN),
        # A connection per call, as the edge's own legacy client does: on a kept-alive
        # connection the legacy service's answers stall ~40 ms (Nagle and delayed ACK).
        headers={"Content-Type": "text/xml; charset=utf-8", "Connection": "close"},
        timeout=30,
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{operation} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] * 1000


def counter(metrics_url: str, name: str) -> float:
    text = requests.get(metrics_url, timeout=10).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400, help="per operation and route")
    parser.add_argument("--seconds", type=float, default=8.0, help="the shadow burst")
    parser.add_argument("--smoke", action="store_true", help="a tiny budget: proves it runs")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    calls, seconds = (20, 1.0) if args.smoke else (args.calls, args.seconds)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="strangler-bench-"))
    routes_file = tmp / "routes.toml"
    store = tmp / "shadow.sqlite3"
    rows: list[str] = []
    with legacy_service(tmp / "legacy.log") as legacy_url:
        routes_file.write_text(f'[legacy]\nurl = "{legacy_url}"\n', encoding="utf-8")
        os.environ["SOAP_ADAPTER_ROUTES"] = str(routes_file)
        with running("strangler-bench", edge_workers=1) as servers:
            metrics_url = servers.soap_url.rsplit("/", 1)[0] + "/metrics"
            session = requests.Session()
            for legacy_op, shadow_op in (("GetCustomer", "GetOrder"), ("GetOrder", "GetCustomer")):
                routes(routes_file, legacy_url, store, **{legacy_op: "legacy", shadow_op: "shadow"})
                times: dict[str, list[float]] = {}
                for _ in range(5):  # warm-up
                    for op in READS:
                        post(session, legacy_url, op)
                        post(session, servers.soap_url, op)
                for _ in range(calls):
                    for op in (legacy_op, shadow_op):
                        times.setdefault(f"{op} direct", []).append(post(session, legacy_url, op))
                        times.setdefault(f"{op} edge", []).append(
                            post(session, servers.soap_url, op)
                        )
                for op, route in ((legacy_op, "legacy"), (shadow_op, "shadow")):
                    direct, edge = times[f"{op} direct"], times[f"{op} edge"]
                    d50, e50 = quantile(direct, 0.5), quantile(edge, 0.5)
                    d95, e95 = quantile(direct, 0.95), quantile(edge, 0.95)
                    rows.append(
                        f"| {op} | `{route}` | {d50:.2f} | {e50:.2f} | {e50 - d50:.2f} | "
                        f"{e50 / d50:.2f} | {d95:.2f} | {e95:.2f} | {e95 / d95:.2f} |"
                    )

            # The matching rules alone, on a real pair of answers (legacy vs REST path).
            routes(routes_file, legacy_url, store)
            pair = []
            for url in (legacy_url, servers.soap_url):
                response = session.post(
                    url,
                    data=soap.envelope(READS["GetOrder"], headers=TOKEN),
                    headers={"Content-Type": "text/xml; charset=utf-8"},
                    timeout=30,
                )
                pair.append(response.content)
            n, started = 0, time.perf_counter()
            while time.perf_counter() - started < seconds:
                legacy_root, rest_root = parse_xml(pair[0]), parse_xml(pair[1])
                assert shadow_differences(legacy_root, rest_root) == []
                n += 1
            alone = n / (time.perf_counter() - started)

            # The edge's comparisons under a burst of shadowed calls from 4 clients.
            routes(routes_file, legacy_url, store, GetOrder="shadow")
            before = counter(metrics_url, "soap_shadow_comparisons_total")
            dropped_before = counter(metrics_url, "soap_shadow_dropped_total")
            deadline = time.perf_counter() + seconds

            def client() -> int:
                done = 0
                with requests.Session() as own:
                    while time.perf_counter() < deadline:
                        post(own, servers.soap_url, "GetOrder")
                        done += 1
                return done

            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                answered = sum(pool.map(lambda _: client(), range(4)))
            burst = time.perf_counter() - started
            time.sleep(2)  # the queue drains
            compared = counter(metrics_url, "soap_shadow_comparisons_total") - before
            dropped = counter(metrics_url, "soap_shadow_dropped_total") - dropped_before
    os.environ.pop("SOAP_ADAPTER_ROUTES", None)

    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join(
        [
            BEGIN,
            "## Strangler routes: `legacy` and `shadow` beside the legacy service called directly",
            "",
            f"Run {now} on {os.cpu_count()} cores, Python {platform.python_version()}; command: "
            f"`python bench/strangler.py --calls {calls} --seconds {seconds:g}`"
            + (" --smoke" if args.smoke else "")
            + ". One client, one edge worker; each call straight to the legacy service is "
            "followed by the same call through the edge, so the two columns share the machine's "
            "load. Ratios are edge / direct.",
            "",
            "| operation | route | direct p50 ms | edge p50 ms | added p50 ms | p50 ratio "
            "| direct p95 ms | edge p95 ms | p95 ratio |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            "Comparison throughput:",
            "",
            f"- the matching rules alone (parse both GetOrder answers and list every "
            f"difference, one thread): {alone:.0f} comparisons/s",
            f"- the edge under a burst of shadowed GetOrder calls from 4 clients for "
            f"{burst:.1f} s: {answered} calls answered ({answered / burst:.0f}/s), "
            f"{compared:.0f} compared ({compared / burst:.0f}/s, REST path included), "
            f"{dropped:.0f} dropped by the full queue",
            END,
        ]
    )
    print(section)
    if not args.smoke:
        output = pathlib.Path(args.output)
        text = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
