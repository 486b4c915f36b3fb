"""Every captured exchange in contract_fixtures/, replayed over HTTP against the running edge."""

from __future__ import annotations

import json
import pathlib

import pytest
import requests
from lxml import etree

from tests.contract import _matching
from tests.system import System

EXCHANGES = (
    pathlib.Path(__file__).resolve().parents[2] / "contract_fixtures" / "2011-03" / "exchanges"
)
CASES = sorted(p.parent for p in EXCHANGES.glob("*/exchange.json"))


def post(url: str, body: bytes, version: str, action: str) -> requests.Response:
    if version == "1.1":
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    else:
        headers = {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
    return requests.post(url, data=body, headers=headers, timeout=30)


def test_every_exchange_is_here() -> None:
    # The contract hands over 18 exchanges; losing one silently would weaken the guard.
    assert len(CASES) >= 18


def replay(case: pathlib.Path, urls: list[str], system: System) -> None:
    """Run one captured exchange from the seed state, step n against urls[n % len(urls)]."""
    system.reset()
    meta = json.loads((case / "exchange.json").read_text(encoding="utf-8"))
    variables: dict[str, str] = {}
    for number, step in enumerate(meta["steps"], 1):
        request = _matching.substitute(
            (case / step["request"]).read_text(encoding="utf-8"), variables
        )
        response = post(urls[number % len(urls)], request.encode(), step["soap"], step["action"])
        expected = (case / step["response"]).read_bytes()
        try:
            _matching.assert_matches(expected, response.content, variables)
        except (_matching.Mismatch, etree.XMLSyntaxError) as exc:
            raise AssertionError(f"step {number}: {exc}\n{response.content[:2000]!r}") from None
        assert response.status_code == step["status"], f"step {number}: HTTP {response.status_code}"
        system.assert_schema_valid(response.content)


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_exchange(system: System, case: pathlib.Path) -> None:
    replay(case, [system.soap_url], system)
