"""Every contract of the corpus (tests/contract_model/corpus, a byte-for-byte copy of
../shared/wsdl-corpus) reads, with the operations, styles and SOAP versions its README lists."""

from __future__ import annotations

import pytest

from soap_adapter.contract import load
from tests.contract_model.conftest import CORPUS

# folder, WSDL, portType operations, bound operations per (style, use), SOAP versions
CONTRACTS = [
    ("02-noaa-ndfdxml", "ndfdXML.wsdl", 12, {("rpc", "encoded"): 12}, {"1.1"}),
    ("03-dneonline-calculator", "calculator.wsdl", 4, {("document", "literal"): 8}, {"1.1", "1.2"}),
    (
        "04-oorsprong-countryinfo",
        "CountryInfoService.wsdl",
        21,
        {("document", "literal"): 42},
        {"1.1", "1.2"},
    ),
    ("10-salesforce-partner", "partner.wsdl", 63, {("document", "literal"): 63}, {"1.1"}),
    ("14-atlassian-jira-axis1", "jirasoapservice-v2.wsdl", 113, {("rpc", "encoded"): 113}, {"1.1"}),
    ("16-wcf-svcutil-wsdlimport", "Service1.wsdl", 2, {("document", "literal"): 2}, {"1.1"}),
    ("17-jaxws-chrome-description", "chromedata.wsdl", 9, {("document", "literal"): 9}, {"1.1"}),
    (
        "21-cybersource-transaction",
        "CyberSourceTransaction_1.26.wsdl",
        1,
        {("document", "literal"): 1},
        {"1.1"},
    ),
    (
        "23-ihe-xdsb-nhin-docretrieve",
        "wsdl/NhinDocRetrieve.wsdl",
        1,
        {("document", "literal"): 1},
        {"1.2"},
    ),
    (
        "24-aeat-sii-factemitidas",
        "SuministroFactEmitidas.wsdl",
        5,
        {("document", "literal"): 5},
        {"1.1"},
    ),
]


@pytest.mark.parametrize(
    ("folder", "wsdl", "operations", "bound", "versions"),
    CONTRACTS,
    ids=[c[0] for c in CONTRACTS],
)
def test_corpus_contract_reads(
    folder: str,
    wsdl: str,
    operations: int,
    bound: dict[tuple[str, str], int],
    versions: set[str],
) -> None:
    contract = load(CORPUS / folder / wsdl)

    assert sum(len(p.operations) for p in contract.port_types.values()) == operations
    counted: dict[tuple[str, str], int] = {}
    for binding in contract.bindings.values():
        for operation in binding.operations.values():
            key = (operation.style, operation.input.use)
            counted[key] = counted.get(key, 0) + 1
    assert counted == bound
    assert {b.soap_version for b in contract.bindings.values()} == versions
    assert next(iter(contract.documents)) == contract.wsdl.name
    # every SOAP binding is served by a port
    assert {p.binding.name for s in contract.services for p in s.ports} == set(contract.bindings)


def test_corpus_copy_is_complete() -> None:
    """The copy keeps every contract's README/SOURCE.md beside its files."""
    assert (CORPUS / "README.md").is_file()
    for folder, _, _, _, _ in CONTRACTS:
        assert (CORPUS / folder / "SOURCE.md").is_file()
    assert (CORPUS / "_remote-common" / "SOURCE.md").is_file()
