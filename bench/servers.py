"""The HTTP servers that can serve each tier, side by side: CPU per call, p50, slow clients.

usage: python bench/servers.py [--calls N] [--slow N] [--deadline S] [--rounds N] [--only TEXT]
                               [--skip-slow] [--smoke] [--output FILE]

One seeded REST core serves the edge options; each option then serves the same application on
its own port, one worker, 8 threads where it has threads, measured one after the other in this
run: CPU per call (user + system of the server's process tree from /proc over `--calls` calls from
4 clients) and p50 latency with one client, each the best of `--rounds`; then 5 normal calls
(5 s client timeout) while slow clients hold connections:
60 that send `POST ... HTTP/1.1` and `Host` and then nothing, `--slow` that trickle a header line
every 3 s, `--slow` that trickle a declared body a byte every 3 s. Each server's own read deadline
is set to `--deadline` where it has one. Ratios are to the first option of each tier (the server
it ran on before this comparison). The REST core options also get a 2 MiB header line and a
300 MiB declared body. Prints a Markdown report; `--output FILE` also writes it into FILE
between the markers `<!-- bench/servers.py -->` and `<!-- /bench/servers.py -->` (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime
import os
import pathlib
import platform
import select
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import _soap as soap
import requests
from _servers import BIN, ROOT, _port, _serving
from benchmark import cpu_seconds
from cryptography.fernet import Fernet

OPERATOR = ("backoffice", "Winter2011!")
GET_ORDER = soap.envelope(
    "<tns:GetOrder><tns:OrderId>SO-00004716</tns:OrderId></tns:GetOrder>",
    headers=soap.text_token(*OPERATOR),
)
SOAP_PATH = "/OrderService.asmx"
REST_PATH = "/v1/orders/4716"
NORMAL_CALLS = 5  # made while the slow clients hold their connections


@dataclass
class Option:
    name: str
    argv: Callable[[int, float], list[str]]  # (port, deadline) -> command
    env: dict[str, str] = field(default_factory=dict)


def a2wsgi_edge() -> object:
    """The bare WSGI edge behind a2wsgi's WSGI-to-ASGI bridge (uvicorn's way to serve WSGI)."""
    from a2wsgi import WSGIMiddleware

    from soap_adapter._server import wsgi_app

    return WSGIMiddleware(wsgi_app(), workers=int(os.environ.get("SOAP_ADAPTER_THREADS", "8")))


def edge_options(threads: int) -> list[Option]:
    wsgi = "soap_adapter._server:wsgi_app"
    g = [str(BIN / "gunicorn"), "--workers", "1", "--log-level", "warning", "--timeout", "66"]
    t = str(threads)
    return [
        Option(
            "gunicorn gthread (before)",
            lambda p, d: [*g, "-k", "gthread", "--threads", t, "-b", f"127.0.0.1:{p}", f"{wsgi}()"],
        ),
        Option(
            "gunicorn sync", lambda p, d: [*g, "-k", "sync", "-b", f"127.0.0.1:{p}", f"{wsgi}()"]
        ),
        Option(
            "waitress",
            lambda p, d: [
                str(BIN / "waitress-serve"),
                f"--listen=127.0.0.1:{p}",
                f"--threads={t}",
                f"--channel-timeout={int(d)}",
                "--call",
                wsgi,
            ],
        ),
        Option(
            "granian WSGI",
            lambda p, d: [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "--factory",
                "--port",
                str(p),
                "--http",
                "1",
                "--no-ws",
                "--blocking-threads",
                t,
                "--log-level",
                "warning",
                "--http1-header-read-timeout",
                str(int(d * 1000)),
                wsgi,
            ],
        ),
        Option(
            "uvicorn + a2wsgi",
            lambda p, d: [
                str(BIN / "uvicorn"),
                "--factory",
                "--port",
                str(p),
                "--log-level",
                "warning",
                "--no-access-log",
                "--app-dir",
                str(ROOT / "bench"),
                "servers:a2wsgi_edge",
            ],
        ),
        Option(
            "granian ASGI, body read on the loop (soap-adapter serve)",
            lambda p, d: [
                str(BIN / "soap-adapter"),
                "serve",
                "--port",
                str(p),
                "--workers",
                "1",
                "--threads",
                t,
            ],
            {"SOAP_ADAPTER_BODY_TIMEOUT": "DEADLINE", "SOAP_ADAPTER_HEADER_TIMEOUT": "DEADLINE"},
        ),
    ]


def core_options() -> list[Option]:
    factory = "rest_core.app:create_app"
    u = [str(BIN / "uvicorn"), "--factory", "--log-level", "warning", "--no-access-log"]
    return [
        Option("uvicorn, httptools (before)", lambda p, d: [*u, "--port", str(p), factory]),
        Option(
            "uvicorn, h11, 64 KiB incomplete event",
            lambda p, d: [
                *u,
                "--port",
                str(p),
                "--http",
                "h11",
                "--h11-max-incomplete-event-size",
                "65536",
                factory,
            ],
        ),
        Option(
            "granian ASGI + body limit (rest-core serve)",
            lambda p, d: [str(BIN / "rest-core"), "serve", "--port", str(p)],
            {"BODY_TIMEOUT_SECONDS": "DEADLINE", "HEADER_TIMEOUT_SECONDS": "DEADLINE"},
        ),
    ]


# ---------------------------------------------------------------- load


def soap_call(session: requests.Session, base: str) -> None:
    response = session.post(
        base + SOAP_PATH,
        data=GET_ORDER,
        headers={"Content-Type": "text/xml; charset=utf-8"},
        timeout=30,
    )
    if response.status_code != 200:
        raise RuntimeError(f"SOAP GetOrder: {response.status_code} {response.text[:200]}")


def rest_call(session: requests.Session, base: str) -> None:
    response = session.get(base + REST_PATH, auth=OPERATOR, timeout=30)
    if response.status_code != 200:
        raise RuntimeError(f"REST GET: {response.status_code} {response.text[:200]}")


def cpu_per_call(
    call: Callable[[requests.Session, str], None], base: str, pid: int, calls: int
) -> float:
    """ms of the server's CPU per call, `calls` calls from 4 client threads."""
    left = iter(range(calls))
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        session.trust_env = False
        while True:
            with lock:
                if next(left, None) is None:
                    return
            call(session, base)

    before = cpu_seconds(pid)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: client(), range(4)))
    return (cpu_seconds(pid) - before) * 1000 / calls


