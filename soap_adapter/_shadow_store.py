"""Where shadow comparisons are kept for the operator: an SQLite file the edge owns, bounded.

Only what the Bodies of two answers held is stored (paths, values clipped to 200 characters, the
correlation id): never a request, so never a password, digest, nonce or token.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import pathlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence

from soap_adapter._compare import Difference

SCHEMA = """
CREATE TABLE IF NOT EXISTS comparisons (
    operation TEXT NOT NULL,
    outcome TEXT NOT NULL,           -- match, mismatch, error, dropped
    count INTEGER NOT NULL,
    PRIMARY KEY (operation, outcome)
);
CREATE TABLE IF NOT EXISTS differences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    operation TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    kind TEXT NOT NULL,              -- mismatch (REST differs) or noise (legacy differs from itself)
    path TEXT NOT NULL,              -- without positions: the key the report groups by
    example_path TEXT NOT NULL,
    legacy_value TEXT NOT NULL,
    rest_value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS differences_by_path ON differences (operation, kind, path);
"""


@dataclasses.dataclass(frozen=True)
class PathReport:
    path: str
    count: int
    example_path: str
    legacy_value: str
    rest_value: str
    correlation_id: str


@dataclasses.dataclass(frozen=True)
class OperationReport:
    operation: str
    match: int
    mismatch: int
    error: int
    dropped: int
    paths: list[PathReport]
    noise: list[PathReport]

    @property
    def compared(self) -> int:
        return self.match + self.mismatch + self.error

    @property
    def mismatch_rate(self) -> float:
        return self.mismatch / self.compared if self.compared else 0.0


class ShadowStore:
    """Counts per operation and outcome, and the newest `max_differences` differences."""

    def __init__(self, path: pathlib.Path, max_differences: int = 10000) -> None:
        self.path = path
        self.max_differences = max_differences
        self._lock = threading.Lock()
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection: several edge processes share the file (WAL, busy wait);
        a comparison lost to a power cut is acceptable, an fsync per comparison is not."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        yield db

    def record(
        self,
        operation: str,
        outcome: str,
        correlation_id: str,
        found: Sequence[Difference] = (),
        noise: Sequence[Difference] = (),
    ) -> None:
        at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows = [
            (at, operation, correlation_id, kind, d.key, d.path, d.expected, d.actual)
            for kind, group in (("mismatch", found), ("noise", noise))
            for d in group
        ]
        with self._lock, self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT INTO comparisons (operation, outcome, count) VALUES (?, ?, 1) "
                    "ON CONFLICT (operation, outcome) DO UPDATE SET count = count + 1",
                    (operation, outcome),
                )
                if rows:
                    db.executemany(
                        "INSERT INTO differences (at, operation, correlation_id, kind, path, "
                        "example_path, legacy_value, rest_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                    db.execute(
                        "DELETE FROM differences WHERE id <= (SELECT MAX(id) FROM differences) - ?",
                        (self.max_differences,),
                    )
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def report(self, top: int = 5) -> list[OperationReport]:
        with self._connect() as db:
            counts: dict[str, dict[str, int]] = {}
            for operation, outcome, count in db.execute(
                "SELECT operation, outcome, count FROM comparisons"
            ):
                counts.setdefault(operation, {})[outcome] = count
            reports = []
            for operation in sorted(counts):
                reports.append(
                    OperationReport(
                        operation,
                        counts[operation].get("match", 0),
                        counts[operation].get("mismatch", 0),
                        counts[operation].get("error", 0),
                        counts[operation].get("dropped", 0),
                        self._paths(db, operation, "mismatch", top),
                        self._paths(db, operation, "noise", top),
                    )
                )
            return reports

    @staticmethod
    def _paths(db: sqlite3.Connection, operation: str, kind: str, top: int) -> list[PathReport]:
        found = []
        for path, count, newest in db.execute(
            "SELECT path, COUNT(*), MAX(id) FROM differences WHERE operation = ? AND kind = ? "
            "GROUP BY path ORDER BY COUNT(*) DESC, path LIMIT ?",
            (operation, kind, top),
        ):
            example = db.execute(
                "SELECT example_path, legacy_value, rest_value, correlation_id FROM differences "
                "WHERE id = ?",
                (newest,),
            ).fetchone()
            found.append(PathReport(path, count, *example))
        return found


def format_report(reports: Sequence[OperationReport]) -> str:
    """The report `soap-adapter shadow-report` prints."""
    if not reports:
        return "no shadow comparisons recorded yet\n"
    lines = []
    for r in reports:
        lines.append(
            f"{r.operation}: {r.compared} compared, {r.mismatch} mismatch "
            f"({r.mismatch_rate:.1%}), {r.error} error, {r.match} match, {r.dropped} dropped"
        )
        for p in r.paths:
            lines.append(
                f"  {p.count:>6}  {p.path}\n"
                f"          e.g. {p.example_path}: legacy {p.legacy_value!r} vs REST "
                f"{p.rest_value!r} (correlation id {p.correlation_id})"
            )
        for p in r.noise:
            lines.append(
                f"  {p.count:>6}  {p.path} (noise: the legacy service differs from itself, "
                f"e.g. {p.legacy_value!r} vs {p.rest_value!r}; not counted as mismatch)"
            )
    return "\n".join(lines) + "\n"
