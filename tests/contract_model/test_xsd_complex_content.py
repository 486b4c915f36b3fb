"""complexContent: extension (base particles first), restriction, abstract types, `derived`."""

from __future__ import annotations

from soap_adapter.contract import Element, ModelGroup
from tests.contract_model.conftest import LoadSchema, complex_type, names, t

SHAPES = """
<xs:complexType name="Shape" abstract="true">
  <xs:sequence>
    <xs:element name="Id" type="xs:int"/>
    <xs:element name="Label" type="xs:string" minOccurs="0"/>
  </xs:sequence>
  <xs:attribute name="version" type="xs:int"/>
</xs:complexType>
<xs:complexType name="Circle">
  <xs:complexContent>
    <xs:extension base="t:Shape">
      <xs:sequence>
        <xs:element name="Radius" type="xs:double"/>
      </xs:sequence>
      <xs:attribute name="unit" type="xs:string" use="required"/>
    </xs:extension>
  </xs:complexContent>
</xs:complexType>
<xs:complexType name="Disc">
  <xs:complexContent>
    <xs:extension base="t:Circle">
      <xs:sequence>
        <xs:element name="Colour" type="xs:string"/>
      </xs:sequence>
    </xs:extension>
  </xs:complexContent>
</xs:complexType>
<xs:complexType name="NamedShape">
  <xs:complexContent>
    <xs:restriction base="t:Shape">
      <xs:sequence>
        <xs:element name="Id" type="xs:int"/>
        <xs:element name="Label" type="xs:string"/>
      </xs:sequence>
      <xs:attribute name="version" use="prohibited"/>
    </xs:restriction>
  </xs:complexContent>
</xs:complexType>
"""


def test_extension_content_is_the_base_particles_then_its_own(load_schema: LoadSchema) -> None:
    contract = load_schema(SHAPES)
    circle, disc = complex_type(contract, "Circle"), complex_type(contract, "Disc")

    assert names(circle.content) == ["Id", "Label", "Radius"]
    assert names(disc.content) == ["Id", "Label", "Radius", "Colour"]
    assert circle.base is complex_type(contract, "Shape")
    assert circle.derivation == "extension"


def test_extension_inherits_the_base_attributes_first(load_schema: LoadSchema) -> None:
    disc = complex_type(load_schema(SHAPES), "Disc")

    assert [(a.name, a.required) for a in disc.attributes] == [
        ("version", False),
        ("unit", True),
    ]


def test_restriction_content_is_its_own_and_prohibits_attributes(load_schema: LoadSchema) -> None:
    named = complex_type(load_schema(SHAPES), "NamedShape")

    assert named.derivation == "restriction"
    assert names(named.content) == ["Id", "Label"]
    assert named.content is not None
    assert [p.min_occurs for p in named.content.particles if isinstance(p, Element)] == [1, 1]
    assert named.attributes == []


def test_derived_lists_every_named_descendant_for_xsi_type(load_schema: LoadSchema) -> None:
    contract = load_schema(SHAPES)
    shape = complex_type(contract, "Shape")

    assert shape.abstract
    assert {d.name for d in shape.derived} == {t("Circle"), t("Disc"), t("NamedShape")}
    assert [d.name for d in complex_type(contract, "Circle").derived] == [t("Disc")]
    assert complex_type(contract, "Disc").derived == []


def test_extension_with_a_choice_keeps_the_choice_as_one_particle(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Base">
          <xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence>
        </xs:complexType>
        <xs:complexType name="Either">
          <xs:complexContent>
            <xs:extension base="t:Base">
              <xs:choice><xs:element name="B" type="xs:string"/><xs:element name="C" type="xs:int"/></xs:choice>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        """
    )
    either = complex_type(contract, "Either")

    assert either.content is not None
    assert either.content.kind == "sequence"
    first, second = either.content.particles
    assert isinstance(first, Element) and first.name == "A"
    assert isinstance(second, ModelGroup) and second.kind == "choice"
    assert names(second) == ["B", "C"]


def test_complex_content_mixed_and_anytype_base(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Note">
          <xs:complexContent mixed="true">
            <xs:extension base="xs:anyType">
              <xs:sequence><xs:element name="B" type="xs:string" minOccurs="0"/></xs:sequence>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
        """
    )
    note = complex_type(contract, "Note")

    assert note.mixed
    assert names(note.content) == ["B"]
