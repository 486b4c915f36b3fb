"""Every captured exchange of every release (contract_fixtures/<release>/exchanges), replayed over
HTTP with `soap_adapter.contract_test` against the one running system that serves all releases."""

from __future__ import annotations

import dataclasses
import pathlib

import pytest

import mappings
from soap_adapter import Release, contract_test
from tests.system import ROOT, System


@dataclasses.dataclass(frozen=True)
class Case:
    release: Release
    folder: pathlib.Path

    @property
    def id(self) -> str:
        return f"{self.release.name}/{self.folder.name}"


CASES = [
    Case(entry.release, exchange.directory)
    for entry in mappings.releases()
    for exchange in contract_test.find_exchanges([ROOT / entry.release.fixtures / "exchanges"])
]


def test_every_exchange_is_here() -> None:
    # The contracts hand over 18 and 15 exchanges; losing one silently would weaken the guard.
    counted = {entry.release.name: 0 for entry in mappings.releases()}
    for case in CASES:
        counted[case.release.name] += 1
    assert counted["2011-03"] >= 18 and counted["2026-12"] >= 15, counted


def replay(case: Case, bases: list[str], system: System) -> None:
    """Run one captured exchange from the seed state, step n on bases[n % len(bases)]: at the
    release's address, or at the step's own `path` (a step speaking another release). Every
    answer is valid against the XSD of the release that gave it."""
    system.reset()
    urls = [base + case.release.path for base in bases]
    try:
        responses = contract_test.replay(contract_test.load_exchange(case.folder), urls)
    except contract_test.StepFailed as exc:
        raise AssertionError(str(exc)) from None
    for response in responses:
        system.assert_schema_valid(response.content, response.url)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_exchange(system: System, case: Case) -> None:
    replay(case, [system.soap_base], system)
