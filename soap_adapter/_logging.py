"""Structured JSON logs; every line carries the call's correlation id."""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import sys
import uuid

_CORRELATION_ID: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="-")


def begin_call(correlation_id: str | None) -> str:
    """Set the correlation id of the call this thread is serving (a fresh one when none)."""
    value = correlation_id or str(uuid.uuid4())
    _CORRELATION_ID.set(value)
    return value


def correlation_id() -> str:
    return _CORRELATION_ID.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, correlation_id, message (and exc_type)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "correlation_id": _CORRELATION_ID.get(),
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
    # Spyne logs at debug on every request and warns per request about part names: keep it quiet.
    logging.getLogger("spyne").setLevel(logging.CRITICAL)
