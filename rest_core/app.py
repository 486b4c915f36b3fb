"""The FastAPI application: routers, problem handlers, correlation ids, metrics, the OpenAPI
document and its docs pages."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from rest_core import docs, limits, logs, metrics, problems, schemas
from rest_core.db import engine_for
from rest_core.routers import customers, health, orders, products
from rest_core.settings import get_settings

DESCRIPTION = """The order system of record. Every endpoint but /health needs HTTP Basic or a WSSE
UsernameToken digest (`Authorization: WSSE profile="UsernameToken"` plus `X-WSSE`). Errors are
RFC 9457 problem documents (`application/problem+json`); each operation lists the problem types
it answers with in `x-problem-types`. Money is `{"amount": "12.30", "currency": "EUR"}`;
timestamps are UTC with `Z`."""

# "Authorize" in /docs offers both schemes; an operation is called with either one.
SECURITY_SCHEMES = {
    "basic": {
        "type": "http",
        "scheme": "basic",
        "description": "HTTP Basic (RFC 7617) with the account's username and password.",
    },
    "wsse": {
        "type": "apiKey",
        "in": "header",
        "name": "X-WSSE",
        "description": 'The WSSE UsernameToken digest: `UsernameToken Username="u", '
        'PasswordDigest="d", Nonce="n", Created="c"` with d = Base64(SHA-1(nonce bytes + '
        "created + password)), Created within 5 minutes of the server clock, each nonce once. "
        "Sent together with `wsseProfile`.",
    },
    "wsseProfile": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Always `WSSE profile="UsernameToken"`: says that X-WSSE carries the '
        "credentials (the WSSE convention of Atom-era APIs).",
    },
}
SECURITY: list[dict[str, list[str]]] = [{"basic": []}, {"wsse": [], "wsseProfile": []}]


class RestCoreApp(FastAPI):
    """FastAPI whose OpenAPI document also holds the models referred to by hand (the request
    bodies parsed after authentication, the problem document) and, for every operation that
    authenticates, its security requirement: HTTP Basic or the WSSE digest."""

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
            document["components"]["securitySchemes"] = SECURITY_SCHEMES
            # Exactly the operations that authenticate answer 401 (schemas.problem_responses);
            # tests/rest_core/test_openapi.py calls each one without credentials to hold that.
            for operations in document["paths"].values():
                for operation in operations.values():
                    if "401" in operation["responses"]:
                        operation["security"] = SECURITY
            self.openapi_schema = document
        return self.openapi_schema


@contextlib.asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    metrics.process_exited()


def create_app() -> FastAPI:
    """The application factory (`rest_core.server` serves it in each worker)."""
    settings = get_settings()
    logs.configure(settings.log_level)
    app = RestCoreApp(
        title="Orders REST core",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=None,  # rest_core.docs serves them without a CDN
        redoc_url=None,
        lifespan=_lifespan,
    )
    for router in (health.router, customers.router, products.router, orders.router):
        app.include_router(router)
    docs.install(app)
    app.add_route("/metrics", metrics.metrics_endpoint, include_in_schema=False)
    metrics.watch_pool(engine_for(settings.database_url, settings.db_timeout_seconds))
    problems.install(app)
    app.add_middleware(
        limits.BoundedRequest,
        max_header_bytes=settings.max_header_bytes,
        max_bytes=settings.max_body_bytes,
        timeout=settings.body_timeout_seconds,
    )
    app.add_middleware(metrics.RequestMetrics)
    app.add_middleware(logs.CorrelationId)  # outermost: its id is on every line and answer
    return app
