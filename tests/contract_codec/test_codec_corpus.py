"""The codec on the ten real contracts of the corpus: a request of every operation of every
binding, with every element and attribute filled (the scaffold's example values), written, read
back and written again to the same canonical XML; the OrderService releases the same way."""

from __future__ import annotations

import pathlib

import pytest
from lxml import etree

from soap_adapter.contract import Contract, load
from soap_adapter.contract._codec import read_request, write_headers, write_request
from soap_adapter.scaffold import _samples
from tests.contract_codec._models import canon

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "contract_model" / "corpus"
CONTRACTS = sorted(
    [*CORPUS.glob("*/*.wsdl"), *CORPUS.glob("*/wsdl/*.wsdl"), *ROOT.glob("wsdl/*/*.wsdl")]
)
_LOADED: dict[pathlib.Path, Contract] = {}
_NO_INDENT = etree.XMLParser(remove_blank_text=True)  # samples are indented for their readers


def _contract(path: pathlib.Path) -> Contract:
    if path not in _LOADED:
        _LOADED[path] = load(path)
    return _LOADED[path]


@pytest.mark.parametrize("wsdl", CONTRACTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_request_of_a_real_contract_round_trips(wsdl: pathlib.Path) -> None:
    contract = _contract(wsdl)
    checked = 0
    for binding in contract.bindings.values():
        for op in binding.operations.values():
            sent = etree.fromstring(
                _samples.envelope(contract, op, binding.soap_version), _NO_INDENT
            )
            header = sent[0] if len(sent) == 2 else None
            value = read_request(op, sent[-1], header, types=contract.types)
            body = write_request(op, value, types=contract.types, version=binding.soap_version)
            assert [canon(e) for e in body] == [canon(e) for e in sent[-1]], op.name
            if header is not None:
                blocks = write_headers(op, value, "input", types=contract.types)
                assert [canon(b) for b in blocks] == [canon(b) for b in header], op.name
            checked += 1
    operations = {op for b in contract.bindings.values() for op in b.operations}
    assert checked >= len(operations) or not operations
