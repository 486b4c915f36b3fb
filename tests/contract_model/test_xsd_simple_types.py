"""Simple types: every XSD 1.0 built-in, restrictions (`builtin` is the built-in they derive from),
enumerations and facets, list and union, nillable, default and fixed."""

from __future__ import annotations

import pytest

from soap_adapter.contract import ComplexType, Element, SimpleType
from tests.contract_model.conftest import LoadSchema, complex_type, t

BUILTINS = [
    "string",
    "boolean",
    "decimal",
    "float",
    "double",
    "duration",
    "dateTime",
    "time",
    "date",
    "gYearMonth",
    "gYear",
    "gMonthDay",
    "gDay",
    "gMonth",
    "hexBinary",
    "base64Binary",
    "anyURI",
    "QName",
    "NOTATION",
    "normalizedString",
    "token",
    "language",
    "NMTOKEN",
    "NMTOKENS",
    "Name",
    "NCName",
    "ID",
    "IDREF",
    "IDREFS",
    "ENTITY",
    "ENTITIES",
    "integer",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "positiveInteger",
]


def _simple(contract_type: object) -> SimpleType:
    assert isinstance(contract_type, SimpleType)
    return contract_type


def test_every_xsd_10_builtin_reads_as_itself(load_schema: LoadSchema) -> None:
    assert len(BUILTINS) == 44
    fields = "\n".join(f'<xs:element name="{b}" type="xs:{b}"/>' for b in BUILTINS)
    contract = load_schema(
        f"<xs:complexType name='All'><xs:sequence>{fields}</xs:sequence></xs:complexType>"
    )
    content = complex_type(contract, "All").content
    assert content is not None

    read = {p.name: _simple(p.type) for p in content.particles if isinstance(p, Element)}
    assert {name: s.builtin for name, s in read.items()} == {b: b for b in BUILTINS}
    assert (
        read["NMTOKENS"].variety == "list" and _simple(read["NMTOKENS"].item).builtin == "NMTOKEN"
    )
    assert read["float"].name == "{http://www.w3.org/2001/XMLSchema}float"
    assert contract.types["{http://www.w3.org/2001/XMLSchema}base64Binary"] is read["base64Binary"]


@pytest.mark.parametrize(
    ("base", "builtin"),
    [
        ("xs:float", "float"),
        ("xs:double", "double"),
        ("xs:base64Binary", "base64Binary"),
        ("t:Percent", "decimal"),
    ],
)
def test_restriction_keeps_the_builtin_it_derives_from(
    load_schema: LoadSchema, base: str, builtin: str
) -> None:
    contract = load_schema(
        f"""
        <xs:simpleType name="Percent">
          <xs:restriction base="xs:decimal">
            <xs:minInclusive value="0"/><xs:maxInclusive value="100"/><xs:fractionDigits value="2"/>
          </xs:restriction>
        </xs:simpleType>
        <xs:simpleType name="Derived"><xs:restriction base="{base}"/></xs:simpleType>
        """
    )

    assert _simple(contract.types[t("Derived")]).builtin == builtin
    assert _simple(contract.types[t("Percent")]).facets == {
        "minInclusive": "0",
        "maxInclusive": "100",
        "fractionDigits": "2",
    }


def test_enumeration_and_pattern(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:simpleType name="Status">
          <xs:restriction base="xs:token">
            <xs:enumeration value="Open"/><xs:enumeration value="Closed"/>
          </xs:restriction>
        </xs:simpleType>
        <xs:simpleType name="Code">
          <xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}"/></xs:restriction>
        </xs:simpleType>
        """
    )
    status = _simple(contract.types[t("Status")])

    assert (status.builtin, status.enumeration) == ("token", ("Open", "Closed"))
    assert _simple(contract.types[t("Code")]).facets == {"pattern": "[A-Z]{3}"}


def test_list_type_has_its_item(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:simpleType name="Ids"><xs:list itemType="xs:int"/></xs:simpleType>
        <xs:simpleType name="Codes">
          <xs:list><xs:simpleType><xs:restriction base="xs:string"><xs:length value="2"/></xs:restriction></xs:simpleType></xs:list>
        </xs:simpleType>
        """
    )
    ids, codes = _simple(contract.types[t("Ids")]), _simple(contract.types[t("Codes")])

    assert ids.variety == "list" and _simple(ids.item).builtin == "int"
    assert codes.variety == "list" and _simple(codes.item).facets == {"length": "2"}


def test_union_type_has_its_members_in_order(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:simpleType name="SizeOrAuto">
          <xs:union memberTypes="xs:int t:Auto">
            <xs:simpleType><xs:restriction base="xs:date"/></xs:simpleType>
          </xs:union>
        </xs:simpleType>
        <xs:simpleType name="Auto">
          <xs:restriction base="xs:string"><xs:enumeration value="auto"/></xs:restriction>
        </xs:simpleType>
        """
    )
    union = _simple(contract.types[t("SizeOrAuto")])

    assert (union.variety, union.builtin) == ("union", "anySimpleType")
    assert [m.builtin for m in union.members] == ["int", "string", "date"]
    assert union.members[1] is contract.types[t("Auto")]


def test_nillable_default_and_fixed_elements(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Row">
          <xs:sequence>
            <xs:element name="Note" type="xs:string" nillable="true"/>
            <xs:element name="Qty" type="xs:int" default="1"/>
            <xs:element name="Kind" type="xs:string" fixed="row"/>
          </xs:sequence>
        </xs:complexType>
        """
    )
    content = complex_type(contract, "Row").content
    assert content is not None
    note, qty, kind = content.particles

    assert isinstance(note, Element) and note.nillable
    assert isinstance(qty, Element) and (qty.nillable, qty.default) == (False, "1")
    assert isinstance(kind, Element) and kind.fixed == "row"


def test_anonymous_simple_type_of_an_element(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:element name="Ref">
          <xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="64"/></xs:restriction></xs:simpleType>
        </xs:element>
        """
    )
    ref = _simple(contract.elements[t("Ref")].type)

    assert (ref.name, ref.builtin, ref.facets) == (None, "string", {"maxLength": "64"})
    assert not isinstance(ref, ComplexType)
