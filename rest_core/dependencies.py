"""FastAPI dependencies shared by the routers: settings, database sessions and the raw body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from rest_core.db import session_factory
from rest_core.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """One reading session per request, closed afterwards."""
    with session_factory(settings)() as session:
        yield session


def get_writer(settings: SettingsDep) -> Iterator[Session]:
    """A session whose transactions write (on SQLite they take the write lock at BEGIN)."""
    with session_factory(settings, write=True)() as session:
        yield session


DB = Annotated[Session, Depends(get_session)]
Writer = Annotated[Session, Depends(get_writer)]


async def raw_body(request: Request) -> bytes:
    """The body, unparsed: endpoints parse it after authentication and their existence checks
    (FastAPI would parse a declared body first, answering malformed JSON before a 401)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]
