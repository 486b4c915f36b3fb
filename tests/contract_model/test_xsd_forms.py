"""Element names are the exact wire names: elementFormDefault, form=, global elements and refs."""

from __future__ import annotations

from soap_adapter.contract import ComplexType, load
from tests.contract_model.conftest import LoadSchema, Write, names, t

BODY = """
<xs:element name="Top" type="t:Shape"/>
<xs:element name="Shared" type="xs:string"/>
<xs:complexType name="Shape">
  <xs:sequence>
    <xs:element name="Plain" type="xs:string"/>
    <xs:element name="Qualified" type="xs:string" form="qualified"/>
    <xs:element name="Unqualified" type="xs:string" form="unqualified"/>
    <xs:element ref="t:Shared"/>
  </xs:sequence>
</xs:complexType>
"""


def test_element_form_default_unqualified(load_schema: LoadSchema) -> None:
    contract = load_schema(BODY)
    top = contract.elements[t("Top")]

    assert top.name == t("Top") and top.is_global
    assert isinstance(top.type, ComplexType)
    assert names(top.type.content) == ["Plain", t("Qualified"), "Unqualified", t("Shared")]


def test_element_form_default_qualified(load_schema: LoadSchema) -> None:
    contract = load_schema(BODY, attributes='elementFormDefault="qualified"')
    top = contract.elements[t("Top")]

    assert isinstance(top.type, ComplexType)
    assert names(top.type.content) == [t("Plain"), t("Qualified"), "Unqualified", t("Shared")]


def test_schema_without_target_namespace_has_unqualified_names(write: Write) -> None:
    write(
        "service.wsdl",
        """<?xml version="1.0"?>
        <wsdl:definitions targetNamespace="urn:s" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <wsdl:types>
            <xs:schema elementFormDefault="qualified">
              <xs:element name="Ping"><xs:complexType><xs:sequence>
                <xs:element name="Text" type="xs:string"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
          </wsdl:types>
        </wsdl:definitions>
        """,
    )
    contract = load(write("types.xsd", "<x/>").parent / "service.wsdl")
    ping = contract.elements["Ping"]
    assert isinstance(ping.type, ComplexType)
    assert names(ping.type.content) == ["Text"]
