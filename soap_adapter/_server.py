"""Serving the edge: granian (ASGI) in front of the WSGI edge, chosen by `bench/servers.py`."""

from __future__ import annotations

import logging
import pathlib
import socket
from typing import Any

from soap_adapter import _logging
from soap_adapter.settings import EdgeSettings

logger = logging.getLogger("soap_adapter.serve")

#: granian's log lines as JSON, like every other line of the edge (`soap_adapter._logging`).
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "soap_adapter._logging.JsonFormatter"}},
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


#: The routing file as the main process checked it (`serve`); the workers it forks start from
#: its table, and it re-reads the file on SIGHUP before granian replaces the workers.
_routes: Any = None


def wsgi_app() -> Any:
    """The bare WSGI edge from the environment's settings (what the benchmark serves elsewhere)."""
    from soap_adapter.app import create_edge

    settings = EdgeSettings()
    _logging.configure(settings.log_level)
    edge = create_edge(settings, routes=_routes.table if _routes is not None else None)
    if edge.strangler is not None:
        edge.strangler.routes.watch()  # in this worker: file changes apply without calls
    return edge


def asgi_app() -> Any:
    """What each granian worker serves: the edge behind a body read bounded in size and time."""
    from soap_adapter._asgi import BoundedBodyWsgi

    settings = EdgeSettings()
    return BoundedBodyWsgi(
        wsgi_app(),
        max_body_bytes=settings.max_body_bytes,
        body_timeout=settings.body_timeout,
        threads=settings.threads,
    )


def serve(
    settings: EdgeSettings,
    host: str,
    port: int,
    *,
    routes: Any = None,
    certificate: pathlib.Path | None = None,
    key: pathlib.Path | None = None,
) -> int:
    """Run granian until SIGTERM or SIGINT; the workers read their settings from the
    environment (the command line has written its overrides there). SIGHUP replaces the workers
    gracefully (calls in flight finish); the new ones take the routing file as it is now, or the
    last good one when it is not valid."""
    global _routes
    _routes = routes
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces, SSLProtocols
    from granian.http import HTTP1Settings

    server = Granian(
        "soap_adapter._server:asgi_app",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        http=HTTPModes.http1,
        websockets=False,
        workers=settings.workers,
        http1_settings=HTTP1Settings(
            header_read_timeout=int(settings.header_timeout * 1000),
            max_buffer_size=settings.max_header_bytes,
        ),
        log_dictconfig=LOG_CONFIG,
        ssl_cert=certificate,
        ssl_key=key,
        ssl_protocol_min=SSLProtocols.tls12,  # legacy clients (Java 8, .NET 4.x) stop at TLS 1.2
        respawn_failed_workers=True,
    )
    if routes is not None:
        server.on_reload(routes.reload)
        # The main process follows the file too: granian respawns workers one by one, some while
        # an invalid file is on disk, and each must start from the routes the others use.
        routes.watch()
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
