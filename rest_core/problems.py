"""RFC 9457 problem details: the problem types, the exception that carries one, the handlers.

ProblemError                  -> application/problem+json with `type`, `title`, `status`,
                                 `detail` and the type's own members
RequestValidationError        -> validation-error (FastAPI's own, reshaped)
StarletteHTTPException 404    -> not-found
OperationalError / timeouts   -> service-unavailable
anything else                 -> internal-error (logged, nothing internal in the answer)
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

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
    "customer-not-active": (409, "Customer is not active"),
    "credit-limit-exceeded": (409, "Credit limit exceeded"),
    "order-already-shipped": (409, "Order has shipped"),
    "order-already-cancelled": (409, "Order is already cancelled"),
    "unauthorized": (401, "Authentication required"),
    "forbidden": (403, "Not allowed for this role"),
    "service-unavailable": (503, "Service unavailable"),
    "internal-error": (500, "Internal error"),
}


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


def respond(problem: ProblemError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.document(), status_code=problem.status, media_type=MEDIA_TYPE, headers=headers
    )


def _location(loc: tuple[Any, ...]) -> str:
    """FastAPI's ('body', 'lines', 0, 'sku') -> 'lines[0].sku'; ('query', 'page') -> 'page'."""
    field = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc:
        if isinstance(part, int):
            field += f"[{part}]"
        else:
            field += ("." if field else "") + str(part)
    return field or "body"


_CODES = {"missing": "required", "json_invalid": "invalid_json"}


def install(app: FastAPI) -> None:
    """Register every handler: all errors leave as problem documents."""

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        headers = (
            {"WWW-Authenticate": 'Basic realm="orders", WSSE profile="UsernameToken"'}
            if exc.status == 401
            else None
        )
        return respond(exc, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            field_error(
                _location(tuple(e["loc"])),
                _CODES.get(
                    e["type"],
                    "invalid_type" if "parsing" in e["type"] or "type" in e["type"] else e["type"],
                ),
                str(e["msg"]),
            )
            for e in exc.errors()
        ]
        return respond(validation(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return respond(ProblemError("not-found", "No such resource."))
        if exc.status_code == 405:
            return JSONResponse(
                {
                    "type": BASE + "method-not-allowed",
                    "title": "Method not allowed",
                    "status": 405,
                    "detail": "Method not allowed.",
                },
                status_code=405,
                media_type=MEDIA_TYPE,
            )
        return JSONResponse(
            {"type": "about:blank", "title": str(exc.detail), "status": exc.status_code},
            status_code=exc.status_code,
            media_type=MEDIA_TYPE,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: Exception) -> JSONResponse:
        logger.error("database unavailable: %s", type(exc).__name__)
        return respond(
            ProblemError("service-unavailable", "The service is temporarily unavailable.")
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error")
        return respond(ProblemError("internal-error", "An unexpected error occurred."))
