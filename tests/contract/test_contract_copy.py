"""wsdl/<release>/ is each release as handed over: any edit is caught, an incompatible one named.

Each release's checksums (contract_fixtures/<release>/wsdl.sha256) hold its copy on a clone of its
own; where the owners' copies sit beside the repository (../shared, as in CI), the copy is also
compared with the original, byte for byte and with `wsdl-diff`, matched by target namespace.
"""

from __future__ import annotations

import filecmp
import hashlib
import pathlib

import pytest

import mappings
import soap_adapter
from soap_adapter.wsdl_diff import diff, load_contract
from tests.system import ROOT

RELEASES = sorted(p.name for p in (ROOT / "wsdl").iterdir() if p.is_dir())
SHARED = ROOT.parent / "shared"


def handed_over(release: str) -> pathlib.Path | None:
    """The owners' WSDL of the release (same target namespace) beside the repository, if any."""
    wsdl = ROOT / "wsdl" / release / "OrderService.wsdl"
    namespace = soap_adapter.load_contract(wsdl).target_namespace
    for original in sorted(SHARED.glob("*/wsdl/*.wsdl")):
        if soap_adapter.load_contract(original).target_namespace == namespace:
            return original
    return None


def test_every_release_is_served_from_its_copy() -> None:
    declared = {entry.release.name: entry.release for entry in mappings.releases()}
    assert set(declared) <= set(RELEASES)
    for release in declared.values():
        assert (ROOT / release.contract / release.wsdl).is_file()
        assert (ROOT / release.fixtures / "wsdl.sha256").is_file()


@pytest.mark.parametrize("release", RELEASES)
def test_wsdl_is_the_contract_as_handed_over(release: str) -> None:
    folder = ROOT / "wsdl" / release
    changed = []
    for line in (ROOT / "contract_fixtures" / release / "wsdl.sha256").read_text().splitlines():
        digest, name = line.split()
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            changed.append(name)
    original = handed_over(release)
    if changed and original is not None:
        breaking = [
            f"{d.path}: {d.message}"
            for d in diff(load_contract(str(original)), load_contract(str(folder / original.name)))
            if d.breaking
        ]
        assert not breaking, f"wsdl/{release} breaks its clients:\n" + "\n".join(breaking)
    assert not changed, f"wsdl/{release} differs from the contract as handed over: {changed}"


@pytest.mark.parametrize("release", RELEASES)
def test_the_owners_copy_is_identical_where_present(release: str) -> None:
    if not SHARED.exists():
        pytest.skip(f"no owners' copies at {SHARED} (a clone on its own): the checksums hold wsdl/")
    original = handed_over(release)
    assert original is not None, f"no contract in {SHARED} has the namespace of wsdl/{release}"
    folder = ROOT / "wsdl" / release
    for path in original.parent.iterdir():
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name
    assert diff(load_contract(str(original)), load_contract(str(folder / original.name))) == []
    # The fixtures beside it: BEHAVIOUR.md, README.md and the captured exchanges, unchanged.
    fixtures = ROOT / "contract_fixtures" / release
    for name in ("BEHAVIOUR.md", "README.md"):
        assert (fixtures / name).read_bytes() == (original.parent.parent / name).read_bytes()
    compared = filecmp.dircmp(fixtures / "exchanges", original.parent.parent / "exchanges")
    assert not compared.left_only and not compared.right_only and not compared.diff_files
    for sub in compared.subdirs.values():
        assert not sub.left_only and not sub.right_only and not sub.diff_files, sub.left


@pytest.mark.parametrize("release", RELEASES)
def test_the_checksums_cover_every_file_of_wsdl_dir(release: str) -> None:
    listed = {
        line.split()[1]
        for line in (ROOT / "contract_fixtures" / release / "wsdl.sha256").read_text().splitlines()
    }
    assert listed == {p.name for p in (ROOT / "wsdl" / release).iterdir() if p.is_file()}
