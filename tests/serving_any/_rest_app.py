"""A small REST core for the contracts the serving tests front: the calculator, NOAA's zip code
look-up and JIRA's comments. Run as `uvicorn tests.serving_any._rest_app:app`."""

from __future__ import annotations

import base64

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI(title="serving-any test core")
PROBLEM = "application/problem+json"


class Pair(BaseModel):
    a: int
    b: int


def _problem(status: int, kind: str, detail: str) -> JSONResponse:
    body = {
        "type": f"https://example.test/problems/{kind}",
        "title": kind,
        "status": status,
        "detail": detail,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


@app.post("/v1/sums")
def add(pair: Pair) -> dict[str, int]:
    return {"result": pair.a + pair.b}


@app.post("/v1/differences")
def subtract(pair: Pair) -> dict[str, int]:
    return {"result": pair.a - pair.b}


@app.post("/v1/products")
def multiply(pair: Pair) -> dict[str, int]:
    return {"result": pair.a * pair.b}


@app.post("/v1/quotients", response_model=None)
def divide(pair: Pair) -> dict[str, int] | JSONResponse:
    if pair.b == 0:
        return _problem(422, "division-by-zero", "cannot divide by zero")
    if pair.a == 13:
        return {"result": "thirteen"}  # type: ignore[dict-item]  # not an int: a mapping failure
    return {"result": pair.a // pair.b}


@app.get("/v1/zip-codes/{codes}/points")
def points(codes: str) -> dict[str, str]:
    return {"points": " ".join(f"35.{n},-90.{n}" for n, _ in enumerate(codes.split(), start=1))}


@app.get("/v1/issues/{key}/comments", response_model=None)
def comments(key: str, request: Request) -> dict[str, object] | JSONResponse:
    if key.startswith("SECRET"):
        return _problem(409, "remote-permission", f"no permission to see {key}")
    if key.startswith("BROKEN"):
        return _problem(409, "something-unmapped", "a problem no fault is mapped for")
    author = None
    authorization = request.headers.get("authorization", "")
    if authorization.startswith("Basic "):
        author = base64.b64decode(authorization[6:]).decode().partition(":")[0]
    return {
        "comments": [
            {"author": author, "body": f"first on {key}", "created": "2010-09-13T04:22:38+00:00"},
            {"author": None, "body": "second", "created": None},
        ]
    }


class Order(BaseModel):
    member: str | None = None
    offer: str | None = None
    sent_type: str | None = None


@app.post("/v1/orders")
def order(order: Order) -> dict[str, int]:
    """An id that tells the test what arrived: the members' lengths, 1000 for a derived type."""
    derived = (
        1000
        if order.sent_type == "{http://schemas.datacontract.org/2004/07/test_WCFService}offer"
        else 0
    )
    return {"id": derived + len(order.member or "") * 10 + len(order.offer or "")}


NOTES: list[dict[str, object]] = []


@app.post("/v1/notes", status_code=202)
async def note(request: Request) -> dict[str, str]:
    NOTES.append(await request.json())
    return {}


@app.get("/v1/notes")
def notes() -> list[dict[str, object]]:
    return NOTES


class UploadBody(BaseModel):
    name: str
    data: str


@app.post("/v1/uploads")
def upload(body: UploadBody) -> dict[str, int]:
    return {"size": len(base64.b64decode(body.data))}


@app.post("/v1/sessions")
def login(request: Request) -> dict[str, str]:
    return {"token": "session-token"}
