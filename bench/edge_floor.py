"""What the edge's server layer costs with no edge behind it, beside plain Spyne's GetOrder.

usage: python bench/edge_floor.py [--calls N] [--rounds R]

granian (one worker, ASGI, as `soap-adapter serve` runs it) serves trivial applications that
answer a GetOrder-sized body: through `soap_adapter._asgi.BoundedBodyWsgi` with the application
on a pool thread (how the edge ran every call before) and answering on the event loop (how it
answers SOAP calls now), and bare ASGI. Same load generator and CPU accounting as
`bench/benchmark.py`; the Spyne reference measured back to back; best of R rounds.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

import benchmark as b
from _servers import _port, _serving

GRANIAN = pathlib.Path(sys.executable).parent / "granian"
VARIANTS = {
    "BoundedBodyWsgi, application on a pool thread (the edge before)": [
        "--factory",
        "_floor_apps:thread_pool",
    ],
    "BoundedBodyWsgi, application on the event loop (the edge now)": [
        "--factory",
        "_floor_apps:on_loop",
    ],
    "bare ASGI application": ["_floor_apps:raw"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(__file__).parent)}
    log = pathlib.Path(tempfile.mkdtemp(prefix="edge-floor-")) / "granian.log"
    request = b.spyne_getorder()
    rows = []
    with b.references() as refs:
        b.drive(refs.spyne_port, request, 300, 2)
        for name, target in VARIANTS.items():
            port = _port()
            argv = [str(GRANIAN), "--interface", "asgi", "--host", "127.0.0.1", "--port"]
            argv += [str(port), "--workers", "1", "--no-ws", "--http", "1", *target]
            with _serving(argv, env, log) as pid:
                b.drive(port, request, 300, 2)
                best = None
                for _ in range(args.rounds):
                    (spyne,) = b.cpu_per_call(
                        [refs.spyne_pid], refs.spyne_port, request, args.calls, 4, 1.0
                    )
                    (served,) = b.cpu_per_call([pid], port, request, args.calls, 4, 1.0)
                    if best is None or served / spyne < best[1] / best[0]:
                        best = (spyne, served)
                assert best is not None
                rows.append((name, best[1], best[0]))
    print("| server layer | CPU ms/call | plain Spyne GetOrder CPU ms/call | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, served, spyne in rows:
        print(f"| {name} | {served:.3f} | {spyne:.3f} | {served / spyne:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
