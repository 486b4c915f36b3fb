"""JSON log lines on stderr, each carrying the correlation id of the request being served."""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import sys
import time
import uuid
from urllib.parse import unquote

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from rest_core._asgi import HttpMiddleware

CORRELATION_ID: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="-")
HEADER = "X-Correlation-ID"
MAX_ID_LENGTH = 200

_access = logging.getLogger("rest_core.access")


class CorrelationIdFilter(logging.Filter):
    """Adds `correlation_id` (the current request's, or "-") to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = CORRELATION_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, correlation_id, message."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "correlation_id": getattr(record, "correlation_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    """Route the root, uvicorn and rest_core loggers to one JSON handler on stderr (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(CorrelationIdFilter())
    for name in ("", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = name == ""
    logging.getLogger().setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True  # CorrelationId logs each request


class CorrelationId(HttpMiddleware):
    """ASGI middleware: read X-Correlation-ID (or make a uuid4), keep it for the request's log
    lines, echo it on the response, and log one access line per request."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        offered = Headers(scope=scope).get(HEADER, "").strip()
        # Percent-encoded UTF-8 (RFC 3986): how an id holding CR, LF, TAB, "%" or text outside
        # Latin-1 travels (the SOAP edge sends every id so); the log shows it decoded, as the
        # caller wrote it. An id without "%" is the same either way.
        decoded = unquote(offered, errors="replace") if "%" in offered else offered
        usable = 0 < len(decoded) <= MAX_ID_LENGTH and "\x00" not in decoded
        value = decoded if usable else str(uuid.uuid4())
        echoed = offered if usable else value
        token = CORRELATION_ID.set(value)
        began = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = echoed
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _access.info(
                "%s %s %d %.1fms",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - began) * 1000,
            )
            CORRELATION_ID.reset(token)
