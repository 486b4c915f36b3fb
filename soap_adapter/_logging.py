"""Structured JSON logs; every line carries the call's correlation id."""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import sys
import uuid

_CORRELATION_ID: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="-")


_FRESH = ""  # a call without an id of its own yet: a uuid4 is made when one is first needed


def begin_call(correlation_id: str | None) -> None:
    """Set the correlation id of the call this thread or task is serving (a fresh one when
    none: made when a log line or a fault first needs it, which most calls never do before the
    request's own id is read)."""
    _CORRELATION_ID.set(correlation_id or _FRESH)


def correlation_id() -> str:
    value = _CORRELATION_ID.get()
    if value == _FRESH:
        value = str(uuid.uuid4())
        _CORRELATION_ID.set(value)
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, correlation_id, message (and exc_type)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "correlation_id": correlation_id(),
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # What no line of ours shows, not looked up for every record (the logging HOWTO's
    # "Optimization"): the caller's file and line, thread, process and multiprocessing names.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # Spyne logs at debug on every request and warns per request about part names: keep it quiet.
    logging.getLogger("spyne").setLevel(logging.CRITICAL)
