"""The strangler: per call, the route of its operation decides who answers it.

`rest` is the edge as it always was. `legacy` forwards the call to the legacy service and sends
its answer back unchanged; a write it confirmed is mirrored to the REST core (`_mirror`).
`shadow` (reads) does the same, and also runs the call through the REST path on a worker thread,
off the client's critical path, comparing the two answers. `record` is `legacy` that also writes
each call as a step of a contract exchange (`_recorder`).
"""

from __future__ import annotations

import collections
import dataclasses
import io
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from lxml import etree

from soap_adapter import _compare, _logging, _metrics, _ns, _xml
from soap_adapter._legacy import LegacyAnswer, LegacyClient
from soap_adapter._mirror import Mirrors
from soap_adapter._recorder import Recorder
from soap_adapter._routes import RECORD, REST, SHADOW, Routes, RouteTable, ShadowSettings
from soap_adapter._runner import CALL_KEY, Call
from soap_adapter._shadow_store import ShadowStore
from soap_adapter.exceptions import LegacyUnavailable

logger = logging.getLogger("soap_adapter.strangler")

LEGACY_RELEASE = "2011-03"  # the release the legacy service speaks; routes apply to it only
# environ -> (status line, body): the edge's REST path, as the client would have been answered.
RestPath = Callable[[dict[str, Any]], tuple[str, bytes]]


@dataclasses.dataclass(frozen=True)
class Forward:
    """What the client sent, as the legacy service must receive it."""

    call: Call
    body: bytes
    content_type: str
    soap_action: str | None
    action: str  # the operation's action, as the client named it or the WSDL does


def _is_server_fault(envelope: etree._Element) -> bool:
    env = etree.QName(envelope).namespace
    fault = envelope.find(f"{{{env}}}Body/{{{env}}}Fault")
    if fault is None:
        return False
    code = (
        fault.findtext("faultcode")
        if env == _ns.SOAP11_ENV
        else fault.findtext(f"{{{env}}}Code/{{{env}}}Value")
    )
    return (code or "").strip().rpartition(":")[2] in ("Server", "Receiver")


@dataclasses.dataclass(frozen=True)
class _Job:
    forward: Forward
    environ: dict[str, Any]
    legacy: LegacyAnswer
    client: LegacyClient
    ignore: tuple[str, ...]


class Shadow:
    """A bounded queue of comparisons and the threads that run them; full means dropped."""

    def __init__(self, settings: ShadowSettings, rest_path: RestPath) -> None:
        self.settings = settings
        self.rest_path = rest_path
        self.store = ShadowStore(settings.store, settings.max_differences)
        self.queue: queue.Queue[_Job] = queue.Queue(maxsize=settings.queue)
        self._dropped: collections.Counter[str] = collections.Counter()
        self._dropped_lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._work, name=f"shadow-{n}", daemon=True)
            for n in range(settings.workers)
        ]
        for thread in self.threads:
            thread.start()

    def submit(self, job: _Job) -> None:
        try:
            self.queue.put_nowait(job)
        except queue.Full:
            operation = job.forward.call.operation
            _metrics.SHADOW_DROPPED.labels(operation).inc()
            with self._dropped_lock:
                self._dropped[operation] += 1

    def _work(self) -> None:
        while True:
            job = self.queue.get()
            try:
                self._flush_dropped()
                self.compare(job)
            except Exception:
                logger.exception("shadow comparison of %s failed", job.forward.call.operation)
            finally:
                self.queue.task_done()

    def _flush_dropped(self) -> None:
        with self._dropped_lock:
            dropped, self._dropped = self._dropped, collections.Counter()
        for operation, count in dropped.items():
            for _ in range(count):
                self.store.record(operation, "dropped", "-")

    def compare(self, job: _Job) -> str:
        """Run the REST path for one shadowed call, compare, count and store; the outcome."""
        call = job.forward.call
        _logging.begin_call(call.correlation_id)
        outcome, found, noise = "error", [], []
        try:
            status, answer = self.rest_path(job.environ)
            rest = _xml.parse(answer)
        except Exception as exc:
            logger.warning("shadow: the REST path failed for %s: %r", call.operation, exc)
        else:
            if _is_server_fault(rest) and not _is_server_fault(job.legacy.envelope):
                logger.warning("shadow: the REST path answered a server fault (%s)", status)
            else:
                noise = self._noise(job)
                quiet = {d.key for d in noise}
                found = [
                    d
                    for d in _compare.differences(job.legacy.envelope, rest, job.ignore)
                    if d.key not in quiet
                ]
                if status.split(" ", 1)[0] != str(job.legacy.status):
                    found.append(
                        _compare.Difference("(HTTP status)", str(job.legacy.status), status)
                    )
                outcome = "mismatch" if found else "match"
        if found:
            logger.warning(
                "shadow mismatch in %s: %s",
                call.operation,
                "; ".join(f"{d.path}: legacy {d.expected!r}, REST {d.actual!r}" for d in found[:5]),
            )
        _metrics.SHADOW_COMPARISONS.labels(call.operation, outcome).inc()
        self.store.record(call.operation, outcome, call.correlation_id, found, noise)
        return outcome

    def _noise(self, job: _Job) -> list[_compare.Difference]:
        """Diffy's idea: ask the legacy service a second time; where its two answers differ,
        a difference from the REST answer is noise, not a regression."""
        if not self.settings.second_legacy:
            return []
        f = job.forward
        try:
            again = job.client.call(
                f.call.operation, f.call.version, f.body, f.content_type, f.soap_action, read=True
            )
        except LegacyUnavailable:
            return []
        if again.status != job.legacy.status:
            return []  # e.g. a PasswordDigest nonce it will not accept twice: nothing learnt
        return _compare.differences(job.legacy.envelope, again.envelope)


