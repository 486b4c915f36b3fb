"""simpleContent: a value with attributes, by extension and by restriction."""

from __future__ import annotations

from tests.contract_model.conftest import LoadSchema, complex_type


def test_simple_content_extension_of_a_builtin(load_schema: LoadSchema) -> None:
    money = complex_type(
        load_schema(
            """
            <xs:complexType name="Money">
              <xs:simpleContent>
                <xs:extension base="xs:decimal">
                  <xs:attribute name="currency" type="xs:string" use="required"/>
                </xs:extension>
              </xs:simpleContent>
            </xs:complexType>
            """
        ),
        "Money",
    )

    assert money.content is None
    assert money.simple_content is not None and money.simple_content.builtin == "decimal"
    assert [(a.name, a.required) for a in money.attributes] == [("currency", True)]
    assert money.derivation == "extension"


def test_simple_content_restriction_narrows_the_value(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Code">
          <xs:simpleContent>
            <xs:extension base="xs:string">
              <xs:attribute name="list" type="xs:string"/>
            </xs:extension>
          </xs:simpleContent>
        </xs:complexType>
        <xs:complexType name="ShortCode">
          <xs:simpleContent>
            <xs:restriction base="t:Code">
              <xs:maxLength value="3"/>
              <xs:enumeration value="EUR"/>
              <xs:enumeration value="USD"/>
            </xs:restriction>
          </xs:simpleContent>
        </xs:complexType>
        """
    )
    short = complex_type(contract, "ShortCode")

    assert short.base is complex_type(contract, "Code")
    assert short.simple_content is not None
    assert short.simple_content.builtin == "string"
    assert short.simple_content.enumeration == ("EUR", "USD")
    assert short.simple_content.facets == {"maxLength": "3"}
    assert [a.name for a in short.attributes] == ["list"]