def p50(call: Callable[[requests.Session, str], None], base: str, count: int) -> float:
    session = requests.Session()
    session.trust_env = False
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        call(session, base)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


# ---------------------------------------------------------------- slow clients


@dataclass
class SlowOutcome:
    normal_max_ms: float | None  # None: a normal call failed (timed out after 5 s)
    normal_failed: int
    closed: int
    opened: int
    closed_after_s: float | None  # when the last stalled connection was closed by the server

    def __str__(self) -> str:
        calls = (
            f"normal calls max {self.normal_max_ms:.0f} ms"
            if self.normal_failed == 0 and self.normal_max_ms is not None
            else f"{self.normal_failed}/{NORMAL_CALLS} normal calls failed (5 s client timeout)"
        )
        if self.closed == self.opened:
            shut = f"all {self.opened} closed by {self.closed_after_s:.0f} s"
        else:
            shut = f"{self.opened - self.closed} of {self.opened} still open"
        return f"{calls}; {shut}"


def _first_bytes(kind: str, path: str) -> bytes:
    if kind == "body":
        return (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\n"
            "Content-Length: 100000\r\n\r\n<"
        ).encode()
    return f"POST {path} HTTP/1.1\r\nHost: x\r\n".encode()


def slow_clients(
    kind: str,
    count: int,
    port: int,
    path: str,
    call: Callable[[requests.Session, str], None],
    window: float,
) -> SlowOutcome:
    """`count` connections stalled as `kind` (half, headers, body) while NORMAL_CALLS normal calls are made;
    then wait up to `window` s from the start for the server to close the stalled ones."""
    began = time.monotonic()
    sockets: list[socket.socket] = []
    for _ in range(count):
        with contextlib.suppress(OSError):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(_first_bytes(kind, path))
            sockets.append(s)
    open_ = set(sockets)
    closed_at: list[float] = []
    stop = threading.Event()
    lock = threading.Lock()

    def watch(block: float) -> None:
        with lock:
            if not open_:
                return
            readable, _, _ = select.select(list(open_), [], [], block)
            for s in readable:  # an answer (408, 400...) or EOF: the server gave up on it
                with contextlib.suppress(OSError):
                    s.recv(65536)
                open_.discard(s)
                closed_at.append(time.monotonic() - began)

    def trickle() -> None:
        while not stop.wait(3.0):
            with lock:
                for s in list(open_):
                    if kind == "half":
                        continue
                    try:
                        s.sendall(b"X-Slow: 1\r\n" if kind == "headers" else b"<")
                    except OSError:
                        open_.discard(s)
                        closed_at.append(time.monotonic() - began)

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    time.sleep(1.0)
    session = requests.Session()
    session.trust_env = False
    durations, failed = [], 0
    base = f"http://127.0.0.1:{port}"
    for _ in range(NORMAL_CALLS):
        started = time.perf_counter()
        try:
            response_call_with_timeout(call, session, base)
            durations.append((time.perf_counter() - started) * 1000)
        except (requests.RequestException, RuntimeError):
            failed += 1
            session = requests.Session()
            session.trust_env = False
        watch(0)
    while time.monotonic() - began < window and open_:
        watch(0.5)
    stop.set()
    trickler.join()
    opened = len(sockets)
    closed = opened - len(open_)
    for s in sockets:
        s.close()
    return SlowOutcome(
        max(durations) if durations else None,
        failed,
        closed,
        opened,
        max(closed_at) if closed_at and closed == opened else None,
    )


