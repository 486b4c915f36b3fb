"""Trivial applications for `bench/edge_floor.py`: what serving costs with no edge behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from soap_adapter._asgi import BoundedBodyWsgi

BODY = b"<soap:Envelope/>" * 80  # about the size of a GetOrder answer
HEADERS = [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def _wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    environ["wsgi.input"].read()
    start_response("200 OK", HEADERS)
    return [BODY]


class _OnLoop:
    """A WSGI application that also answers on the event loop, as the edge's `acall` does."""

    __call__ = staticmethod(_wsgi)

    async def acall(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        environ["wsgi.input"].read()
        return "200 OK", HEADERS, BODY


def thread_pool() -> BoundedBodyWsgi:
    """The edge's server layer, the application run on a pool thread (the edge before)."""
    return BoundedBodyWsgi(_wsgi, max_body_bytes=1 << 20, body_timeout=30, threads=8)


def on_loop() -> BoundedBodyWsgi:
    """The edge's server layer, the application answering on the event loop (the edge now)."""
    return BoundedBodyWsgi(_OnLoop(), max_body_bytes=1 << 20, body_timeout=30, threads=8)


async def raw(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Bare ASGI: granian's own floor."""
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})
