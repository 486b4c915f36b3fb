"""Engine and sessions: SQLite with WAL and write locks taken up front, or PostgreSQL."""

from __future__ import annotations

import contextlib
import functools
import pathlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rest_core.settings import Settings, get_settings

MIGRATIONS = pathlib.Path(__file__).resolve().parent / "migrations"


def _sqlite_engine(url: str, timeout: float) -> Engine:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN (SQLAlchemy's documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock at the start, so two orders for one customer serialize
        # instead of both reading the old balance (SQLite has no SELECT ... FOR UPDATE).
        immediate = connection.get_execution_options().get("sqlite_begin") == "immediate"
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@functools.cache
def engine_for(url: str, timeout: float) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, timeout)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        pool_timeout=timeout,
        connect_args={
            "connect_timeout": max(1, int(timeout)),
            "options": f"-c statement_timeout={int(timeout * 1000)} -c lock_timeout={int(timeout * 1000)}",
        },
    )


@functools.cache
def _sessions(url: str, timeout: float, write: bool) -> sessionmaker[Session]:
    engine = engine_for(url, timeout)
    if write:
        engine = engine.execution_options(sqlite_begin="immediate")
    return sessionmaker(engine, expire_on_commit=False)


def session_factory(settings: Settings, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions for reading, or for writing (on SQLite these lock the database up front)."""
    return _sessions(settings.database_url, settings.db_timeout_seconds, write)


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session per request, closed afterwards."""
    with session_factory(get_settings())() as session:
        yield session


def _head() -> str:
    """The newest migration's revision, read from the file names (NNNN_name.py)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def migrate(settings: Settings) -> None:
    """Bring the schema to the newest Alembic migration (no Alembic import when already there)."""
    engine = engine_for(settings.database_url, settings.db_timeout_seconds)
    with contextlib.suppress(DBAPIError), engine.connect() as connection:
        if connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head():
            return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
