"""Schema constructs beyond the legacy contract's, on small WSDLs: each read, none ignored."""

from __future__ import annotations

import pathlib

from soap_adapter.wsdl_diff import diff, load_contract
from tests.wsdl_diff._variants import both_sides, compare_texts, mini_wsdl, verdicts


def sides(kind: str, leaf: str, request: bool, response: bool) -> set:
    return {
        (f"Op/request/Item{leaf}", kind, "request", request),
        (f"Op/response/Item{leaf}", kind, "response", response),
    }


def two_strings(compositor: str) -> str:
    return both_sides(f"""<xs:complexType name="T"><xs:{compositor}>
        <xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:string"/>
        </xs:{compositor}></xs:complexType>""")


def test_sequence_becoming_choice_makes_its_elements_optional(tmp_path: pathlib.Path) -> None:
    found = compare_texts(
        tmp_path, mini_wsdl(two_strings("sequence")), mini_wsdl(two_strings("choice"))
    )
    assert verdicts(found) == sides("min-occurs-lowered", "/A", False, True) | sides(
        "min-occurs-lowered", "/B", False, True
    )


def test_sequence_becoming_all_changes_order_rules(tmp_path: pathlib.Path) -> None:
    found = compare_texts(
        tmp_path, mini_wsdl(two_strings("sequence")), mini_wsdl(two_strings("all"))
    )
    assert verdicts(found) == sides("element-order-changed", "", True, True)
    assert found[0].message == "children in xs:sequence -> xs:all"


def test_extension_brings_the_base_type_elements(tmp_path: pathlib.Path) -> None:
    base = """<xs:complexType name="Base"><xs:sequence>
        <xs:element name="Id" type="xs:int"/>{extra}</xs:sequence></xs:complexType>
      <xs:complexType name="T"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence>
        <xs:element name="Name" type="xs:string"/></xs:sequence></xs:extension>
      </xs:complexContent></xs:complexType>"""
    old = both_sides(base.format(extra=""))
    new = both_sides(base.format(extra='<xs:element name="Code" type="xs:string" minOccurs="0"/>'))
    found = compare_texts(tmp_path, mini_wsdl(old), mini_wsdl(new))
    assert verdicts(found) == sides("element-added-optional", "/Code", False, True)
    model = load_contract(str(tmp_path / "old.wsdl")).operations["Op"].response
    assert model is not None
    assert [c.name.local for c in model[0].children[0].children] == ["Id", "Name"]


def test_attributes_optional_required_removed(tmp_path: pathlib.Path) -> None:
    def schema(attributes: str) -> str:
        return both_sides(f"""<xs:complexType name="T"><xs:sequence>
            <xs:element name="A" type="xs:string"/></xs:sequence>{attributes}</xs:complexType>""")

    none = schema("")
    optional = schema('<xs:attribute name="lang" type="xs:language"/>')
    required = schema('<xs:attribute name="lang" type="xs:language" use="required"/>')
    assert verdicts(compare_texts(tmp_path / "a", mini_wsdl(none), mini_wsdl(optional))) == sides(
        "attribute-added-optional", "/@lang", False, False
    )
    assert verdicts(compare_texts(tmp_path / "b", mini_wsdl(none), mini_wsdl(required))) == sides(
        "attribute-added-required", "/@lang", True, False
    )
    assert verdicts(compare_texts(tmp_path / "c", mini_wsdl(optional), mini_wsdl(none))) == sides(
        "attribute-removed", "/@lang", True, True
    )
    assert verdicts(
        compare_texts(tmp_path / "d", mini_wsdl(optional), mini_wsdl(required))
    ) == sides("min-occurs-raised", "/@lang", True, False)


def test_simple_content_with_attributes(tmp_path: pathlib.Path) -> None:
    def schema(digits: str) -> str:
        return both_sides(f"""
          <xs:simpleType name="Amount"><xs:restriction base="xs:decimal">
            <xs:fractionDigits value="{digits}"/></xs:restriction></xs:simpleType>
          <xs:complexType name="T"><xs:simpleContent><xs:extension base="tns:Amount">
            <xs:attribute name="currency" type="xs:string" use="required"/>
          </xs:extension></xs:simpleContent></xs:complexType>""")

    found = compare_texts(tmp_path, mini_wsdl(schema("2")), mini_wsdl(schema("4")))
    assert verdicts(found) == sides("facet-relaxed", "", False, True)


