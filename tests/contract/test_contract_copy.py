"""wsdl/ is the contract as handed over: any edit is caught, and an incompatible one is named."""

from __future__ import annotations

import hashlib
import pathlib

from soap_adapter.wsdl_diff import diff, load_contract
from tests.system import ROOT, WSDL

# The owners' copy, where the workplace provides it beside the repository (CI does).
HANDED_OVER = ROOT.parent / "shared" / "legacy-contract" / "wsdl" / "OrderService.wsdl"


def test_wsdl_is_the_contract_as_handed_over() -> None:
    changed = []
    for line in (ROOT / "contract_fixtures" / "wsdl.sha256").read_text().splitlines():
        digest, name = line.split()
        if hashlib.sha256((WSDL.parent / name).read_bytes()).hexdigest() != digest:
            changed.append(name)
    if changed and HANDED_OVER.exists():
        breaking = [
            f"{d.path}: {d.message}"
            for d in diff(load_contract(str(HANDED_OVER)), load_contract(str(WSDL)))
            if d.breaking
        ]
        assert not breaking, "wsdl/ breaks the legacy clients:\n" + "\n".join(breaking)
    assert not changed, f"wsdl/ differs from the contract as handed over: {changed}"


def test_the_owners_copy_is_identical_where_present() -> None:
    if not HANDED_OVER.exists():
        return  # a clone without shared/ beside it: the checksums above still hold wsdl/
    for name in ("OrderService.wsdl", "OrderTypes.xsd"):
        assert (WSDL.parent / name).read_bytes() == (HANDED_OVER.parent / name).read_bytes(), name
    assert load_contract(str(HANDED_OVER)) is not None
    assert diff(load_contract(str(HANDED_OVER)), load_contract(str(WSDL))) == []


def test_the_checksums_cover_every_file_of_wsdl_dir() -> None:
    listed = {
        line.split()[1]
        for line in (ROOT / "contract_fixtures" / "wsdl.sha256").read_text().splitlines()
    }
    assert listed == {p.name for p in WSDL.parent.iterdir() if p.is_file()}
    assert pathlib.Path(WSDL).exists()
