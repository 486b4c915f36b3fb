"""The constructs the corpus README counts, as the model reads them: Salesforce's headers, faults and
extensions, JIRA's faults and soapenc arrays, IHE's substitution groups, union and MTOM elements."""

from __future__ import annotations

from soap_adapter.contract import (
    BindingOperation,
    ComplexType,
    Contract,
    Element,
    ModelGroup,
    SimpleType,
    load,
)
from tests.contract_model.conftest import CORPUS


def _bound(contract: Contract) -> list[BindingOperation]:
    return [op for b in contract.bindings.values() for op in b.operations.values()]


def test_salesforce_headers_faults_and_extensions() -> None:
    contract = load(CORPUS / "10-salesforce-partner" / "partner.wsdl")
    operations = _bound(contract)

    headers = [
        h for op in operations for body in (op.input, op.output) if body for h in body.headers
    ]
    assert len(headers) == 353
    assert sum(len(op.faults) for op in operations) == 102
    extensions = [
        t
        for t in contract.types.values()
        if isinstance(t, ComplexType) and t.derivation == "extension"
    ]
    assert len(extensions) == 28
    login = next(op for op in operations if op.name == "login")
    assert [h.part.name for h in login.input.headers] == ["LoginScopeHeader", "CallOptions"]
    api_fault = contract.types["{urn:fault.partner.soap.sforce.com}ApiFault"]
    assert isinstance(api_fault, ComplexType)
    assert "{urn:fault.partner.soap.sforce.com}InvalidIdFault" in {
        d.name for d in api_fault.derived
    }


def test_jira_rpc_encoded_faults() -> None:
    contract = load(CORPUS / "14-atlassian-jira-axis1" / "jirasoapservice-v2.wsdl")
    operations = _bound(contract)

    assert sum(len(op.faults) for op in operations) == 261
    assert {f.use for op in operations for f in op.faults.values()} == {"encoded"}
    assert all(op.input.namespace == "http://soap.rpc.jira.atlassian.com" for op in operations)


def test_ihe_substitution_groups_and_union() -> None:
    contract = load(CORPUS / "23-ihe-xdsb-nhin-docretrieve" / "wsdl" / "NhinDocRetrieve.wsdl")
    rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"
    identifiable = contract.elements[f"{{{rim}}}Identifiable"]

    members = {e.name for e in contract.elements.values() if e.name.startswith(f"{{{rim}}}")} & {
        s.name for head in contract.elements.values() for s in head.substitutes
    }
    assert len(members) == 22  # every substitutionGroup member of rim.xsd
    assert f"{{{rim}}}ExtrinsicObject" in {e.name for e in identifiable.substitutes}
    unions = [t for t in _all_simple(contract) if t.variety == "union"]
    assert len(unions) == 1


def test_ihe_mtom_document_is_base64() -> None:
    contract = load(CORPUS / "23-ihe-xdsb-nhin-docretrieve" / "wsdl" / "NhinDocRetrieve.wsdl")
    [operation] = _bound(contract)

    assert operation.output is not None
    [part] = operation.output.parts
    assert part.element is not None
    response = part.element.type
    assert isinstance(response, ComplexType)
    documents = [
        p for p in _elements(response) if p.name == "{urn:ihe:iti:xds-b:2007}DocumentResponse"
    ]
    assert documents
    document_type = documents[0].type
    assert isinstance(document_type, ComplexType)
    [payload] = [
        e for e in _elements(document_type) if e.name == "{urn:ihe:iti:xds-b:2007}Document"
    ]
    assert isinstance(payload.type, SimpleType) and payload.type.builtin == "base64Binary"


def _elements(complex_type: ComplexType) -> list[Element]:
    found: list[Element] = []
    stack = [complex_type.content] if complex_type.content else []
    while stack:
        group = stack.pop()
        for particle in group.particles:
            if isinstance(particle, Element):
                found.append(particle)
            elif isinstance(particle, ModelGroup):
                stack.append(particle)
    return found


def _all_simple(contract: Contract) -> list[SimpleType]:
    seen: dict[int, SimpleType] = {}
    visited: set[int] = set()
    stack: list[object] = [*contract.types.values(), *(e.type for e in contract.elements.values())]
    while stack:
        item = stack.pop()
        if id(item) in visited:
            continue
        visited.add(id(item))
        if isinstance(item, SimpleType):
            seen[id(item)] = item
            stack += [item.item, *item.members] if item.item else list(item.members)
        elif isinstance(item, ComplexType):
            stack += [a.type for a in item.attributes]
            stack += [e.type for e in _elements(item)]
            if item.simple_content:
                stack.append(item.simple_content)
    return list(seen.values())