def test_the_patterns_of_every_derivation_step_are_compared(tmp_path: pathlib.Path) -> None:
    """A value must match a pattern of each step: a changed base pattern changes the type."""

    def schema(base_pattern: str) -> str:
        return both_sides(f"""
          <xs:simpleType name="Code"><xs:restriction base="xs:string">
            <xs:pattern value="{base_pattern}"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="T"><xs:restriction base="tns:Code">
            <xs:pattern value="[A-Z]+"/></xs:restriction></xs:simpleType>""")

    found = compare_texts(tmp_path, mini_wsdl(schema("[A-Z]{3}")), mini_wsdl(schema("[A-Z]{4}")))
    assert verdicts(found) == sides("pattern-changed", "", True, True)
    assert found[0].message == "pattern [A-Z]+ and [A-Z]{3} -> [A-Z]+ and [A-Z]{4}"


def test_recursive_types_are_expanded_once(tmp_path: pathlib.Path) -> None:
    def schema(extra: str) -> str:
        return both_sides(f"""<xs:complexType name="T"><xs:sequence>
            <xs:element name="Label" type="xs:string"/>{extra}
            <xs:element name="Child" type="tns:T" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>""")

    old, new = schema(""), schema('<xs:element name="Icon" type="xs:string" minOccurs="0"/>')
    assert compare_texts(tmp_path / "same", mini_wsdl(old), mini_wsdl(old)) == []
    found = compare_texts(tmp_path / "changed", mini_wsdl(old), mini_wsdl(new))
    assert verdicts(found) == sides("element-added-optional", "/Icon", False, True)


def test_wildcard_added(tmp_path: pathlib.Path) -> None:
    old = both_sides("""<xs:complexType name="T"><xs:sequence>
        <xs:element name="A" type="xs:string"/></xs:sequence></xs:complexType>""")
    new = old.replace(
        '<xs:element name="A" type="xs:string"/>',
        '<xs:element name="A" type="xs:string"/><xs:any minOccurs="0" processContents="lax"/>',
    )
    found = compare_texts(tmp_path, mini_wsdl(old), mini_wsdl(new))
    assert verdicts(found) == sides("wildcard-added", "", False, True)


def test_group_references_are_followed(tmp_path: pathlib.Path) -> None:
    def schema(max_occurs: str) -> str:
        return both_sides(f"""<xs:group name="G"><xs:sequence>
            <xs:element name="A" type="xs:string" maxOccurs="{max_occurs}"/></xs:sequence></xs:group>
          <xs:complexType name="T"><xs:sequence><xs:group ref="tns:G"/></xs:sequence></xs:complexType>""")

    found = compare_texts(tmp_path, mini_wsdl(schema("1")), mini_wsdl(schema("3")))
    assert verdicts(found) == sides("max-occurs-raised", "/A", False, True)


def test_list_union_and_date_ranges(tmp_path: pathlib.Path) -> None:
    def schema(item: str, last_day: str) -> str:
        return both_sides(f"""
          <xs:simpleType name="Codes"><xs:list itemType="{item}"/></xs:simpleType>
          <xs:simpleType name="Day"><xs:restriction base="xs:date">
            <xs:maxInclusive value="{last_day}"/></xs:restriction></xs:simpleType>
          <xs:complexType name="T"><xs:sequence>
            <xs:element name="Codes" type="tns:Codes"/>
            <xs:element name="Day" type="tns:Day"/></xs:sequence></xs:complexType>""")

    found = compare_texts(
        tmp_path,
        mini_wsdl(schema("xs:int", "2030-12-31")),
        mini_wsdl(schema("xs:string", "2029-12-31")),
    )
    assert verdicts(found) == sides("type-changed", "/Codes", True, True) | sides(
        "facet-tightened", "/Day", True, False
    )


def test_repeated_names_in_a_sequence_are_matched_by_position(tmp_path: pathlib.Path) -> None:
    def schema(second_line: str) -> str:
        return both_sides(f"""<xs:complexType name="T"><xs:sequence>
            <xs:element name="Line" type="xs:string"/>
            <xs:element name="Line" type="xs:string" minOccurs="{second_line}"/>
            </xs:sequence></xs:complexType>""")

    found = compare_texts(tmp_path, mini_wsdl(schema("1")), mini_wsdl(schema("0")))
    assert verdicts(found) == sides("min-occurs-lowered", "/Line[2]", False, True)


