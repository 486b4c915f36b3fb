"""xs:include (same namespace and chameleon), xs:import relative to the importing document,
the same file reached twice read once, and namespace-only imports between inline schemas."""

from __future__ import annotations

from soap_adapter.contract import ComplexType, load
from tests.contract_model.conftest import TNS, Write, names, t

WSDL = """<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:example:service" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema targetNamespace="urn:example:service">
      <xs:import namespace="urn:example:types" schemaLocation="xsd/main.xsd"/>
    </xs:schema>
  </wsdl:types>
</wsdl:definitions>
"""


def test_include_and_chameleon_include(write: Write) -> None:
    write(
        "xsd/main.xsd",
        f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{TNS}"
            targetNamespace="{TNS}" elementFormDefault="qualified">
          <xs:include schemaLocation="parts/same.xsd"/>
          <xs:include schemaLocation="parts/chameleon.xsd"/>
          <xs:element name="Order" type="t:Order"/>
        </xs:schema>""",
    )
    write(
        "xsd/parts/same.xsd",
        f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{TNS}" targetNamespace="{TNS}">
          <xs:complexType name="Order">
            <xs:sequence><xs:element name="Line" type="t:Line"/></xs:sequence>
          </xs:complexType>
        </xs:schema>""",
    )
    # No targetNamespace: its declarations, and its unprefixed references, take the includer's.
    write(
        "xsd/parts/chameleon.xsd",
        """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
          <xs:complexType name="Line">
            <xs:sequence><xs:element name="Sku" type="Sku"/></xs:sequence>
          </xs:complexType>
          <xs:simpleType name="Sku"><xs:restriction base="xs:string"/></xs:simpleType>
        </xs:schema>""",
    )
    contract = load(write("service.wsdl", WSDL))

    order = contract.elements[t("Order")]
    assert isinstance(order.type, ComplexType)
    line = contract.types[t("Line")]
    assert isinstance(line, ComplexType)
    assert names(line.content) == [t("Sku")]
    assert contract.types[t("Sku")].name == t("Sku")
    assert list(contract.documents) == [
        "service.wsdl",
        "xsd/main.xsd",
        "xsd/parts/same.xsd",
        "xsd/parts/chameleon.xsd",
    ]
    assert contract.documents["xsd/main.xsd"].links == {
        "parts/same.xsd": "xsd/parts/same.xsd",
        "parts/chameleon.xsd": "xsd/parts/chameleon.xsd",
    }


def test_import_chain_relative_to_each_document_read_once(write: Write) -> None:
    write(
        "xsd/main.xsd",
        f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:common"
            targetNamespace="{TNS}">
          <xs:import namespace="urn:common" schemaLocation="../common/common.xsd"/>
          <xs:import namespace="urn:common" schemaLocation="../common/./common.xsd"/>
          <xs:element name="Amount" type="c:Money"/>
        </xs:schema>""",
    )
    write(
        "common/common.xsd",
        """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:common">
          <xs:simpleType name="Money"><xs:restriction base="xs:decimal"/></xs:simpleType>
        </xs:schema>""",
    )
    contract = load(write("service.wsdl", WSDL))

    assert contract.elements[t("Amount")].type.name == "{urn:common}Money"
    assert list(contract.documents) == ["service.wsdl", "xsd/main.xsd", "common/common.xsd"]
    assert contract.documents["xsd/main.xsd"].links == {
        "../common/common.xsd": "common/common.xsd",
        "../common/./common.xsd": "common/common.xsd",
    }


def test_inline_schemas_import_each_other_by_namespace(write: Write) -> None:
    contract = load(
        write(
            "service.wsdl",
            """<?xml version="1.0"?>
            <wsdl:definitions targetNamespace="urn:a" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
                xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a" xmlns:b="urn:b">
              <wsdl:types>
                <xs:schema targetNamespace="urn:a">
                  <xs:import namespace="urn:b"/>
                  <xs:element name="Thing" type="b:Id"/>
                </xs:schema>
                <xs:schema targetNamespace="urn:b">
                  <xs:simpleType name="Id"><xs:restriction base="xs:string"/></xs:simpleType>
                </xs:schema>
              </wsdl:types>
            </wsdl:definitions>
            """,
        )
    )

    assert contract.elements["{urn:a}Thing"].type is contract.types["{urn:b}Id"]
