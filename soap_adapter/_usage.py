"""Who still calls which release: calls and distinct usernames per day, release and operation.

The request path only increments a counter in memory (under a lock); a background thread of
each worker process writes the counts to a small SQLite file every `flush_seconds`, drops days
older than `retention_days`, and writes the log line of a deprecated release once per caller per
day. Bounded: at most `max_pending` distinct keys wait in memory (more are dropped, and counted as
dropped). Usernames only: never a password, digest or token.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime
import logging
import os
import pathlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator

logger = logging.getLogger("soap_adapter.usage")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS usage (
    day TEXT NOT NULL, release TEXT NOT NULL, operation TEXT NOT NULL, username TEXT NOT NULL,
    calls INTEGER NOT NULL, PRIMARY KEY (day, release, operation, username)
);
CREATE TABLE IF NOT EXISTS deprecation_notice (
    day TEXT NOT NULL, release TEXT NOT NULL, username TEXT NOT NULL,
    PRIMARY KEY (day, release, username)
);
"""
ANONYMOUS = ""  # a call whose caller was not authenticated: counted, never a username


@dataclasses.dataclass(frozen=True)
class Notice:
    """What a deprecated release's callers are told once a day in the log."""

    release: str
    deprecation: str  # as configured, e.g. 2026-12-01
    sunset: str | None


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


@contextlib.contextmanager
def _connect(path: pathlib.Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=10)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(_SCHEMA)
        with connection:
            yield connection
    finally:
        connection.close()


class UsageRecorder:
    """Counts calls in memory and writes them off the hot path, once per worker process."""

    def __init__(
        self,
        path: pathlib.Path,
        *,
        notices: dict[str, Notice] | None = None,
        flush_seconds: float = 10.0,
        retention_days: int = 400,
        max_pending: int = 10_000,
    ) -> None:
        self.path = path
        self.notices = notices or {}
        self.flush_seconds = flush_seconds
        self.retention_days = retention_days
        self.max_pending = max_pending
        self._pending: Counter[tuple[str, str, str, str]] = Counter()
        self._dropped = 0
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._stop = threading.Event()

    def record(self, release: str, operation: str, username: str | None) -> None:
        """Count one call (the request path: a dict increment, no I/O)."""
        if self._pid != os.getpid():  # first call in this (forked) worker: start its writer
            self._start()
        key = (_today(), release, operation, username or ANONYMOUS)
        with self._lock:
            if key in self._pending or len(self._pending) < self.max_pending:
                self._pending[key] += 1
            else:
                self._dropped += 1

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._pending.clear()  # counts inherited from another process are that one's
            self._stop = threading.Event()
            threading.Thread(target=self._run, name="usage-writer", daemon=True).start()
            atexit.register(self.close)  # what the last interval counted, when the worker ends

    def _run(self) -> None:
        while not self._stop.wait(self.flush_seconds):
            self.flush()

    def close(self) -> None:
        self._stop.set()
        self.flush()

    def flush(self) -> None:
        """Write what was counted since the last flush; keep it for the next one on failure."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            dropped, self._dropped = self._dropped, 0
        if dropped:
            logger.warning("usage: %d calls not counted (more than %d keys)", dropped, len(pending))
        if not pending:
            return
        try:
            with _connect(self.path) as db:
                db.executemany(
                    "INSERT INTO usage VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
                    "SET calls = calls + excluded.calls",
                    [(*key, calls) for key, calls in pending.items()],
                )
                oldest = datetime.date.fromisoformat(_today()) - datetime.timedelta(
                    days=self.retention_days
                )
                db.execute("DELETE FROM usage WHERE day < ?", (oldest.isoformat(),))
                db.execute("DELETE FROM deprecation_notice WHERE day < ?", (_today(),))
                self._notify(db, pending)
        except sqlite3.Error as exc:
            logger.warning("usage: could not write %s (%s); kept for the next try", self.path, exc)
            with self._lock:
                for key, calls in pending.items():
                    if key in self._pending or len(self._pending) < self.max_pending:
                        self._pending[key] += calls

    def _notify(self, db: sqlite3.Connection, pending: Counter[tuple[str, str, str, str]]) -> None:
        """One log line per caller of a deprecated release per day (across this edge's workers)."""
        for day, release, _operation, username in sorted(pending):
            notice = self.notices.get(release)
            if notice is None or not username:  # a caller is someone who authenticated
                continue
            added = db.execute(
                "INSERT INTO deprecation_notice VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (day, release, username),
            ).rowcount
            if added:
                logger.warning(
                    "release %s is deprecated since %s%s and was called today by %s",
                    release,
                    notice.deprecation,
                    f", sunset {notice.sunset}" if notice.sunset else "",
                    username,
                )


@dataclasses.dataclass(frozen=True)
class UsageRow:
    release: str
    operation: str
    calls: int
    usernames: tuple[str, ...]


def report(path: pathlib.Path, days: int) -> list[UsageRow]:
    """Per release and operation over the last `days` days (today included): calls and the
    distinct usernames that made them."""
    since = (
        datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=days - 1)
    ).isoformat()
    if not path.exists():
        return []
    with _connect(path) as db:
        rows = db.execute(
            "SELECT release, operation, username, SUM(calls) FROM usage WHERE day >= ? "
            "GROUP BY release, operation, username ORDER BY release, operation, username",
            (since,),
        ).fetchall()
    grouped: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for release, operation, username, calls in rows:
        total, names = grouped.get((release, operation), (0, []))
        grouped[(release, operation)] = (total + calls, [*names, username] if username else names)
    return [
        UsageRow(release, operation, calls, tuple(names))
        for (release, operation), (calls, names) in grouped.items()
    ]
