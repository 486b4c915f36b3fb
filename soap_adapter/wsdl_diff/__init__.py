"""Compares two WSDLs with their XSDs and says, per difference, whether it breaks old clients.

    soap-adapter wsdl-diff OLD NEW [--format text|json]     (files or http(s) URLs)

Exit status: 0 when nothing breaks, 1 when something does, 2 when a contract cannot be read.
The rules, by kind and direction, are the table in `_rules.py`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from soap_adapter.wsdl_diff._compare import Difference, diff
from soap_adapter.wsdl_diff._model import Contract, load_contract

__all__ = ["Contract", "Difference", "diff", "load_contract", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="soap-adapter wsdl-diff", description=__doc__.splitlines()[0]
    )
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    try:
        old, new = load_contract(args.old), load_contract(args.new)
    except Exception as exc:  # any unreadable contract: one clear line, no traceback
        print(f"wsdl-diff: cannot read the contracts: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    found = diff(old, new)
    breaking = [d for d in found if d.breaking]
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(d) for d in found], indent=2))
    else:
        for d in found:
            print(
                f"{'BREAKING' if d.breaking else 'ok':<9} {d.direction:<8} {d.path}: {d.kind}: {d.message}"
            )
        print(f"{len(found)} difference(s), {len(breaking)} breaking")
    return 1 if breaking else 0
