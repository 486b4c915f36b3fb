"""xs:redefine: the redefining schema's components replace the included ones, and their reference
to themselves means the original."""

from __future__ import annotations

from soap_adapter.contract import ComplexType, SimpleType, load
from tests.contract_model.conftest import TNS, Write, names, refused, t

BASE = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{TNS}" targetNamespace="{TNS}">
  <xs:complexType name="Address">
    <xs:sequence><xs:element name="Street" type="xs:string"/></xs:sequence>
  </xs:complexType>
  <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType>
  <xs:group name="Extra"><xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence></xs:group>
  <xs:attributeGroup name="Marks"><xs:attribute name="x" type="xs:int"/></xs:attributeGroup>
  <xs:complexType name="Holder">
    <xs:sequence><xs:element name="Where" type="t:Address"/><xs:group ref="t:Extra"/></xs:sequence>
    <xs:attributeGroup ref="t:Marks"/>
  </xs:complexType>
</xs:schema>"""

REDEFINING = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{TNS}" targetNamespace="{TNS}">
  <xs:redefine schemaLocation="base.xsd">
    <xs:complexType name="Address">
      <xs:complexContent>
        <xs:extension base="t:Address">
          <xs:sequence><xs:element name="Country" type="xs:string"/></xs:sequence>
        </xs:extension>
      </xs:complexContent>
    </xs:complexType>
    <xs:simpleType name="Code"><xs:restriction base="t:Code"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
    <xs:group name="Extra"><xs:sequence><xs:group ref="t:Extra"/><xs:element name="B" type="xs:string"/></xs:sequence></xs:group>
    <xs:attributeGroup name="Marks"><xs:attributeGroup ref="t:Marks"/><xs:attribute name="y" type="xs:int"/></xs:attributeGroup>
  </xs:redefine>
</xs:schema>"""

WSDL = """<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:s" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types><xs:schema targetNamespace="urn:s">
    <xs:import namespace="urn:example:types" schemaLocation="types.xsd"/>
  </xs:schema></wsdl:types>
</wsdl:definitions>
"""


def test_redefined_components_replace_the_originals_everywhere(write: Write) -> None:
    write("base.xsd", BASE)
    write("types.xsd", REDEFINING)
    contract = load(write("service.wsdl", WSDL))

    address = contract.types[t("Address")]
    assert isinstance(address, ComplexType)
    assert names(address.content) == ["Street", "Country"]
    assert isinstance(address.base, ComplexType) and address.base.name is None  # the original
    code = contract.types[t("Code")]
    assert isinstance(code, SimpleType) and (code.builtin, code.facets) == (
        "string",
        {"maxLength": "3"},
    )

    holder = contract.types[t("Holder")]  # declared in base.xsd, sees the redefinitions
    assert isinstance(holder, ComplexType)
    assert names(holder.content) == ["Where", "A", "B"]
    assert [a.name for a in holder.attributes] == ["x", "y"]
    assert all(" " not in name for name in contract.types)
    assert contract.documents["types.xsd"].links == {"base.xsd": "base.xsd"}


def test_redefinition_that_does_not_derive_from_itself_is_refused(write: Write) -> None:
    write("base.xsd", BASE)
    write(
        "types.xsd",
        REDEFINING.replace('<xs:extension base="t:Address">', '<xs:extension base="xs:anyType">'),
    )
    error = refused(write("service.wsdl", WSDL))

    assert error.construct == "xs:complexType"
    assert (error.source.file, error.source.line) == ("types.xsd", 3)
    assert "must derive from the type it redefines" in str(error)
