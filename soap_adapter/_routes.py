"""The routing file: per 2011-03 operation, whether the REST core, the legacy service or both answer.

```toml
[legacy]
url = "http://127.0.0.1:8080/OrderService.asmx"
timeout = 5.0                  # seconds for the whole legacy call (connect + answer)

[routes]                       # any operation not named uses default
default = "rest"
GetCustomer = "shadow"         # legacy answers; the REST path runs beside it and is compared
CreateOrder = "legacy"         # legacy answers; the REST core is told the same change after it

[shadow]
queue = 1000                   # comparisons waiting; when full, new ones are dropped (counted)
workers = 1                    # comparison threads per edge process
store = "var/shadow.sqlite3"   # differences, for `soap-adapter shadow-report`
max_differences = 10000        # the store keeps the newest this many
second_legacy = true           # ask the legacy twice; paths where it disagrees with itself are noise

[shadow.ignore]                # paths where the two systems legitimately differ
GetOrder = ["GetOrderResponse/GetOrderResult/Notes"]

[record]                       # `record`: like `legacy`, and each call is written as a step of
dir = "var/recorded/session-1" # the exchange in this folder (credentials as placeholders)
```

A file that does not hold together is refused with the line it is wrong on; a change to the file
(or SIGHUP to the server) swaps the table between calls, never during one.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pathlib
import threading
import time
import tomllib
from collections.abc import Collection, Mapping
from typing import Any

logger = logging.getLogger("soap_adapter.routes")

MODES = ("rest", "legacy", "shadow", "record")
REST, LEGACY, SHADOW, RECORD = MODES
CHECK_INTERVAL = 0.5  # seconds between two looks at the file's modification time


class RoutesError(ValueError):
    """The routing file cannot be used; the message names the file and line."""


@dataclasses.dataclass(frozen=True)
class ShadowSettings:
    queue: int = 1000
    workers: int = 1
    store: pathlib.Path = pathlib.Path("var/shadow.sqlite3")
    max_differences: int = 10000
    second_legacy: bool = True
    # Not part of the identity: a change of ignore lists keeps the same queue and store.
    ignore: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict, compare=False)


@dataclasses.dataclass(frozen=True)
class RouteTable:
    """One consistent version of the routing file."""

    modes: Mapping[str, str]  # every 2011-03 operation -> its mode
    legacy_url: str | None = None
    legacy_timeout: float = 5.0
    shadow: ShadowSettings = ShadowSettings()
    record_dir: pathlib.Path = pathlib.Path("var/recorded")
    source: str = "(no routing file: every operation rest)"
    stamp: tuple[int, int] | None = None  # the file's (mtime, size) when it was read

    def mode(self, operation: str) -> str:
        return self.modes.get(operation, REST)

    @property
    def uses_legacy(self) -> bool:
        return any(mode != REST for mode in self.modes.values())


def all_rest(operations: Collection[str]) -> RouteTable:
    return RouteTable(modes=dict.fromkeys(operations, REST))


def _line_of(text: str, section: str, key: str | None = None) -> int:
    """The 1-based line of `key` in `[section]` (or of the section header), 0 when not found."""
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]").strip()
            if key is None and current == section:
                return number
            continue
        if current == section and key is not None:
            name = line.split("=", 1)[0].strip().strip('"')
            if "=" in line and name == key:
                return number
    return 0


def parse(
    text: str, source: str, operations: Collection[str], writes: Collection[str]
) -> RouteTable:
    """Check a routing file against the contract's operations; RoutesError names the line."""

    def fail(message: str, section: str, key: str | None = None) -> RoutesError:
        line = _line_of(text, section, key)
        where = f"{source}, line {line}" if line else source
        return RoutesError(f"{where}: {message}")

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return_error = RoutesError(f"{source}: not valid TOML: {exc}")
        raise return_error from None
    for section in data:
        if section not in ("legacy", "routes", "shadow", "record"):
            raise fail(
                f"unknown section [{section}] (known: legacy, routes, shadow, record)", section
            )
    known = {
        "legacy": {"url", "timeout"},
        "shadow": {"queue", "workers", "store", "max_differences", "second_legacy", "ignore"},
        "record": {"dir"},
    }
    for section, keys in known.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise fail(f"[{section}] must be a table", section)
        for key in table:
            if key not in keys:
                raise fail(
                    f"unknown key {key!r} in [{section}] (known: {', '.join(sorted(keys))})",
                    section,
                    key,
                )
    routes = data.get("routes", {})
    if not isinstance(routes, dict):
        raise fail("[routes] must be a table", "routes")
    default = routes.get("default", REST)
    if default not in MODES:
        raise fail(f"unknown mode {default!r} (known: {', '.join(MODES)})", "routes", "default")
    modes: dict[str, str] = dict.fromkeys(operations, str(default))
    for name, mode in routes.items():
        if name == "default":
            continue
        if name not in operations:
            raise fail(
                f"unknown operation {name!r} (2011-03 has: {', '.join(sorted(operations))})",
                "routes",
                name,
            )
        if mode not in MODES:
            raise fail(
                f"unknown mode {mode!r} for {name} (known: {', '.join(MODES)})", "routes", name
            )
        modes[name] = mode
    for name, mode in modes.items():
        if mode == SHADOW and name in writes:
            explicit = name in routes
            raise fail(
                f"{name} is a write: it cannot be shadowed (the REST core would apply it a "
                "second time); route it legacy or rest",
                "routes",
                name if explicit else "default",
            )

    legacy = data.get("legacy", {})
    url = legacy.get("url") if isinstance(legacy, dict) else None
    if any(mode != REST for mode in modes.values()):
        if not url or not isinstance(url, str):
            used = next(n for n, m in modes.items() if m != REST)
            raise fail(
                f"{used} is routed {modes[used]!r} but [legacy] url is missing",
                "legacy" if "legacy" in data else "routes",
                None if "legacy" in data else (used if used in routes else "default"),
            )
        if not url.startswith(("http://", "https://")):
            raise fail(f"[legacy] url must be an http(s) URL, not {url!r}", "legacy", "url")
    timeout = legacy.get("timeout", 5.0) if isinstance(legacy, dict) else 5.0
    if not isinstance(timeout, int | float) or timeout <= 0:
        raise fail("[legacy] timeout must be a positive number of seconds", "legacy", "timeout")

    shadow_data = data.get("shadow", {})
    ignore_data = shadow_data.get("ignore", {})
    ignore: dict[str, tuple[str, ...]] = {}
    for name, paths in ignore_data.items():
        if name not in operations:
            raise fail(f"unknown operation {name!r}", "shadow.ignore", name)
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise fail("a list of paths is expected", "shadow.ignore", name)
        ignore[name] = tuple(p.strip("/") for p in paths)
    shadow = ShadowSettings(ignore=ignore)
    for key, default_value in (
        ("queue", shadow.queue),
        ("workers", shadow.workers),
        ("max_differences", shadow.max_differences),
    ):
        value = shadow_data.get(key, default_value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail(f"{key} must be a positive integer", "shadow", key)
    second = shadow_data.get("second_legacy", True)
    if not isinstance(second, bool):
        raise fail("second_legacy must be true or false", "shadow", "second_legacy")
    shadow = dataclasses.replace(
        shadow,
        queue=shadow_data.get("queue", shadow.queue),
        workers=shadow_data.get("workers", shadow.workers),
        max_differences=shadow_data.get("max_differences", shadow.max_differences),
        store=pathlib.Path(shadow_data.get("store", str(shadow.store))),
        second_legacy=second,
    )
    record = data.get("record", {})
    return RouteTable(
        modes=modes,
        legacy_url=url,
        legacy_timeout=float(timeout),
        shadow=shadow,
        record_dir=pathlib.Path(record.get("dir", "var/recorded")),
        source=source,
    )


def _stat(path: pathlib.Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def load(path: pathlib.Path, operations: Collection[str], writes: Collection[str]) -> RouteTable:
    stamp = _stat(path)  # before reading: a write in between is seen at the next look
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RoutesError(f"{path}: cannot be read: {exc.strerror}") from None
    return dataclasses.replace(parse(text, str(path), operations, writes), stamp=stamp)


class Routes:
    """The current RouteTable, re-read when the file changes or `reload()` is called."""

    def __init__(
        self,
        path: pathlib.Path | None,
        operations: Collection[str],
        writes: Collection[str],
        table: RouteTable | None = None,
    ) -> None:
        self.path = path
        self.operations = tuple(operations)
        self.writes = frozenset(writes)
        self._lock = threading.Lock()
        # A worker forked while the main process's watcher held the lock gets a lock of its own.
        os.register_at_fork(after_in_child=self._new_lock)
        self._checked = time.monotonic()
        if table is None:
            table = all_rest(operations) if path is None else load(path, operations, writes)
        self._table = table
        # The file as the table was read from it (a worker may start from an older table).
        self._stamp = table.stamp

    def _new_lock(self) -> None:
        self._lock = threading.Lock()

    @property
    def table(self) -> RouteTable:
        """The table for the call about to be routed (a look at the file at most every 0.5 s)."""
        if self.path is not None and time.monotonic() - self._checked >= CHECK_INTERVAL:
            self._maybe_reload()
        return self._table

    def watch(self) -> None:
        """Look at the file every CHECK_INTERVAL on a thread of this process, calls or not."""
        if self.path is None:
            return

        def loop() -> None:
            while True:
                time.sleep(CHECK_INTERVAL)
                try:
                    self._maybe_reload()
                except Exception:  # never let the watcher die: the next look may succeed
                    logger.exception("routing file watch failed")

        threading.Thread(target=loop, name="routes-watch", daemon=True).start()

    def _maybe_reload(self) -> None:
        with self._lock:
            self._checked = time.monotonic()
            stamp = _stat(self.path) if self.path is not None else None
            if stamp is None or stamp == self._stamp:
                return
            self._stamp = stamp
            self.reload()

    def reload(self) -> bool:
        """Read the file again; an invalid file is logged and the current table kept."""
        if self.path is None:
            return False
        try:
            table = load(self.path, self.operations, self.writes)
        except RoutesError as exc:
            logger.error("routing file not reloaded, the previous routes stay: %s", exc)
            return False
        if table.modes != self._table.modes:
            changed = {n: m for n, m in table.modes.items() if self._table.modes.get(n) != m}
            logger.warning("routes reloaded from %s: %s", self.path, changed)
        self._table = table
        self._stamp = table.stamp
        return True
