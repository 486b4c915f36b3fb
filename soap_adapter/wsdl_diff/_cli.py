"""The wsdl-diff command: OLD NEW [--format text|json] [--catalog FILE]; exit 1 when a difference
breaks clients."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from soap_adapter.wsdl_diff._compare import diff
from soap_adapter.wsdl_diff._load import ContractError, load_contract


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _fail(message: str) -> int:
    print(f"wsdl-diff: {_one_line(message)}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Compare OLD with NEW; 0: nothing breaks, 1: something breaks, 2: bad usage or input."""
    parser = _Parser(
        prog="soap-adapter wsdl-diff",
        description="Compare two WSDLs (files or http(s) URLs) with their XSDs and say, for each "
        "difference, whether it breaks clients of OLD.",
    )
    parser.add_argument("old", metavar="OLD", help="the WSDL clients were generated from")
    parser.add_argument("new", metavar="NEW", help="the WSDL to check")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--catalog",
        help="an OASIS XML catalog for imports that cannot be fetched where they point "
        "(a catalog.xml beside each WSDL is used without it)",
    )
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        return _fail(f"{exc} (usage: {parser.prog} OLD NEW [--format text|json] [--catalog FILE])")
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        old = load_contract(args.old, catalog=args.catalog)
        new = load_contract(args.new, catalog=args.catalog)
    except ContractError as exc:
        return _fail(f"cannot read {exc}")
    except Exception as exc:  # a contract this tool does not understand: one line, no traceback
        return _fail(f"cannot read the contracts: {type(exc).__name__}: {exc}")
    try:
        found = diff(old, new)
    except Exception as exc:
        return _fail(f"cannot compare the contracts: {type(exc).__name__}: {exc}")
    breaking = sum(d.breaking for d in found)
    if args.format == "json":
        document = {
            "old": old.source,
            "new": new.source,
            "differences": [dataclasses.asdict(d) for d in found],
            "total": len(found),
            "breaking": breaking,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for d in found:
            print(f"{'BREAKING' if d.breaking else 'ok':<10}{d.path}: {d.message}")
        print(
            f"{len(found)} difference(s): {breaking} breaking, {len(found) - breaking} compatible"
        )
    return 1 if breaking else 0
