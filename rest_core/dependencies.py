"""FastAPI dependencies shared by the routers: settings, database sessions and the raw body."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rest_core.db import session_factory
from rest_core.settings import Settings, get_settings

logger = logging.getLogger("rest_core.db")

SettingsDep = Annotated[Settings, Depends(get_settings)]


def _sessions(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
    finally:
        # FastAPI runs this after the answer has been sent. A connection the database dropped
        # meanwhile (pg_terminate_backend, a restart) fails the closing ROLLBACK: SQLAlchemy has
        # already discarded it, and the answer stands, so it is no error of the request (raised,
        # it became "response already started" and an "unexpected error" with a traceback).
        try:
            session.close()
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            logger.warning("the database dropped a connection before it was returned to the pool")


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """One reading session per request, closed afterwards."""
    yield from _sessions(session_factory(settings))


def get_writer(settings: SettingsDep) -> Iterator[Session]:
    """A session whose transactions write (on SQLite they take the write lock at BEGIN)."""
    yield from _sessions(session_factory(settings, write=True))


DB = Annotated[Session, Depends(get_session)]
Writer = Annotated[Session, Depends(get_writer)]


async def raw_body(request: Request) -> bytes:
    """The body, unparsed: endpoints parse it after authentication and their existence checks
    (FastAPI would parse a declared body first, answering malformed JSON before a 401)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]
