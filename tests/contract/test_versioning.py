"""Versioning guarded in CI: what wsdl-diff says between consecutive releases, and that a release
that breaks its predecessor's clients has a new namespace and a new address (a new major release
beside the old one), never an edit in place."""

from __future__ import annotations

import itertools
import json
import subprocess

import pytest

import mappings
import soap_adapter
from soap_adapter import Release
from soap_adapter.wsdl_diff import diff, load_contract
from tests.system import BIN, ROOT

RELEASES = [entry.release for entry in mappings.releases()]
PAIRS = list(itertools.pairwise(RELEASES))


def wsdl(release: Release) -> str:
    return str(ROOT / release.contract / release.wsdl)


def test_the_verdict_between_2011_03_and_2026_12() -> None:
    """Recorded in the README: a new namespace, so every operation breaks for a 2011-03 client;
    2026-12 is a new major release at a new address, and 2011-03 stays where it was."""
    done = subprocess.run(
        [
            str(BIN / "soap-adapter"),
            "wsdl-diff",
            "--format",
            "json",
            str(ROOT / "wsdl" / "2011-03" / "OrderService.wsdl"),
            str(ROOT / "wsdl" / "2026-12" / "OrderService.wsdl"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # 1: something breaks existing clients
    differences = json.loads(done.stdout)["differences"]
    assert differences[0] == {
        "path": "definitions/targetNamespace",
        "kind": "namespace-changed",
        "direction": "both",
        "breaking": True,
        "message": "targetNamespace http://legacy.example.com/OrderService/2011/03 -> "
        "http://legacy.example.com/OrderService/2026/12",
    }
    operations_2011 = set(mappings.release("2011-03").operations)
    broken = {d["path"].split("/")[0] for d in differences if d["breaking"]}
    assert operations_2011 <= broken  # every 2011-03 operation: a client must regenerate
    assert mappings.release("2011-03").release.path == "/OrderService.asmx"
    assert mappings.release("2026-12").release.path == "/v2/OrderService.asmx"


@pytest.mark.parametrize("old,new", PAIRS, ids=[f"{a.name}->{b.name}" for a, b in PAIRS])
def test_a_breaking_release_is_a_new_major_release_at_a_new_address(
    old: Release, new: Release
) -> None:
    breaking = [d for d in diff(load_contract(wsdl(old)), load_contract(wsdl(new))) if d.breaking]
    if not breaking:
        return  # a compatible successor may be made in place, as wsdl-diff says
    assert (
        soap_adapter.load_contract(wsdl(old)).target_namespace
        != soap_adapter.load_contract(wsdl(new)).target_namespace
    ), f"{new.name} breaks {old.name} clients but keeps its namespace"
    assert old.path != new.path, f"{new.name} breaks {old.name} clients at the same address"
