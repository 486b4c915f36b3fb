"""Content models: sequence, choice and all with occurrences, group references, xs:any,
xs:anyType elements and recursive types."""

from __future__ import annotations

from soap_adapter.contract import Any, ComplexType, Element, ModelGroup
from tests.contract_model.conftest import LoadSchema, complex_type, names, t


def test_sequence_choice_all_and_occurrences(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Order">
          <xs:sequence>
            <xs:element name="Line" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
            <xs:choice minOccurs="0" maxOccurs="2">
              <xs:element name="Card" type="xs:string"/>
              <xs:element name="Cash" type="xs:decimal"/>
            </xs:choice>
          </xs:sequence>
        </xs:complexType>
        <xs:complexType name="Address">
          <xs:all>
            <xs:element name="Street" type="xs:string"/>
            <xs:element name="City" type="xs:string" minOccurs="0"/>
          </xs:all>
        </xs:complexType>
        """
    )
    order = complex_type(contract, "Order")
    assert order.content is not None
    line, choice = order.content.particles
    assert isinstance(line, Element) and (line.min_occurs, line.max_occurs) == (0, None)
    assert isinstance(choice, ModelGroup)
    assert (choice.kind, choice.min_occurs, choice.max_occurs) == ("choice", 0, 2)
    assert names(choice) == ["Card", "Cash"]

    address = complex_type(contract, "Address")
    assert address.content is not None and address.content.kind == "all"
    assert [p.min_occurs for p in address.content.particles if isinstance(p, Element)] == [1, 0]


def test_group_ref_is_inlined_with_the_ref_occurrences(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:group name="Contact">
          <xs:sequence>
            <xs:element name="Email" type="xs:string"/>
            <xs:element name="Phone" type="xs:string"/>
          </xs:sequence>
        </xs:group>
        <xs:complexType name="Person">
          <xs:sequence>
            <xs:element name="Name" type="xs:string"/>
            <xs:group ref="t:Contact" minOccurs="0" maxOccurs="3"/>
          </xs:sequence>
        </xs:complexType>
        """
    )
    person = complex_type(contract, "Person")

    assert person.content is not None
    _, group = person.content.particles
    assert isinstance(group, ModelGroup)
    assert (group.kind, group.min_occurs, group.max_occurs) == ("sequence", 0, 3)
    assert names(group) == ["Email", "Phone"]


def test_xs_any_keeps_namespace_and_process_contents(load_schema: LoadSchema) -> None:
    ext = complex_type(
        load_schema(
            """
            <xs:complexType name="Extensible">
              <xs:sequence>
                <xs:element name="Id" type="xs:int"/>
                <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
            </xs:complexType>
            """
        ),
        "Extensible",
    )

    assert ext.content is not None
    wildcard = ext.content.particles[1]
    assert isinstance(wildcard, Any)
    assert (wildcard.namespace, wildcard.process_contents) == ("##other", "lax")
    assert wildcard.target_namespace == "urn:example:types"  # what ##other is relative to
    assert (wildcard.min_occurs, wildcard.max_occurs) == (0, None)


def test_anytype_element_and_untyped_element(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:element name="Payload" type="xs:anyType"/>
        <xs:element name="Untyped"/>
        """
    )
    payload, untyped = contract.elements[t("Payload")], contract.elements[t("Untyped")]

    assert isinstance(payload.type, ComplexType)
    assert payload.type.name == "{http://www.w3.org/2001/XMLSchema}anyType"
    assert payload.type.mixed and payload.type.any_attribute is not None
    assert untyped.type is payload.type


def test_recursive_type_refers_to_itself(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Node">
          <xs:sequence>
            <xs:element name="Value" type="xs:string"/>
            <xs:element name="Child" type="t:Node" minOccurs="0" maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:complexType>
        <xs:element name="Tree">
          <xs:complexType>
            <xs:sequence><xs:element ref="t:Tree" minOccurs="0"/></xs:sequence>
          </xs:complexType>
        </xs:element>
        """
    )
    node = complex_type(contract, "Node")
    assert node.content is not None
    child = node.content.particles[1]
    assert isinstance(child, Element) and child.type is node

    tree = contract.elements[t("Tree")]
    assert isinstance(tree.type, ComplexType) and tree.type.content is not None
    inner = tree.type.content.particles[0]
    assert isinstance(inner, Element)
    assert inner.name == t("Tree") and inner.type is tree.type and inner.min_occurs == 0


def test_anonymous_type_extending_the_type_that_contains_it(load_schema: LoadSchema) -> None:
    contract = load_schema(
        """
        <xs:complexType name="Folder">
          <xs:sequence>
            <xs:element name="Name" type="xs:string"/>
            <xs:element name="Sub" minOccurs="0">
              <xs:complexType>
                <xs:complexContent>
                  <xs:extension base="t:Folder">
                    <xs:sequence><xs:element name="Depth" type="xs:int"/></xs:sequence>
                  </xs:extension>
                </xs:complexContent>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
        </xs:complexType>
        """
    )
    folder = complex_type(contract, "Folder")
    assert folder.content is not None
    sub = folder.content.particles[1]
    assert isinstance(sub, Element) and isinstance(sub.type, ComplexType)
    assert names(sub.type.content) == ["Name", "Sub", "Depth"]
