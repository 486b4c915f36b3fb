"""`rest-core`: serve the API, import the legacy export, migrate the database, manage users."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import pathlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rest_core.settings import Settings


def _database_ready(settings: Settings) -> None:
    """Create DATABASE_URL's PostgreSQL database when missing, and say so."""
    from rest_core.provision import ensure_database

    if done := ensure_database(settings):
        print(done, file=sys.stderr)


@contextlib.contextmanager
def _metrics_directory() -> Iterator[str]:
    """A fresh folder for the worker processes' metrics, named in PROMETHEUS_MULTIPROC_DIR
    before any process imports prometheus_client (it reads the variable once, at import), and
    removed on exit. Never an inherited one: another service's or a previous run's values would
    be summed in."""
    if "prometheus_client" in sys.modules:
        raise RuntimeError("prometheus_client was imported before its multiprocess folder was set")
    path = tempfile.mkdtemp(prefix="rest-core-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    # granian stops gracefully on SIGTERM and Ctrl-C and returns: the folder is removed below.
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _serve(args: argparse.Namespace) -> int:
    with _metrics_directory() as metrics:
        return _run_server(args, metrics)


def _run_server(args: argparse.Namespace, metrics_directory: str) -> int:
    from rest_core import server
    from rest_core.db import engine_for, migrate
    from rest_core.logs import configure
    from rest_core.provision import DatabaseUnavailable, ensure_database
    from rest_core.settings import get_settings

    settings = get_settings()
    configure(settings.log_level)
    log = logging.getLogger("rest_core.serve")
    if (args.certificate is None) != (args.key is None):
        log.error("--certificate and --key go together")
        return 2
    try:
        if done := ensure_database(settings):
            log.info(done)
    except DatabaseUnavailable as exc:
        log.error(str(exc))
        return 1
    migrate(settings)
    from rest_core import keys
    from rest_core.settings import CredentialKeyError

    try:
        keys.check(settings)  # and create the key file now, not racing in several workers
    except CredentialKeyError as exc:
        log.error("not starting: %s", exc)
        return 1
    log.info("metrics of the worker processes are kept in %s until exit", metrics_directory)
    # The workers are forked from this process: they must not share its database connections.
    engine_for(settings.database_url, settings.db_timeout_seconds).dispose()
    return server.serve(
        settings,
        args.host,
        args.port,
        workers=args.workers,
        certificate=args.certificate,
        key=args.key,
    )


def _load(args: argparse.Namespace) -> int:
    # Kept light (no FastAPI or uvicorn): the contract tests run it before every exchange.
    from rest_core.legacy_import import ExportError, load
    from rest_core.settings import get_settings

    directory = pathlib.Path(args.directory)
    if not directory.is_dir():
        print(f"rest-core: {directory} is not a folder", file=sys.stderr)
        return 2
    settings = get_settings()
    _database_ready(settings)
    try:
        print(load(directory, settings, reset=args.reset))
    except ExportError as exc:
        print(f"rest-core: nothing imported: {exc}", file=sys.stderr)
        return 1
    return 0


def _migrate(_: argparse.Namespace) -> int:
    from rest_core.db import migrate
    from rest_core.settings import get_settings

    settings = get_settings()
    _database_ready(settings)
    migrate(settings)
    print("the database schema is up to date")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """The new password: one line of standard input (`--password-stdin`), or typed twice at a
    prompt that does not echo. Never an argument: those show in `ps` and shell history."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    import getpass

    from rest_core.users import UserError

    try:
        open("/dev/tty").close()  # getpass asks there; without one it would echo the password
    except OSError:
        raise UserError(
            "no terminal to ask for the password: give it with --password-stdin"
        ) from None
    first = getpass.getpass(f"New password for {args.username}: ")
    if getpass.getpass("The same again: ") != first:
        raise UserError("the two passwords differ")
    return first


def _rotate_key(_: argparse.Namespace) -> int:
    from rest_core import keys
    from rest_core.settings import get_settings

    settings = get_settings()
    _database_ready(settings)
    print(keys.rotate(settings))
    return 0


def _users(args: argparse.Namespace) -> int:
    from rest_core import users
    from rest_core.settings import get_settings

    settings = get_settings()
    _database_ready(settings)
    if args.action in ("add", "set-password"):
        from rest_core import keys

        # A secret encrypted with another key than the stored ones could never be read by the
        # REST core that reads those (and a lost key file must not be replaced by a new key).
        keys.check(settings)
    try:
        if args.action == "list":
            print(f"{'username':<30} {'role':<10} enabled")
            for account in users.list_users(settings):
                print(f"{account.username:<30} {account.role:<10} {str(account.enabled).lower()}")
            return 0
        if args.action == "add":
            users.check_username(args.username)
            account = users.add(settings, args.username, args.role, _read_password(args))
            print(f"added {account.username} ({account.role})")
        elif args.action == "set-password":
            users.set_password(settings, args.username, _read_password(args))
            print(f"changed the password of {args.username}")
        elif args.action == "set-role":
            account = users.set_role(settings, args.username, args.role)
            print(f"{account.username} is now {account.role}")
        else:
            account = users.set_enabled(settings, args.username, args.action == "enable")
            print(f"{account.username} is {'enabled' if account.enabled else 'disabled'}")
    except users.UserError as exc:
        print(f"rest-core users {args.action}: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print(f"\nrest-core users {args.action}: nothing changed", file=sys.stderr)
        return 1
    return 0


def _add_users_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Roles are checked by rest_core.users (not with argparse choices: building the parser stays
    # free of SQLAlchemy for load-legacy's sake).
    users = commands.add_parser(
        "users",
        help="list, add, change and disable the accounts that may call the API",
        description="Passwords are read from a prompt (typed twice) or, with --password-stdin, "
        "from one line of standard input; never from the command line.",
    )
    actions = users.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="every account: username, role, enabled")
    add = actions.add_parser("add", help="a new, enabled account")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="reader (every GET) or operator (everything)")
    password = actions.add_parser("set-password", help="a new password (Basic and digest)")
    password.add_argument("username")
    for parser in (add, password):
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input (one line) instead of a prompt",
        )
    role = actions.add_parser("set-role", help="change what the account may do")
    role.add_argument("username")
    role.add_argument("role", help="reader or operator")
    for action, what in (("disable", "refuse"), ("enable", "accept again")):
        actions.add_parser(action, help=f"{what} the account's credentials").add_argument(
            "username"
        )
    users.set_defaults(run=_users)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rest-core", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate the database, then serve the REST API")
    serve.add_argument("--host", default="127.0.0.1", help="default: loopback only")
    serve.add_argument("--port", type=int, default=8001)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument(
        "--certificate", type=pathlib.Path, help="serve HTTPS: the certificate chain (PEM)"
    )
    serve.add_argument(
        "--key", type=pathlib.Path, help="serve HTTPS: its private key (PEM, PKCS#8)"
    )
    serve.set_defaults(run=_serve)
    load = commands.add_parser(
        "load-legacy",
        help="import the legacy export into an empty database (migrates first)",
    )
    load.add_argument(
        "directory", help="folder of customers, products, orders, order_lines, users.csv"
    )
    load.add_argument(
        "--reset", action="store_true", help="replace everything with exactly the export"
    )
    load.set_defaults(run=_load)
    commands.add_parser("migrate", help="upgrade the schema to the newest migration").set_defaults(
        run=_migrate
    )
    _add_users_command(commands)
    commands.add_parser(
        "rotate-key",
        help="encrypt the digest secrets again with a new credential key (README: the key)",
        description="With a key file: a new key is made and the file holds it alone afterwards. "
        "With CREDENTIAL_KEY: give it as NEW,OLD first; the secrets are encrypted with NEW.",
    ).set_defaults(run=_rotate_key)
    args = parser.parse_args(argv)
    from rest_core.provision import DatabaseUnavailable
    from rest_core.settings import CredentialKeyError

    try:
        return int(args.run(args))
    except (DatabaseUnavailable, CredentialKeyError) as exc:
        print(f"rest-core: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
