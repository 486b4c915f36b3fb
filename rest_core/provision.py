"""Creates the PostgreSQL database DATABASE_URL names when it does not exist yet."""

# The commands that open the database (serve, migrate, load-legacy, users) call this first, so a
# fresh server works with the README's DATABASE_URL; when the database cannot be reached or made,
# the operator reads one line saying what to do instead of a driver traceback. Only psycopg is
# imported: load-legacy stays light.

from __future__ import annotations

import shlex

from rest_core.settings import Settings

MAINTENANCE_DATABASES = ("postgres", "template1")  # where CREATE DATABASE is issued from


class DatabaseUnavailable(RuntimeError):
    """The database of DATABASE_URL cannot be used; the message says why and what to do, in
    one line."""


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text.removeprefix("connection failed: ")


def ensure_database(settings: Settings) -> str:
    """Connect once to DATABASE_URL's PostgreSQL database, creating it when missing. Returns
    what was done ("" when nothing); SQLite databases are files, made on first use."""
    url = settings.database_url
    if not url.startswith("postgresql"):
        return ""
    import psycopg
    from psycopg import errors, sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    conninfo = "postgresql://" + url.split("://", 1)[1]  # without SQLAlchemy's +driver
    timeout = max(1, int(settings.db_timeout_seconds))
    try:
        psycopg.connect(conninfo, connect_timeout=timeout).close()
        return ""
    except psycopg.OperationalError as exc:
        first_error = exc
    params = conninfo_to_dict(conninfo)
    name = str(params.get("dbname") or params.get("user") or "postgres")
    host, port = str(params.get("host", "localhost")), str(params.get("port", "5432"))
    where = f"{host}:{port}"
    admin = None
    for maintenance in MAINTENANCE_DATABASES:
        try:
            admin = psycopg.connect(
                make_conninfo(conninfo, dbname=maintenance),
                connect_timeout=timeout,
                autocommit=True,
            )
            break
        except psycopg.OperationalError:
            continue
    if admin is None:
        raise DatabaseUnavailable(
            f"cannot connect to PostgreSQL at {where}: {_one_line(first_error)} "
            "(check that the server runs and DATABASE_URL's host, port, user and password)"
        )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            raise DatabaseUnavailable(
                f"cannot connect to the database {name} at {where}: {_one_line(first_error)}"
            )
        try:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except (errors.DuplicateDatabase, errors.UniqueViolation):
            return ""  # another process starting at the same time made it
        except psycopg.Error as exc:
            owner = str(params.get("user", "postgres"))
            command = shlex.join(["createdb", "-h", host, "-p", port, "-O", owner, name])
            raise DatabaseUnavailable(
                f"the database {name} does not exist at {where} and could not be created "
                f"({_one_line(exc)}); as a PostgreSQL superuser run: {command}"
            ) from None
    return f"created the PostgreSQL database {name} at {where}"
