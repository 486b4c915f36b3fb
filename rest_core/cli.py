"""`rest-core`: serve the API, import the legacy export, migrate the database."""

from __future__ import annotations

import argparse
import pathlib
import sys


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rest_core.db import migrate
    from rest_core.logs import configure
    from rest_core.settings import get_settings

    settings = get_settings()
    configure(settings.log_level)
    migrate(settings)
    settings.fernet_key()  # create the key file now, not racing in several workers
    uvicorn.run(
        "rest_core.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,
    )
    return 0


def _load(args: argparse.Namespace) -> int:
    # Kept light (no SQLAlchemy, FastAPI or uvicorn): the contract tests run it before every
    # exchange.
    from rest_core.legacy_import import ExportError, load
    from rest_core.settings import get_settings

    directory = pathlib.Path(args.directory)
    if not directory.is_dir():
        print(f"rest-core: {directory} is not a folder", file=sys.stderr)
        return 2
    try:
        print(load(directory, get_settings(), reset=args.reset))
    except ExportError as exc:
        print(f"rest-core: nothing imported: {exc}", file=sys.stderr)
        return 1
    return 0


def _migrate(_: argparse.Namespace) -> int:
    from rest_core.db import migrate
    from rest_core.settings import get_settings

    migrate(get_settings())
    print("the database schema is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rest-core", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate the database, then serve the REST API")
    serve.add_argument("--host", default="127.0.0.1", help="default: loopback only")
    serve.add_argument("--port", type=int, default=8001)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
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
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
