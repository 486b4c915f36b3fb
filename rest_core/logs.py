"""JSON log lines carrying the correlation id of the request being served."""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import sys
import time
import uuid
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

CORRELATION_ID: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="-")
HEADER = "X-Correlation-ID"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "correlation_id": CORRELATION_ID.get(),
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = name == ""
    logging.getLogger().setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True


_ACCESS = logging.getLogger("rest_core.access")


async def correlation_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Carry X-Correlation-ID (or a fresh one) through the request, its log lines and answer."""
    value = request.headers.get(HEADER, "")[:200] or str(uuid.uuid4())
    token = CORRELATION_ID.set(value)
    started = time.perf_counter()
    try:
        response = await call_next(request)
        _ACCESS.info(
            "%s %s %d %.1fms",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
    finally:
        CORRELATION_ID.reset(token)
    response.headers[HEADER] = value
    return response
