"""The FastAPI application: routers, problem handlers, correlation ids."""

from __future__ import annotations

from fastapi import FastAPI

from rest_core import problems
from rest_core.logs import correlation_middleware
from rest_core.routers import customers, health, orders, products

DESCRIPTION = """The order system of record. Every endpoint but /health needs HTTP Basic or a WSSE
UsernameToken digest (`Authorization: WSSE profile="UsernameToken"` plus `X-WSSE`). Errors are
RFC 9457 problem documents (`application/problem+json`); money is `{"amount": "12.30",
"currency": "EUR"}`; timestamps are UTC with `Z`."""


def create_app() -> FastAPI:
    app = FastAPI(title="Orders REST core", version="1.0.0", description=DESCRIPTION)
    app.middleware("http")(correlation_middleware)
    problems.install(app)
    for router in (health.router, customers.router, products.router, orders.router):
        app.include_router(router)
    return app