def response_call_with_timeout(
    call: Callable[[requests.Session, str], None], session: requests.Session, base: str
) -> None:
    """A normal call with a 5 s client timeout (the calls above use 30 s)."""
    original = session.request

    def bounded(*args: object, **kwargs: object) -> requests.Response:
        kwargs["timeout"] = 5
        return original(*args, **kwargs)  # type: ignore[arg-type]

    session.request = bounded  # type: ignore[method-assign]
    call(session, base)


# ---------------------------------------------------------------- oversize (REST core)


def oversize(port: int) -> str:
    """What a 2 MiB header line and a declared 300 MiB body get."""
    out = []
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        with contextlib.suppress(OSError):
            s.sendall(
                b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (2 << 20) + b"\r\n\r\n"
            )
        try:
            out.append("2 MiB header: " + s.recv(200).split(b"\r\n")[0].decode(errors="replace"))
        except OSError as exc:
            out.append(f"2 MiB header: {type(exc).__name__}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            b"POST /v1/customers/101/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Authorization: Basic YmFja29mZmljZTpXaW50ZXIyMDExIQ==\r\nContent-Length: 314572800\r\n\r\n"
        )
        sent = 0
        began = time.monotonic()
        try:
            while sent < (300 << 20) and time.monotonic() - began < 10:
                readable, _, _ = select.select([s], [], [], 0)
                if readable:
                    break
                s.sendall(b" " * (1 << 20))
                sent += 1 << 20
            line = s.recv(200).split(b"\r\n")[0].decode(errors="replace")
            out.append(f"300 MiB body: {line or 'closed'} after {sent >> 20} MiB sent")
        except OSError as exc:  # refused mid-way: the answer may still be there to read
            try:
                line = s.recv(200).split(b"\r\n")[0].decode(errors="replace")
            except OSError:
                line = ""
            out.append(f"300 MiB body: {line or type(exc).__name__} after {sent >> 20} MiB sent")
    return "; ".join(out)


# ---------------------------------------------------------------- run


@contextlib.contextmanager
def started(
    option: Option, port: int, deadline: float, env: dict[str, str], tmp: pathlib.Path
) -> Iterator[int]:
    """The option's server on `port` until the block ends; its pid once /health answers."""
    extra = {k: (str(deadline) if v == "DEADLINE" else v) for k, v in option.env.items()}
    with (tmp / f"{port}.log").open("ab") as log:
        process = subprocess.Popen(
            option.argv(port, deadline),
            env={**env, **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp,
            start_new_session=True,
        )
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"{option.name} exited {process.returncode}; see {log.name}")
            with contextlib.suppress(requests.RequestException):
                requests.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{option.name} did not answer on port {port}")
        yield process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def measure(
    option: Option,
    call: Callable[[requests.Session, str], None],
    path: str,
    args: argparse.Namespace,
    env: dict[str, str],
    tmp: pathlib.Path,
    *,
    sizes: bool,
) -> dict[str, object]:
    port = _port()
    with started(option, port, args.deadline, env, tmp) as pid:
        base = f"http://127.0.0.1:{port}"
        for _ in range(30):
            call(requests.Session(), base)
        result: dict[str, object] = {  # the better of `--rounds` rounds
            "cpu": min(cpu_per_call(call, base, pid, args.calls) for _ in range(args.rounds)),
            "p50": min(p50(call, base, args.latency_calls) for _ in range(args.rounds)),
        }
        window = args.deadline + 8
        for kind, count in (("half", 60), ("headers", args.slow), ("body", args.slow)):
            if args.skip_slow:
                result[kind] = "not measured"
                continue
            result[kind] = slow_clients(kind, count, port, path, call, window)
        if sizes:
            result["sizes"] = oversize(port)
        print(f"  {option.name}: {result}", file=sys.stderr, flush=True)
        return result


