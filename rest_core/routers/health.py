"""Liveness and database check, without authentication."""

from fastapi import APIRouter
from sqlalchemy import text

from rest_core import schemas
from rest_core.dependencies import DB

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    summary="The service and its database answer",
    responses={503: schemas.problem_responses()[503]},
)
def health(session: DB) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}
