"""Serving the REST core: granian (ASGI), chosen by `bench/servers.py`, its limits from Settings."""

from __future__ import annotations

import logging
import pathlib
import socket
from typing import Any

from rest_core.settings import Settings

logger = logging.getLogger("rest_core.serve")

#: granian's own log lines as JSON, like the application's (`rest_core.logs`).
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "rest_core.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "_granian": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "granian.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def serve(
    settings: Settings,
    host: str,
    port: int,
    *,
    workers: int = 1,
    certificate: pathlib.Path | None = None,
    key: pathlib.Path | None = None,
) -> int:
    """Run granian until SIGTERM or SIGINT. Headers over `max_header_bytes` get 431 and headers
    not complete after `header_timeout_seconds` close the connection (both granian's own, before
    the application sees the request); bodies are bounded by `rest_core.limits`."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces, RuntimeModes, SSLProtocols
    from granian.http import HTTP1Settings

    server = Granian(
        "rest_core.app:create_app",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        http=HTTPModes.http1,
        websockets=False,
        workers=workers,
        # One Rust runtime thread (granian's default): single-threaded, it serves the event
        # loop without cross-thread wake-ups; granian's "auto" picks multi-threaded for ASGI,
        # which cost about 0.06 ms of CPU a request more (bench/rest_core_profile.py).
        runtime_mode=RuntimeModes.st,
        http1_settings=HTTP1Settings(
            header_read_timeout=round(settings.header_timeout_seconds * 1000),
            max_buffer_size=settings.max_header_bytes,
        ),
        log_dictconfig=LOG_CONFIG,
        ssl_cert=certificate,
        ssl_key=key,
        ssl_protocol_min=SSLProtocols.tls12,  # legacy clients (Java 8, .NET 4.x) stop at TLS 1.2
        respawn_failed_workers=True,
    )
    return _run(server, host, port)


def _run(server: Any, host: str, port: int) -> int:
    """Serve; a port that cannot be bound is one log line and exit status 1, not a traceback.

    granian binds with SO_REUSEPORT, so a second granian on a taken port would share it silently:
    a plain bind first tells that the port is taken, whoever holds it."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        logger.error("%s:%d is already in use: %s", host, port, exc.strerror or exc)
        return 1
    try:
        server.serve()
    except RuntimeError as exc:  # granian's, from binding the socket
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "in use" in reason:
            logger.error("%s:%d is already in use: %s", host, port, reason)
        else:
            logger.error("could not serve on %s:%d: %s", host, port, reason)
        return 1
    return 0