class Strangler:
    """Routes calls by the current RouteTable; owns the legacy clients and the shadow queue."""

    def __init__(
        self,
        routes: Routes,
        rest_path: RestPath,
        *,
        mirrors: Mirrors | None = None,
        pool_size: int = 10,
    ) -> None:
        self.routes = routes
        self.rest_path = rest_path
        self.mirrors = mirrors
        self.pool_size = pool_size
        self._clients: dict[tuple[str, float], LegacyClient] = {}
        self._shadows: dict[ShadowSettings, Shadow] = {}
        self._lock = threading.Lock()

    def _client(self, table: RouteTable) -> LegacyClient:
        assert table.legacy_url is not None  # the routing file was checked at load
        key = (table.legacy_url, table.legacy_timeout)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = LegacyClient(
                    table.legacy_url, timeout=table.legacy_timeout, pool_size=self.pool_size
                )
            return self._clients[key]

    def shadow(self, table: RouteTable) -> Shadow:
        with self._lock:
            if table.shadow not in self._shadows:
                self._shadows[table.shadow] = Shadow(table.shadow, self.rest_path)
            return self._shadows[table.shadow]

    def route(self, environ: dict[str, Any], forward: Forward) -> LegacyAnswer | None:
        """None when the REST path answers; else the legacy service's answer to send as it is
        (LegacyUnavailable when there is none in time)."""
        table = self.routes.table  # one table for the whole call, even if the file changes
        operation = forward.call.operation
        mode = table.mode(operation)
        _metrics.ROUTES.labels(operation, mode).inc()
        if mode == REST:
            return None
        client = self._client(table)
        try:
            answer = client.call(
                operation,
                forward.call.version,
                forward.body,
                forward.content_type,
                forward.soap_action,
                read=operation not in self.routes.writes,
            )
        except LegacyUnavailable:
            _metrics.ROUTED_CALLS.labels(operation, mode, "unavailable").inc()
            raise
        _metrics.ROUTED_CALLS.labels(
            operation, mode, "ok" if answer.status == 200 else "fault"
        ).inc()
        if self.mirrors is not None and operation in self.mirrors:
            # A write the legacy confirmed: the REST core follows it before the client hears.
            self.mirrors.apply(forward.call, forward.body, answer)
        if mode == RECORD:
            try:
                Recorder(table.record_dir).record(
                    forward.body, forward.call.version, forward.action, operation, answer
                )
            except Exception:  # the client's answer never depends on the recording
                logger.exception("%s not recorded", operation)
        if mode == SHADOW:
            shadow_environ = {
                **environ,
                "wsgi.input": io.BytesIO(forward.body),
                "CONTENT_LENGTH": str(len(forward.body)),
                CALL_KEY: dataclasses.replace(forward.call, shadow=True),
            }
            self.shadow(table).submit(
                _Job(
                    forward, shadow_environ, answer, client, table.shadow.ignore.get(operation, ())
                )
            )
        return answer
