"""Engines, sessions (SQLite: WAL, write lock at BEGIN; or PostgreSQL) and Alembic migration."""

from __future__ import annotations

import collections
import contextlib
import functools
import logging
from collections.abc import Iterator
from typing import Any, Protocol

from sqlalchemy import Dialect, Engine, Select, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import SingletonThreadPool
from starlette.concurrency import run_in_threadpool

from rest_core.migrations import MIGRATIONS, head_revision
from rest_core.settings import Settings, sqlite_path

_MIGRATION_LOCK = 7_340_001  # PostgreSQL advisory lock id: one migrating process at a time

logger = logging.getLogger("rest_core.db")


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


class _Closable(Protocol):
    def close(self) -> None: ...


@contextlib.contextmanager
def closing(resource: _Closable) -> Iterator[None]:
    """Close a session or connection after use. A connection the database dropped meanwhile
    (pg_terminate_backend, a restart) fails the closing ROLLBACK: SQLAlchemy has already
    discarded it, and what was read stands, so it is no error of the request (raised after the
    answer was sent, it became "response already started" and an "unexpected error")."""
    try:
        yield
    finally:
        try:
            resource.close()
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            logger.warning("the database dropped a connection before it was returned to the pool")


class Query:
    """A SELECT that a hot read runs straight on the driver's connection, past SQLAlchemy's
    Connection and ORM (about 30 µs a statement less than Core on SQLite): compiled once per
    dialect, its values converted by the column types as SQLAlchemy would convert them, and the
    driver's errors raised as SQLAlchemy's (the problem handlers answer those). Rows are named
    tuples of the selected columns' keys."""

    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        self.statement = statement
        self._row: Any = collections.namedtuple("Row", statement.selected_columns.keys())  # type: ignore[misc]
        self._prepared: dict[str, tuple[str, tuple[str, ...] | None, list[Any]]] = {}

    def _prepare(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, list[Any]]:
        prepared = self._prepared.get(dialect.name)
        if prepared is None:
            compiled = self.statement.compile(dialect=dialect)
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            convert = [
                c.type.dialect_impl(dialect).result_processor(dialect, None)
                for c in self.statement.selected_columns
            ]
            prepared = self._prepared[dialect.name] = (compiled.string, order, convert)
        return prepared

    async def fetch(self, settings: Settings, **params: Any) -> list[Any]:
        """The rows, for a coroutine. SQLite: read right on the event loop, on a connection of
        the loop's own that never waits for a lock (a read of the local file takes microseconds,
        and in WAL mode no writer holds it up); when the file is locked anyway, or the read
        fails, it is read (or fails) again as below. PostgreSQL: in the thread pool, on the
        pool's connection (a trip to the thread pool costs about 0.1 ms of CPU; a read over the
        network could hold the loop up)."""
        if settings.database_url.startswith("sqlite"):
            with contextlib.suppress(DBAPIError):
                return self._run(_loop_engine(settings.database_url), params)
        return await run_in_threadpool(self.rows, settings, **params)

    def rows(self, settings: Settings, **params: Any) -> list[Any]:
        """The rows, read on a connection of the pool (pre-pinged where the engine does so)
        that goes back to it, rolled back, at once."""
        return self._run(engine_for(settings.database_url, settings.db_timeout_seconds), params)

    def _run(self, engine: Engine, params: dict[str, Any]) -> list[Any]:
        dialect = engine.dialect
        sql, order, convert = self._prepare(dialect)
        args: Any = params if order is None else tuple(params[name] for name in order)
        connection: Any = None
        try:
            connection = engine.raw_connection()
            driver = connection.dbapi_connection
            # psycopg: one statement outside a transaction, not BEGIN, SELECT and the ROLLBACK
            # of the connection's return (a round trip each); set back before the return, as
            # SQLAlchemy's own pre-ping does.
            autocommit = dialect.driver == "psycopg"
            if autocommit:
                driver.autocommit = True
            cursor = connection.cursor()
            try:
                cursor.execute(sql, args)
                found = cursor.fetchall()
            finally:
                cursor.close()
                if autocommit and not driver.closed:
                    driver.autocommit = False
        except dialect.loaded_dbapi.Error as exc:
            dropped = connection is not None and dialect.is_disconnect(
                exc, connection.dbapi_connection, None
            )
            if dropped:
                connection.invalidate()
                connection = None
            raise DBAPIError.instance(
                sql,
                args,
                exc,
                dialect.loaded_dbapi.Error,
                connection_invalidated=dropped,
                dialect=dialect,
            ) from exc
        finally:
            if connection is not None:
                _give_back(dialect, connection)
        row = self._row
        if not any(convert):
            return [row._make(values) for values in found]
        return [
            row._make(
                value if f is None else f(value) for f, value in zip(convert, values, strict=True)
            )
            for values in found
        ]


@functools.cache
def _loop_engine(url: str) -> Engine:
    """SQLite for the event loop's reads: a connection per thread (only the loop's is used),
    never waiting for a lock (busy timeout 0), outside the pool the metrics report."""
    engine = create_engine(
        url, poolclass=SingletonThreadPool, connect_args={"timeout": 0, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # a SELECT is its own transaction

    return engine


def _give_back(dialect: Dialect, connection: Any) -> None:
    """Roll back and return a driver connection to the pool. One the database dropped meanwhile
    fails the ROLLBACK: it is discarded, and what was read stands (in the pool's own reset the
    failure would be logged as an error with a traceback)."""
    try:
        connection.rollback()
    except dialect.loaded_dbapi.Error:
        connection.invalidate()
        logger.warning("the database dropped a connection before it was returned to the pool")
    connection.close()


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
