"""The team's real service, early: it implements the calculator's Add and answers Salesforce's
getServerTimestamp with a problem document; every other call is still a 404."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI(title="real service, first endpoints")


@app.post("/v1/add")
async def add(body: dict[str, int]) -> dict[str, int]:
    return {"add_result": body["int_a"] + body["int_b"] + 1000}  # recognisably not the stub


@app.post("/v1/get-server-timestamp")
async def server_timestamp() -> JSONResponse:
    return JSONResponse(
        {
            "type": "https://errors.example.com/problems/unexpected-error-fault",
            "title": "The clock is broken",
            "status": 409,
            "exception_code": "UNKNOWN_EXCEPTION",
            "exception_message": "the clock is broken",
        },
        status_code=409,
        media_type="application/problem+json",
    )
