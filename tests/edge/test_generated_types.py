"""The Spyne classes the edge generates from the contract model: the OrderService's shape, and
a clear refusal, with the type's file and line, of any other."""

from __future__ import annotations

import pathlib

import pytest
from lxml import etree
from spyne.model.complex import ComplexModelBase

import mappings
from soap_adapter import SchemaModel, load_contract
from soap_adapter._xsd_model import UnsupportedType
from tests.system import ROOT
from tests.wsdl_diff._variants import mini_wsdl


@pytest.mark.parametrize("entry", mappings.releases(), ids=lambda e: e.release.name)
def test_every_body_and_fault_element_of_each_release_is_generated(
    entry: mappings.ReleaseMappings,
) -> None:
    contract = load_contract(ROOT / entry.release.contract / entry.release.wsdl)
    model = SchemaModel(contract.model)
    for op in contract.operations.values():
        for element in (op.input_element, op.output_element, *op.faults.values(), *op.headers):
            cls = model.element(element)
            assert issubclass(cls, ComplexModelBase)
            assert (cls.get_namespace(), cls.get_type_name()) != ("", "")
    customer = model.named_type(etree.QName(_types(contract.target_namespace), "Customer"))
    members = customer._type_info
    assert list(members)[:3] == ["CustomerId", "Name", "Email"]
    assert members["Email"].Attributes.min_occurs == 0
    assert members["BillingAddress"].Attributes.nillable
    assert members["Balance"].Attributes.fraction_digits == 2
    assert members["CustomerId"].Attributes.pattern == "C-[0-9]{6}"


def _types(service_namespace: str) -> str:
    # http://legacy.example.com/OrderService/2011/03 -> .../schemas/Orders/2011/03
    return service_namespace.replace("/OrderService/", "/schemas/Orders/")


@pytest.mark.parametrize(
    ("content", "refused"),
    [
        (
            '<xs:sequence><xs:element name="Amount" type="xs:float"/></xs:sequence>',
            "xs:float is not supported by the edge",
        ),
        (
            '<xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence>'
            '<xs:attribute name="lang" type="xs:language"/>',
            "attributes is not supported by the edge",
        ),
        (
            '<xs:choice><xs:element name="A" type="xs:string"/>'
            '<xs:element name="B" type="xs:int"/></xs:choice>',
            "only one sequence of elements is supported by the edge",
        ),
    ],
    ids=["float", "attribute", "choice"],
)
def test_a_type_the_edge_cannot_generate_is_refused_with_its_place(
    tmp_path: pathlib.Path, content: str, refused: str
) -> None:
    wsdl = tmp_path / "Other.wsdl"
    wsdl.write_text(
        mini_wsdl(
            f"""<xs:element name="Req"><xs:complexType>{content}</xs:complexType></xs:element>
            <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"""
        )
    )
    model = SchemaModel(load_contract(wsdl).model)
    with pytest.raises(UnsupportedType, match=refused) as error:
        model.element("{urn:t}Req")
    assert "Other.wsdl:" in str(error.value)  # the file and line of the type
