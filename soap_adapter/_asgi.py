"""The edge as an ASGI application: the body is read here, bounded in size and time, and only
then does the WSGI edge run, in a thread, on a body already in memory.

A WSGI application reads its body from a blocking stream, so a client that trickles its body holds
one of the server's threads for as long as it likes; 200 such clients hold them all. Read on the
event loop instead, a trickling client costs a coroutine, and one that has not sent its body when
`body_timeout` passes is answered 408 and closed. Headers are bounded by the server (granian's
header read timeout and buffer size, see `soap_adapter._server`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from a2wsgi import WSGIMiddleware

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_TIMED_OUT = b"The request body did not arrive in time.\n"


class BoundedBodyWsgi:
    """Serves a WSGI app once its request body is read whole: at most `max_body_bytes + 1` bytes
    (the edge itself refuses what is over its limit, as a SOAP fault), within `body_timeout`."""

    def __init__(
        self,
        wsgi_app: Callable[..., Any],
        *,
        max_body_bytes: int,
        body_timeout: float,
        threads: int,
    ) -> None:
        self.inner = WSGIMiddleware(wsgi_app, workers=threads)
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await self._read(scope, receive)
        except TimeoutError:
            await _answer(send, 408, _TIMED_OUT)
            return
        if body is None:
            return  # the client went away
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # nothing more to read: waits for the disconnect

        await self.inner(scope, replay, send)  # type: ignore[arg-type]

    async def _read(self, scope: Scope, receive: Receive) -> bytes | None:
        """The body, or its first `max_body_bytes` bytes and more (the edge refuses it then);
        nothing of a declared Content-Length over the limit; None when the client went away."""
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                if value.strip().isdigit() and int(value) > self.max_body_bytes:
                    return b""
                break
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if not message.get("more_body", False) or size > self.max_body_bytes:
                return b"".join(chunks)


async def _answer(send: Send, status: int, text: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(text)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})


async def _lifespan(receive: Receive, send: Send) -> None:
    """Nothing to start or stop: the edge is built when the worker loads it."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
