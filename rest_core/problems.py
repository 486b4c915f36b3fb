"""RFC 9457 problem details: the problem types, the exception carrying one, every error handler."""

# ProblemError                  -> application/problem+json: `type`, `title`, `status`, `detail`
#                                  and the type's own members
# RequestValidationError        -> validation-error (FastAPI's own, reshaped: field, code, message)
# StarletteHTTPException 404    -> not-found (405: method-not-allowed)
# OperationalError, timeouts    -> service-unavailable (nothing internal)
# anything else                 -> internal-error (logged with its traceback, nothing internal sent)

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive, Scope, Send

from rest_core._asgi import HttpMiddleware

logger = logging.getLogger("rest_core.problems")

BASE = "https://problems.orders.example.com/"
MEDIA_TYPE = "application/problem+json"

# name -> (status, title)
TYPES: dict[str, tuple[int, str]] = {
    "validation-error": (422, "The request is not valid"),
    "customer-not-found": (404, "Customer not found"),
    "order-not-found": (404, "Order not found"),
    "product-not-found": (404, "Product not found"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "request-timeout": (408, "The request did not arrive in time"),
    "request-too-large": (413, "The request body is too large"),
    "request-headers-too-large": (431, "The request headers are too large"),
    "customer-not-active": (409, "Customer is not active"),
    "credit-limit-exceeded": (409, "Credit limit exceeded"),
    "order-already-shipped": (409, "Order has shipped"),
    "order-already-cancelled": (409, "Order is already cancelled"),
    "order-exists": (409, "Order exists with other content"),
    "unauthorized": (401, "Authentication required"),
    "forbidden": (403, "Not allowed for this role"),
    "service-unavailable": (503, "Service unavailable"),
    "internal-error": (500, "Internal error"),
}

WWW_AUTHENTICATE = 'Basic realm="orders", WSSE profile="UsernameToken"'


class ProblemError(Exception):
    """A problem document to answer with; `members` are the type's extension members."""

    def __init__(self, name: str, detail: str, **members: Any) -> None:
        super().__init__(detail)
        self.name = name
        self.detail = detail
        self.members = members

    @property
    def status(self) -> int:
        return TYPES[self.name][0]

    def document(self) -> dict[str, Any]:
        status, title = TYPES[self.name]
        return {
            "type": BASE + self.name,
            "title": title,
            "status": status,
            "detail": self.detail,
            **self.members,
        }


def field_error(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


def validation(errors: list[dict[str, str]]) -> ProblemError:
    return ProblemError("validation-error", "The request is not valid.", errors=errors)


def respond(problem: ProblemError) -> JSONResponse:
    headers = {"WWW-Authenticate": WWW_AUTHENTICATE} if problem.status == 401 else None
    return JSONResponse(
        problem.document(), status_code=problem.status, media_type=MEDIA_TYPE, headers=headers
    )


def _field(loc: Sequence[Any]) -> str:
    """('body', 'lines', 0, 'sku') -> 'lines[0].sku'; ('query', 'page') -> 'page'."""
    parts = loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc
    field = ""
    for part in parts:
        if isinstance(part, int):
            field += f"[{part}]"
        else:
            field += ("." if field else "") + str(part)
    return field or "body"


def _code(pydantic_type: str) -> str:
    """Pydantic's error type -> one of the API's codes (docs/rest-api.md)."""
    if pydantic_type == "missing":
        return "required"
    if pydantic_type in ("enum", "literal_error", "extra_forbidden"):
        return "unsupported"
    if pydantic_type.startswith(("greater_than", "less_than", "too_", "string_too_")):
        return "out_of_range"
    return "invalid_type"


def validation_from(errors: Iterable[Mapping[str, Any]]) -> ProblemError:
    """Pydantic's errors (FastAPI's, or a model's) as one validation-error, in their order."""
    return validation(
        [field_error(_field(e["loc"]), _code(str(e["type"])), str(e["msg"])) for e in errors]
    )


def _service_unavailable() -> ProblemError:
    return ProblemError("service-unavailable", "The service is temporarily unavailable.")


def _internal_error() -> ProblemError:
    return ProblemError("internal-error", "An unexpected error occurred.")


def install(app: FastAPI) -> None:
    """Register every handler: all errors leave as problem documents."""

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return respond(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if errors and errors[0]["type"] == "json_invalid":
            return respond(
                validation([field_error("body", "invalid_type", "The body is not valid JSON.")])
            )
        return respond(validation_from(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return respond(ProblemError("not-found", "No such resource."))
        if exc.status_code == 405:
            return respond(ProblemError("method-not-allowed", "This method is not allowed here."))
        return JSONResponse(
            {"type": "about:blank", "title": str(exc.detail), "status": exc.status_code},
            status_code=exc.status_code,
            media_type=MEDIA_TYPE,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def _database(_: Request, exc: Exception) -> JSONResponse:
        # The exception's text may name hosts and statements: the log gets its class only.
        logger.error("database unavailable or too slow: %s", type(exc).__name__)
        return respond(_service_unavailable())

    app.add_middleware(UnexpectedErrors)


class UnexpectedErrors(HttpMiddleware):
    """ASGI middleware: an exception nothing handled becomes a 500 internal-error problem.

    It runs inside the correlation-id middleware, so the log line and the answer carry the id,
    and nothing is re-raised to the server (which would log the traceback a second time).
    """

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            logger.exception("unexpected error")
            if not started:
                await respond(_internal_error())(scope, receive, send)
