"""`soap-adapter`: serve the edge, check the mappings, compare WSDLs, replay the contract."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import pathlib
import shutil
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator

from soap_adapter import _logging, _metrics
from soap_adapter.settings import ROOT, EdgeSettings

# The captured exchanges of release 2011-03, as copied into the project.
DEFAULT_EXCHANGES = ROOT / "contract_fixtures" / "2011-03" / "exchanges"


logger = logging.getLogger("soap_adapter.serve")

_METRICS_PREFIX = "soap-adapter-metrics-"


@contextlib.contextmanager
def _metrics_dir() -> Iterator[None]:
    """PROMETHEUS_MULTIPROC_DIR for the workers, made before they are forked and removed on exit
    (`_metrics.count_in`). Folders that earlier starts left behind (killed with SIGKILL) go too,
    once their process is gone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield  # the operator's own folder: theirs to keep
        return
    root = pathlib.Path(tempfile.gettempdir())
    for stale in root.glob(f"{_METRICS_PREFIX}*"):
        pid = stale.name.removeprefix(_METRICS_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not pathlib.Path(f"/proc/{pid}").exists():
            shutil.rmtree(stale, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix=f"{_METRICS_PREFIX}{os.getpid()}-")
    _metrics.count_in(folder)
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _serve(args: argparse.Namespace) -> int:
    # The workers read their settings from the environment: the flags are written there.
    for key in ("rest_url", "workers", "threads", "wsdl", "routes", "mappings", "catalog"):
        if getattr(args, key) is not None:
            os.environ[f"SOAP_ADAPTER_{key.upper()}"] = str(getattr(args, key))
    settings = EdgeSettings()
    _logging.configure(settings.log_level)
    if (args.certificate is None) != (args.key is None):
        logger.error("--certificate and --key go together")
        return 2
    if settings.mappings is not None and settings.wsdl is None:
        logger.error("--mappings serves the contract --wsdl names: give both")
        return 2
    with _metrics_dir():
        # Check the mappings and routes before the workers start: a broken one stops the start.
        from soap_adapter._routes import RoutesError
        from soap_adapter._server import serve
        from soap_adapter._wsgi import Edge
        from soap_adapter.app import create_edge
        from soap_adapter.contract import ContractError
        from soap_adapter.mapping_check import MappingCheckError

        try:
            edge = create_edge(settings)
        except MappingCheckError as exc:
            logger.error("the mappings do not fit the contracts: %s", exc)
            return 3
        except RoutesError as exc:
            logger.error("the routing file is refused: %s", exc)
            return 2
        except (ContractError, OSError) as exc:
            logger.error("the contract cannot be read: %s", exc)
            return 2
        scheme = "https" if args.certificate else "http"
        served = (
            {path: endpoint.release.name for path, endpoint in edge.endpoints.items()}
            if isinstance(edge, Edge)
            else dict.fromkeys(edge.ports, edge.release.name)
        )
        for path, name in served.items():
            logger.info(
                "SOAP edge, %s, on %s://%s:%s%s (WSDL: ?wsdl), REST core at %s",
                name,
                scheme,
                args.host,
                args.port,
                path,
                settings.rest_url,
            )
        return serve(
            settings,
            args.host,
            args.port,
            routes=edge.strangler.routes if edge.strangler is not None else None,
            certificate=args.certificate,
            key=args.key,
        )


def _check(args: argparse.Namespace) -> int:
    from soap_adapter.app import create_edge
    from soap_adapter.mapping_check import MappingCheckError

    if args.mappings is not None:
        return _check_folder(args)
    if args.catalog is not None or args.openapi is not None:
        print(
            "soap-adapter check-mappings: --catalog and --openapi go with --mappings DIR",
            file=sys.stderr,
        )
        return 2
    overrides = {key: getattr(args, key) for key in ("rest_url", "wsdl") if getattr(args, key)}
    try:
        create_edge(EdgeSettings(**overrides))
    except MappingCheckError as exc:
        print(f"{exc}", file=sys.stderr)
        return 1
    print("every operation of every release's WSDL has one mapping that fits the contracts")
    return 0


def _check_folder(args: argparse.Namespace) -> int:
    """check-mappings --wsdl WSDL --mappings DIR: a folder of mapping modules (such as
    `soap-adapter scaffold` writes) against any contract, and the REST side's OpenAPI."""
    from soap_adapter import contract
    from soap_adapter.mapping_check import MappingCheckError, check_folder, read_openapi

    if args.wsdl is None:
        print("soap-adapter check-mappings: --mappings DIR needs --wsdl WSDL", file=sys.stderr)
        return 2
    source = args.openapi or args.rest_url
    try:
        read = contract.load(args.wsdl, args.catalog)
        openapi = read_openapi(source) if source else None
        check_folder(read, args.mappings, openapi)
    except MappingCheckError as exc:
        print(f"{exc}", file=sys.stderr)
        return 1
    except (ValueError, OSError) as exc:  # ContractError, MappingsError, an unreadable OpenAPI
        print(f"soap-adapter check-mappings: {exc}", file=sys.stderr)
        return 2
    against = f"{args.wsdl}" + (f" and {source}" if source else "")
    print(f"every operation has one mapping in {args.mappings} that fits {against}")
    return 0


def _wsdl_diff(args: argparse.Namespace) -> int:
    from soap_adapter.wsdl_diff import main as diff_main

    options = [*(["--format", args.format] if args.format else [])]
    options += ["--catalog", args.catalog] if args.catalog else []
    return int(diff_main([args.old, args.new, *options]))


def _scaffold(args: argparse.Namespace) -> int:
    from soap_adapter.contract import ContractError, load
    from soap_adapter.scaffold import scaffold

    try:
        done = scaffold(load(args.wsdl, catalog=args.catalog), args.out)
    except (ContractError, OSError) as exc:
        print(f"soap-adapter scaffold: {exc}", file=sys.stderr)
        return 2
    print(
        f"{len(done.operations)} mapping module(s), rest_stub.py and {len(done.samples)} "
        f"sample request(s) in {done.out}"
    )
    for name, why in done.not_written.items():
        print(f"  no sample {name}: {why}", file=sys.stderr)
    return 0


def _contract_test(args: argparse.Namespace) -> int:
    from soap_adapter import contract_test

    url = urllib.parse.urlsplit(args.url)
    if url.scheme not in ("http", "https") or not url.netloc:
        print(f"soap-adapter contract-test: not an http(s) URL: {args.url}", file=sys.stderr)
        return 2
    try:
        exchanges = contract_test.find_exchanges(args.exchanges or [DEFAULT_EXCHANGES])
    except contract_test.ExchangeFormatError as exc:
        print(f"soap-adapter contract-test: {exc}", file=sys.stderr)
        return 2
    exchanges = [e for e in exchanges if not args.only or args.only in e.name]
    if not exchanges:
        print(
            f"soap-adapter contract-test: no exchange name contains {args.only!r}", file=sys.stderr
        )
        return 2
    passwords = None
    if args.passwords:
        import tomllib

        try:
            loaded = tomllib.loads(pathlib.Path(args.passwords).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            print(f"soap-adapter contract-test: {args.passwords}: {exc}", file=sys.stderr)
            return 2
        passwords = {str(user): str(password) for user, password in loaded.items()}
    print(f"Replaying {len(exchanges)} exchange(s) against {args.url}", flush=True)
    results = contract_test.run(
        args.url,
        exchanges,
        reset_command=args.reset,
        timeout=args.timeout,
        passwords=passwords,
        on_result=lambda result: print(contract_test.describe(result), flush=True),
    )
    print(contract_test.summary(results))
    if args.junit:
        contract_test.write_junit(pathlib.Path(args.junit), results, args.url)
        print(f"JUnit report: {args.junit}")
    return 0 if all(result.passed for result in results) else 1


def _shadow_report(args: argparse.Namespace) -> int:
    import tomllib

    from soap_adapter._shadow_store import ShadowStore, format_report

    store = args.store
    if store is None:
        routes = args.routes or EdgeSettings().routes
        if routes is None:
            print(
                "soap-adapter shadow-report: give --store FILE or --routes FILE "
                "(or set SOAP_ADAPTER_ROUTES)",
                file=sys.stderr,
            )
            return 2
        try:
            data = tomllib.loads(pathlib.Path(routes).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            print(f"soap-adapter shadow-report: {routes}: {exc}", file=sys.stderr)
            return 2
        store = data.get("shadow", {}).get("store", "var/shadow.sqlite3")
    if not pathlib.Path(store).exists():
        print(f"soap-adapter shadow-report: no shadow store at {store} yet", file=sys.stderr)
        return 2
    print(format_report(ShadowStore(pathlib.Path(store)).report(top=args.top)), end="")
    return 0


def _usage(args: argparse.Namespace) -> int:
    from soap_adapter._usage import report

    if args.days < 1:
        print("soap-adapter usage: --days must be 1 or more", file=sys.stderr)
        return 2
    store = pathlib.Path(args.store) if args.store else EdgeSettings().usage_store
    rows = report(store, args.days)
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(r) for r in rows], indent=2, ensure_ascii=False))
        return 0
    print(f"calls per release and operation over the last {args.days} day(s), from {store}")
    print(f"{'release':<9} {'operation':<24} {'calls':>8}  users")
    for r in rows:
        users = f"{len(r.usernames)} ({', '.join(r.usernames)})" if r.usernames else "0"
        print(f"{r.release:<9} {r.operation:<24} {r.calls:>8}  {users}")
    if not rows:
        print("(no calls recorded)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="soap-adapter", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the legacy SOAP contract from the REST core")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--rest-url", help="the REST core's base URL (SOAP_ADAPTER_REST_URL)")
    serve.add_argument("--workers", type=int, help="worker processes (SOAP_ADAPTER_WORKERS)")
    serve.add_argument(
        "--threads", type=int, help="calls served at once per worker (SOAP_ADAPTER_THREADS)"
    )
    serve.add_argument(
        "--certificate", type=pathlib.Path, help="serve HTTPS: the certificate chain (PEM)"
    )
    serve.add_argument(
        "--key", type=pathlib.Path, help="serve HTTPS: its private key (PEM, PKCS#8)"
    )
    serve.add_argument(
        "--routes",
        help="routing file: rest, legacy or shadow per 2011-03 operation (SOAP_ADAPTER_ROUTES)",
    )
    serve.add_argument(
        "--wsdl",
        help="a WSDL to serve in place of the copy in wsdl/ of the release with its namespace "
        "(SOAP_ADAPTER_WSDL); with --mappings, the contract to serve",
    )
    serve.add_argument(
        "--mappings",
        metavar="DIR",
        help="serve any contract: the folder of its mapping modules (`soap-adapter scaffold` "
        "writes one) for the WSDL --wsdl names, instead of the releases in mappings/ "
        "(SOAP_ADAPTER_MAPPINGS)",
    )
    serve.add_argument(
        "--catalog",
        metavar="FILE",
        help="an OASIS XML catalog for the imports of --wsdl (default: catalog.xml beside it) "
        "(SOAP_ADAPTER_CATALOG)",
    )
    serve.set_defaults(run=_serve)

    check = commands.add_parser("check-mappings", help="check the mappings against the contracts")
    check.add_argument("--rest-url", help="the REST core whose OpenAPI document to check against")
    check.add_argument(
        "--wsdl",
        help="the contract: with --mappings any WSDL; without, one in place of a release's copy",
    )
    check.add_argument("--catalog", help="an OASIS XML catalog for the WSDL's imports")
    check.add_argument(
        "--mappings",
        type=pathlib.Path,
        help="a folder of mapping modules (soap-adapter scaffold's) to check instead of mappings/",
    )
    check.add_argument(
        "--openapi", help="the REST side's OpenAPI document with --mappings: a file or a URL"
    )
    check.set_defaults(run=_check)

    diff = commands.add_parser("wsdl-diff", help="compare two WSDLs for client compatibility")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--format", choices=["text", "json"])
    diff.add_argument("--catalog", help="an OASIS XML catalog for the WSDLs' imports")
    diff.set_defaults(run=_wsdl_diff)

    scaffold = commands.add_parser(
        "scaffold", help="write mappings, a REST stub and sample requests for a legacy WSDL"
    )
    scaffold.add_argument("wsdl", type=pathlib.Path, metavar="WSDL")
    scaffold.add_argument("--catalog", type=pathlib.Path, help="an OASIS XML catalog for imports")
    scaffold.add_argument("--out", type=pathlib.Path, required=True, metavar="DIR")
    scaffold.set_defaults(run=_scaffold)

    contract = commands.add_parser(
        "contract-test",
        help="replay captured exchanges against a deployment",
        description="Replay captured SOAP exchanges against a running deployment and compare the "
        "answers with the exchange format's matching rules. Exit 0 when every exchange matches, "
        "1 on any difference, 2 on a usage error.",
    )
    contract.add_argument(
        "url", help="the SOAP address, e.g. http://127.0.0.1:8000/OrderService.asmx"
    )
    contract.add_argument(
        "--exchanges",
        action="append",
        metavar="DIR",
        help="a folder of exchanges, or one exchange (repeatable; default: the project's 2011-03 "
        "exchanges)",
    )
    contract.add_argument(
        "--reset", metavar="CMD", help="shell command run before each exchange to restore the seed"
    )
    contract.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report here")
    contract.add_argument(
        "--passwords",
        metavar="FILE",
        help='TOML of "user" = "password" for recorded exchanges ({{wsse:password:USER}})',
    )
    contract.add_argument("--only", metavar="TEXT", help="only exchanges whose name contains TEXT")
    contract.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for each answer"
    )
    contract.set_defaults(run=_contract_test)

    report = commands.add_parser(
        "shadow-report",
        help="per operation: shadowed calls compared, mismatch rate, most frequent differences",
    )
    report.add_argument("--routes", help="the routing file whose [shadow] store to read")
    report.add_argument("--store", help="the shadow store itself (SQLite file)")
    report.add_argument("--top", type=int, default=5, help="differing paths shown per operation")
    report.set_defaults(run=_shadow_report)

    usage = commands.add_parser(
        "usage", help="calls and distinct usernames per release and operation over N days"
    )
    usage.add_argument("--days", type=int, default=30, help="the last N days, today included")
    usage.add_argument("--store", help="the edge's usage store (SOAP_ADAPTER_USAGE_STORE)")
    usage.add_argument("--format", choices=["text", "json"], default="text")
    usage.set_defaults(run=_usage)

    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
