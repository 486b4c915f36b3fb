"""Engines, sessions (SQLite: WAL, write lock at BEGIN; or PostgreSQL) and Alembic migration."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rest_core.migrations import MIGRATIONS, head_revision
from rest_core.settings import Settings, sqlite_path

_MIGRATION_LOCK = 7_340_001  # PostgreSQL advisory lock id: one migrating process at a time


def _sqlite_engine(url: str, timeout: float) -> Engine:
    sqlite_path(url)  # creates the folder
    engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy's documented pysqlite recipe: the driver emits no BEGIN, we do (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock at BEGIN, so two orders for one customer serialize instead
        # of both reading the old balance (SQLite has no SELECT ... FOR UPDATE).
        immediate = connection.get_execution_options().get("sqlite_begin") == "immediate"
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@functools.cache
def engine_for(url: str, timeout: float) -> Engine:
    """One engine per database URL and timeout, per process."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, timeout)
    milliseconds = int(timeout * 1000)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        pool_timeout=timeout,
        connect_args={
            "connect_timeout": max(1, int(timeout)),
            "options": f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}",
        },
    )


@functools.cache
def _sessions(url: str, timeout: float, write: bool) -> sessionmaker[Session]:
    engine = engine_for(url, timeout)
    if write:
        engine = engine.execution_options(sqlite_begin="immediate")
    return sessionmaker(engine, expire_on_commit=False)


def session_factory(settings: Settings, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions for reading, or for writing (on SQLite these lock the database at BEGIN)."""
    return _sessions(settings.database_url, settings.db_timeout_seconds, write)


def migrate(settings: Settings) -> None:
    """Bring the schema to the newest Alembic migration; safe when several processes start at
    once (PostgreSQL: an advisory lock; SQLite: the write lock). Alembic is only imported when
    there is something to do."""
    engine = engine_for(settings.database_url, settings.db_timeout_seconds)
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if current == head_revision():
            return
    except DBAPIError:
        pass  # no alembic_version table yet
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(sqlite_begin="immediate").connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