def chosen(options: list[Option], only: str | None) -> list[Option]:
    """The first (the baseline) and those whose name contains `only`."""
    return [o for i, o in enumerate(options) if only is None or i == 0 or only in o.name]


def table(title: str, rows: list[tuple[Option, dict[str, object]]], sizes: bool) -> list[str]:
    base_cpu = float(rows[0][1]["cpu"])  # type: ignore[arg-type]
    base_p50 = float(rows[0][1]["p50"])  # type: ignore[arg-type]
    head = "| server | CPU ms/call | CPU ratio | p50 ms | p50 ratio | 60 half-sent headers | trickled headers | trickled bodies |"
    lines = [
        f"### {title}",
        "",
        head + (" oversize |" if sizes else ""),
        "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |" + (" --- |" if sizes else ""),
    ]
    for option, r in rows:
        cpu, lat = float(r["cpu"]), float(r["p50"])  # type: ignore[arg-type]
        cells = [
            option.name,
            f"{cpu:.3f}",
            f"{cpu / base_cpu:.2f}",
            f"{lat:.2f}",
            f"{lat / base_p50:.2f}",
            str(r["half"]),
            str(r["headers"]),
            str(r["body"]),
        ]
        if sizes:
            cells.append(str(r["sizes"]))
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


BEGIN, END = "<!-- bench/servers.py -->", "<!-- /bench/servers.py -->"


def write_section(path: pathlib.Path, text: str) -> None:
    """Put `text` between the markers in `path` (appended, with them, when they are not there)."""
    old = path.read_text() if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}"
    else:
        new = f"{old.rstrip()}\n\n{BEGIN}\n{text}\n{END}\n"
    path.write_text(new)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1500, help="calls for CPU per call")
    parser.add_argument("--latency-calls", type=int, default=300)
    parser.add_argument("--slow", type=int, default=200, help="trickling connections")
    parser.add_argument("--deadline", type=float, default=5.0, help="servers' read deadline, s")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="CPU and p50: the best of N")
    parser.add_argument("--only", help="only the options whose name contains this")
    parser.add_argument("--skip-slow", action="store_true", help="CPU and p50 only")
    parser.add_argument("--smoke", action="store_true", help="tiny budget (CI)")
    parser.add_argument("--output", type=pathlib.Path)
    args = parser.parse_args()
    if args.smoke:
        args.calls, args.latency_calls, args.slow, args.deadline, args.rounds = 40, 20, 10, 2.0, 1
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bench-servers-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'orders.sqlite3'}"),
        "CREDENTIAL_KEY": Fernet.generate_key().decode(),
        "SOAP_ADAPTER_LOG_LEVEL": "WARNING",
        "LOG_LEVEL": "WARNING",
        "SOAP_ADAPTER_THREADS": str(args.threads),
    }
    subprocess.run(
        [
            str(BIN / "rest-core"),
            "load-legacy",
            str(ROOT / "contract_fixtures" / "2011-03" / "seed"),
        ],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    core_port = _port()
    core = [str(BIN / "rest-core"), "serve", "--port", str(core_port)]
    edge_rows, core_rows = [], []
    with _serving(core, env, tmp / "core.log"):
        edge_env = {**env, "SOAP_ADAPTER_REST_URL": f"http://127.0.0.1:{core_port}"}
        print("edge options:", file=sys.stderr)
        for option in chosen(edge_options(args.threads), args.only):
            edge_rows.append(
                (option, measure(option, soap_call, SOAP_PATH, args, edge_env, tmp, sizes=False))
            )
    print("REST core options:", file=sys.stderr)
    for option in chosen(core_options(), args.only):
        core_rows.append(
            (option, measure(option, rest_call, REST_PATH, args, env, tmp, sizes=True))
        )
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = [
        f"Run {when} on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}; command: `python bench/servers.py --calls {args.calls} "
        f"--slow {args.slow} --deadline {args.deadline:g} --rounds {args.rounds}`{' (smoke)' if args.smoke else ''}.",
        "",
        *table("SOAP edge, GetOrder (REST core behind it)", edge_rows, sizes=False),
        *table("REST core, GET /v1/orders/4716", core_rows, sizes=True),
    ]
    text = "\n".join(report)
    print(text)
    if args.output:
        write_section(args.output, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
