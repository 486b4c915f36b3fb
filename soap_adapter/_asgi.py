"""The edge as an ASGI application: the body is read here, bounded in size and time, and only
then does the WSGI edge run, in a pool thread, on a body already in memory.

A WSGI application reads its body from a blocking stream, so a client that trickles its body holds
one of the server's threads for as long as it likes; 200 such clients hold them all. Read on the
event loop instead, a trickling client costs a coroutine, and one that has not sent its body when
`body_timeout` passes is answered 408 and closed. Headers are bounded by the server (granian's
header read timeout and buffer size, see `soap_adapter._server`).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from a2wsgi.wsgi import build_environ

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_TIMED_OUT = b"The request body did not arrive in time.\n"
ON_LOOP_BYTES = 64 * 1024  # larger bodies are parsed and checked on a thread, not on the loop


class BoundedBodyWsgi:
    """Serves a WSGI app once its request body is read whole: up to `max_body_bytes` and a chunk
    more (the edge itself refuses what is over its limit, as a SOAP fault), within
    `body_timeout` s; `threads` calls at a time (a2wsgi translates the scope to an environ)."""

    def __init__(
        self,
        wsgi_app: Callable[..., Any],
        *,
        max_body_bytes: int,
        body_timeout: float,
        threads: int,
    ) -> None:
        self.app = wsgi_app
        # `wsgi_app.acall(environ)`, when it has one: the answer computed on the event loop, or
        # None for a request the WSGI application must answer on a thread.
        self.on_loop: Callable[[dict[str, Any]], Awaitable[Any]] | None = getattr(
            wsgi_app, "acall", None
        )
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="edge")
        self.slots = asyncio.Semaphore(threads)  # SOAP calls answered on the loop at a time
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
        environ: dict[str, Any] = build_environ(scope, io.BytesIO(body))  # type: ignore[arg-type, assignment]
        answer = None
        if self.on_loop is not None and len(body) <= ON_LOOP_BYTES:
            # A SOAP call answered on the loop: its CPU is the parse and the answer, its REST hop
            # is awaited (no pool thread woken and handed back: BENCHMARKS.md); the threads stay
            # for what blocks (documents, legacy routes). `threads` calls at a time, as on them:
            # a burst does not open a connection to the REST core per waiting call.
            async with self.slots:
                found = await self.on_loop(environ)
            if found is not None:
                answer = _asgi_answer(*found)
        if answer is None:
            # One hop to a thread and back: the edge answers with one complete body, so nothing
            # is streamed (a2wsgi's own bridge, which streams, cost ~15% more CPU per call).
            answer = await asyncio.get_running_loop().run_in_executor(
                self.pool, self._call, environ
            )
        status, headers, content = answer
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _call(self, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Run the WSGI edge in a pool thread: status, headers and the whole body."""
        captured: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            captured[:] = [status, headers]

        result = self.app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        status, headers = captured
        return _asgi_answer(status, headers, content)

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


def _asgi_answer(
    status: str, headers: list[tuple[str, str]], content: bytes
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """A WSGI status line and headers as ASGI has them."""
    return (
        int(status.split(" ", 1)[0]),
        [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        content,
    )


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
