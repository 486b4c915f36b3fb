"""Slow and idle clients on raw sockets: half-sent headers, trickled headers, trickled bodies."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time

KINDS = ("half-sent headers", "trickled headers", "trickled body")


class SlowClients:
    """`counts[kind]` connections to 127.0.0.1:`port` that start a POST to `path` and stall:
    nothing after `Host` (half-sent), a header line every `interval` s, or a declared body a byte
    every `interval` s. A connection counts as closed when the server answers it or hangs up."""

    def __init__(self, port: int, path: str, counts: dict[str, int], interval: float = 1.0) -> None:
        self.port = port
        self.path = path
        self.counts = counts
        self.interval = interval
        self.open: dict[socket.socket, str] = {}
        self.answers: list[bytes] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> SlowClients:
        for kind, count in self.counts.items():
            for _ in range(count):
                s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                head = f"POST {self.path} HTTP/1.1\r\nHost: x\r\n"
                if kind == "trickled body":
                    head += (
                        "Content-Type: text/xml; charset=utf-8\r\nContent-Length: 100000\r\n\r\n<"
                    )
                s.sendall(head.encode())
                self.open[s] = kind
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        for s in self.open:
            s.close()

    def _trickle(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                for s, kind in list(self.open.items()):
                    if kind == "half-sent headers":
                        continue
                    try:
                        s.sendall(b"X-Slow: 1\r\n" if kind == "trickled headers" else b"<")
                    except OSError:
                        self._closed(s)

    def _closed(self, s: socket.socket) -> None:
        self.open.pop(s, None)
        s.close()

    def wait_until_closed(self, timeout: float) -> dict[str, int]:
        """Wait at most `timeout` s for the server to close every stalled connection; what is
        still open then, by kind."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self.open:
                    break
                readable, _, _ = select.select(list(self.open), [], [], 0.2)
                for s in readable:
                    with contextlib.suppress(OSError):
                        self.answers.append(s.recv(200))
                    self._closed(s)
        with self._lock:
            left: dict[str, int] = {}
            for kind in self.open.values():
                left[kind] = left.get(kind, 0) + 1
            return left
