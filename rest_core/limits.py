"""Requests bounded in size and time: 431, 413 and 408 problems before a body is read whole."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rest_core.problems import ProblemError, respond


class BoundedRequest:
    """ASGI middleware: headers over `max_header_bytes` are refused (431; the server's buffer of
    the same size bounds what it reads before that, see `rest_core.server`); a body over
    `max_bytes` is refused (413) from its Content-Length, or once that much has arrived; one not
    arrived within `timeout` s of the headers is refused (408). The body is read here, on the
    event loop, so a client trickling it holds no thread."""

    def __init__(
        self, app: ASGIApp, *, max_header_bytes: int, max_bytes: int, timeout: float
    ) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (
            sum(len(name) + len(value) + 4 for name, value in scope["headers"])
            > self.max_header_bytes
        ):
            await _refuse(
                ProblemError(
                    "request-headers-too-large",
                    f"The headers are larger than {self.max_header_bytes} bytes.",
                ),
                scope,
                receive,
                send,
            )
            return
        try:
            async with asyncio.timeout(self.timeout):
                body = await self._read(scope, receive)
        except TimeoutError:
            body = ProblemError(
                "request-timeout", f"The body did not arrive within {self.timeout:g} s."
            )
        if body is None:
            return  # the client went away
        if isinstance(body, ProblemError):
            await _refuse(body, scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes | ProblemError | None:
        too_large = ProblemError(
            "request-too-large", f"The body is larger than {self.max_bytes} bytes."
        )
        for name, value in scope["headers"]:
            if name == b"content-length":
                if value.strip().isdigit() and int(value) > self.max_bytes:
                    return too_large
                break
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


async def _refuse(problem: ProblemError, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer `problem` and close the connection: what the client sent after it is not read."""
    response = respond(problem)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
