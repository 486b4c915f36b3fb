"""FastAPI dependencies shared by the routers: settings, database sessions and the raw body."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from rest_core.db import closing, session_factory
from rest_core.settings import Settings, get_settings


async def current_settings() -> Settings:
    """The settings (async: FastAPI would run a plain function in the thread pool)."""
    return get_settings()


SettingsDep = Annotated[Settings, Depends(current_settings)]


def _sessions(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    with closing(session):  # FastAPI closes it after the answer has been sent
        yield session


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """One reading session per request, closed afterwards."""
    yield from _sessions(session_factory(settings))


def get_writer(settings: SettingsDep) -> Iterator[Session]:
    """A session whose transactions write (on SQLite they take the write lock at BEGIN)."""
    yield from _sessions(session_factory(settings, write=True))


DB = Annotated[Session, Depends(get_session)]
Writer = Annotated[Session, Depends(get_writer)]

T = TypeVar("T")


async def in_session(settings: Settings, work: Callable[[Session], T], *, write: bool) -> T:
    """`work` with a session of its own, run in the thread pool and closed there: one trip to
    the pool per request (a sync endpoint with a session dependency takes three: open, work,
    close)."""

    def run() -> T:
        session = session_factory(settings, write=write)()
        with closing(session):
            return work(session)

    return await run_in_threadpool(run)


async def raw_body(request: Request) -> bytes:
    """The body, unparsed: endpoints parse it after authentication and their existence checks
    (FastAPI would parse a declared body first, answering malformed JSON before a 401)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]
