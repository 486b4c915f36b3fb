"""Liveness and database check."""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import text
from sqlalchemy.orm import Session

from rest_core.db import get_session

router = APIRouter(tags=["health"])


@router.get("/health", summary="The service and its database answer")
def health(session: Annotated[Session, Depends(get_session)]) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}
