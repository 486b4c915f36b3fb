"""Attributes: use, default, fixed, form and attributeFormDefault, global attribute refs,
attributeGroup refs and anyAttribute."""

from __future__ import annotations

from tests.contract_model.conftest import LoadSchema, complex_type, t

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_use_default_fixed_and_types(load_schema: LoadSchema) -> None:
    item = complex_type(
        load_schema(
            """
            <xs:complexType name="Item">
              <xs:attribute name="id" type="xs:long" use="required"/>
              <xs:attribute name="status" type="xs:string" default="open"/>
              <xs:attribute name="schema" type="xs:string" fixed="2"/>
              <xs:attribute name="anything"/>
            </xs:complexType>
            """
        ),
        "Item",
    )

    assert [(a.name, a.type.builtin, a.required, a.default, a.fixed) for a in item.attributes] == [
        ("id", "long", True, None, None),
        ("status", "string", False, "open", None),
        ("schema", "string", False, None, "2"),
        ("anything", "anySimpleType", False, None, None),
    ]


def test_attribute_form_decides_the_wire_name(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:attribute name="global" type="xs:string"/>
        <xs:complexType name="Item">
          <xs:attribute name="plain" type="xs:string"/>
          <xs:attribute name="own" type="xs:string" form="qualified"/>
          <xs:attribute ref="t:global" use="required"/>
        </xs:complexType>
        """
    )
    assert [(a.name, a.required) for a in complex_type(contract, "Item").attributes] == [
        ("plain", False),
        (t("own"), False),
        (t("global"), True),
    ]

    qualified = load_schema(
        """
        <xs:complexType name="Item">
          <xs:attribute name="plain" type="xs:string"/>
          <xs:attribute name="local" type="xs:string" form="unqualified"/>
        </xs:complexType>
        """,
        attributes='attributeFormDefault="qualified"',
    )
    assert [a.name for a in complex_type(qualified, "Item").attributes] == [t("plain"), "local"]


def test_attribute_group_refs_and_any_attribute(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:attributeGroup name="Audit">
          <xs:attribute name="createdBy" type="xs:string"/>
          <xs:attributeGroup ref="t:Stamp"/>
        </xs:attributeGroup>
        <xs:attributeGroup name="Stamp">
          <xs:attribute name="at" type="xs:dateTime"/>
          <xs:anyAttribute namespace="##other" processContents="skip"/>
        </xs:attributeGroup>
        <xs:complexType name="Record">
          <xs:sequence><xs:element name="Id" type="xs:int"/></xs:sequence>
          <xs:attribute name="id" type="xs:int"/>
          <xs:attributeGroup ref="t:Audit"/>
        </xs:complexType>
        """
    )
    record = complex_type(contract, "Record")

    assert [a.name for a in record.attributes] == ["id", "createdBy", "at"]
    assert record.any_attribute is not None
    assert (record.any_attribute.namespace, record.any_attribute.process_contents) == (
        "##other",
        "skip",
    )
    assert record.any_attribute.target_namespace == "urn:example:types"


def test_xml_lang_ref_needs_no_prefix_declaration(load_schema: LoadSchema) -> None:
    """`xml:` is bound by definition; its schema (xml.xsd) is the one the adapter ships."""
    contract = load_schema(
        """
        <xs:import namespace="http://www.w3.org/XML/1998/namespace"/>
        <xs:complexType name="Text">
          <xs:simpleContent>
            <xs:extension base="xs:string">
              <xs:attribute ref="xml:lang"/>
            </xs:extension>
          </xs:simpleContent>
        </xs:complexType>
        """
    )

    assert [a.name for a in complex_type(contract, "Text").attributes] == [XML_LANG]
    assert "xml.xsd" in contract.documents
