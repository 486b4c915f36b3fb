"""Helpers: small contracts written to tmp_path and read with `soap_adapter.contract.load`."""

from __future__ import annotations

import pathlib
import textwrap
from collections.abc import Callable

import pytest

from soap_adapter.contract import ComplexType, Contract, ContractError, Element, ModelGroup, load

CORPUS = pathlib.Path(__file__).parent / "corpus"
TNS = "urn:example:types"

WSDL_IMPORTING_TYPES = """<?xml version="1.0"?>
<wsdl:definitions name="Example" targetNamespace="urn:example:service"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema targetNamespace="urn:example:service">
      <xs:import namespace="urn:example:types" schemaLocation="types.xsd"/>
    </xs:schema>
  </wsdl:types>
</wsdl:definitions>
"""

SCHEMA = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:example:types"
    targetNamespace="urn:example:types" {attributes}>
{body}
</xs:schema>
"""

Write = Callable[[str, str], pathlib.Path]
LoadSchema = Callable[..., Contract]


@pytest.fixture
def write(tmp_path: pathlib.Path) -> Write:
    """write(name, text): a file of the contract under test, dedented, in tmp_path."""

    def write(name: str, text: str) -> pathlib.Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load_schema(write: Write) -> LoadSchema:
    """load_schema(body, attributes=''): the contract of a WSDL that imports types.xsd, an
    `xs:schema` of namespace urn:example:types (prefix t:) holding `body`."""

    def load_schema(body: str, attributes: str = "") -> Contract:
        write("types.xsd", SCHEMA.format(attributes=attributes, body=textwrap.dedent(body)))
        return load(write("service.wsdl", WSDL_IMPORTING_TYPES))

    return load_schema


def t(local: str) -> str:
    """The Clark name of `local` in the test schemas' namespace."""
    return f"{{{TNS}}}{local}"


def complex_type(contract: Contract, local: str) -> ComplexType:
    found = contract.types[t(local)]
    assert isinstance(found, ComplexType)
    return found


def names(group: ModelGroup | None) -> list[str]:
    """The element names of a content model's particles, in order (groups flattened)."""
    assert group is not None
    found: list[str] = []
    for particle in group.particles:
        if isinstance(particle, Element):
            found.append(particle.name)
        elif isinstance(particle, ModelGroup):
            found += names(particle)
    return found


def refused(wsdl: pathlib.Path) -> ContractError:
    """The ContractError that loading `wsdl` raises."""
    with pytest.raises(ContractError) as caught:
        load(wsdl)
    return caught.value
