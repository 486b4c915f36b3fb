"""The FastAPI application: routers, problem handlers, correlation ids, the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from rest_core import logs, problems, schemas
from rest_core.routers import customers, health, orders, products
from rest_core.settings import get_settings

DESCRIPTION = """The order system of record. Every endpoint but /health needs HTTP Basic or a WSSE
UsernameToken digest (`Authorization: WSSE profile="UsernameToken"` plus `X-WSSE`). Errors are
RFC 9457 problem documents (`application/problem+json`); each operation lists the problem types
it answers with in `x-problem-types`. Money is `{"amount": "12.30", "currency": "EUR"}`;
timestamps are UTC with `Z`."""


class RestCoreApp(FastAPI):
    """FastAPI whose OpenAPI document also holds the models referred to by hand: the request
    bodies parsed after authentication and the problem document."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            document = get_openapi(
                title=self.title,
                version=self.version,
                description=self.description,
                routes=self.routes,
            )
            _, extra = models_json_schema(
                [(model, "validation") for model in schemas.DOCUMENTED_MODELS],
                ref_template="#/components/schemas/{model}",
            )
            known = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in extra.get("$defs", {}).items():
                known.setdefault(name, schema)
            self.openapi_schema = document
        return self.openapi_schema


def create_app() -> FastAPI:
    """The application factory (`uvicorn --factory rest_core.app:create_app`)."""
    logs.configure(get_settings().log_level)
    app = RestCoreApp(title="Orders REST core", version="1.0.0", description=DESCRIPTION)
    for router in (health.router, customers.router, products.router, orders.router):
        app.include_router(router)
    problems.install(app)
    app.add_middleware(logs.CorrelationId)  # outermost: its id is on every line and answer
    return app