def test_chameleon_include_and_wsdl_import(tmp_path: pathlib.Path) -> None:
    """An abstract WSDL imported by a concrete one; its schema includes a namespace-less XSD."""
    (tmp_path / "types").mkdir()
    (tmp_path / "types" / "parts.xsd").write_text(
        """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
          <xs:complexType name="T"><xs:sequence><xs:element name="A" type="Code"/></xs:sequence>
          </xs:complexType>
          <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:maxLength value="8"/>
          </xs:restriction></xs:simpleType></xs:schema>"""
    )
    abstract = mini_wsdl('<xs:include schemaLocation="types/parts.xsd"/>' + both_sides(""))
    # keep only types, messages and portType in the abstract WSDL
    abstract = abstract[: abstract.index("<wsdl:binding")] + "</wsdl:definitions>"
    (tmp_path / "abstract.wsdl").write_text(abstract)
    concrete = mini_wsdl("")
    concrete = concrete.replace(
        "<wsdl:types>", '<wsdl:import namespace="urn:t" location="abstract.wsdl"/><wsdl:types>'
    )
    concrete = (
        concrete[: concrete.index("<wsdl:message")] + concrete[concrete.index("<wsdl:binding") :]
    )
    (tmp_path / "concrete.wsdl").write_text(concrete)
    contract = load_contract(str(tmp_path / "concrete.wsdl"))
    response = contract.operations["Op"].response
    assert response is not None
    item = response[0].children[0]
    assert (item.name.namespace, item.children[0].name.namespace) == ("urn:t", "urn:t")
    assert item.children[0].simple is not None and item.children[0].simple.max_length == 8
    assert diff(contract, contract) == []


RPC_ENCODED = """<?xml version="1.0"?>
<definitions targetNamespace="urn:u" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:u"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
  <types><xsd:schema targetNamespace="urn:u">
    <xsd:complexType name="User"><xsd:all>
      <xsd:element name="id" type="xsd:int"/>{user_extra}</xsd:all></xsd:complexType>
    <xsd:complexType name="ArrayOfUser"><xsd:complexContent>
      <xsd:restriction base="soapenc:Array">
        <xsd:attribute ref="soapenc:arrayType" wsdl:arrayType="tns:User[]"/>
      </xsd:restriction></xsd:complexContent></xsd:complexType>
  </xsd:schema></types>
  <message name="listIn"><part name="token" type="xsd:string"/><part name="page" type="{page}"/></message>
  <message name="listOut"><part name="return" type="tns:ArrayOfUser"/></message>
  <portType name="P"><operation name="list">
    <input message="tns:listIn"/><output message="tns:listOut"/></operation></portType>
  <binding name="B" type="tns:P">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="list"><soap:operation soapAction="urn:u#list"/>
      <input><soap:body use="encoded" namespace="urn:u"
        encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></input>
      <output><soap:body use="encoded" namespace="urn:u"
        encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></output></operation>
  </binding>
</definitions>
"""


def test_rpc_encoded_parts_and_soapenc_arrays(tmp_path: pathlib.Path) -> None:
    old = RPC_ENCODED.format(user_extra="", page="xsd:int")
    new = RPC_ENCODED.format(
        user_extra='<xsd:element name="email" type="xsd:string"/>', page="xsd:long"
    )
    assert compare_texts(tmp_path / "same", old, old) == []
    assert verdicts(compare_texts(tmp_path / "changed", old, new)) == {
        ("list/request/page", "type-widened", "request", False),
        ("list/response/item/email", "element-added-required", "response", True),
    }


def test_http_get_post_bindings_compare_verb_and_location(tmp_path: pathlib.Path) -> None:
    def http(verb: str, location: str) -> str:
        wsdl = mini_wsdl(
            both_sides('<xs:simpleType name="T"><xs:restriction base="xs:string"/></xs:simpleType>')
        )
        start, end = (
            wsdl.index("<wsdl:binding"),
            wsdl.index("</wsdl:binding>") + len("</wsdl:binding>"),
        )
        binding = f"""<wsdl:binding name="B" type="tns:P"
            xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"><http:binding verb="{verb}"/>
          <wsdl:operation name="Op"><http:operation location="{location}"/>
            <wsdl:input><http:urlEncoded/></wsdl:input><wsdl:output/></wsdl:operation>
          </wsdl:binding>"""
        return wsdl[:start] + binding + wsdl[end:]

    assert compare_texts(tmp_path / "same", http("GET", "/Op"), http("GET", "/Op")) == []
    assert verdicts(
        compare_texts(tmp_path / "moved", http("GET", "/Op"), http("POST", "/Op2"))
    ) == {
        ("binding B/Op/verb", "http-binding-changed", "binding", True),
        ("binding B/Op/location", "http-binding-changed", "binding", True),
    }
