"""SOAP-encoded arrays (`restriction base="soapenc:Array"` with `wsdl:arrayType`) and the rpc/encoded
binding details the codec writes them with."""

from __future__ import annotations

from soap_adapter.contract import ComplexType, SimpleType, load
from tests.contract_model.conftest import CORPUS, Write

SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"

WSDL = """<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:tns="urn:svc">
  <wsdl:types>
    <xsd:schema targetNamespace="urn:svc">
      <xsd:complexType name="Comment">
        <xsd:sequence><xsd:element name="body" type="xsd:string" nillable="true"/></xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="ArrayOfComment">
        <xsd:complexContent>
          <xsd:restriction base="soapenc:Array">
            <xsd:attribute ref="soapenc:arrayType" wsdl:arrayType="tns:Comment[]"/>
          </xsd:restriction>
        </xsd:complexContent>
      </xsd:complexType>
      <xsd:complexType name="ArrayOfArrayOfString">
        <xsd:complexContent>
          <xsd:restriction base="soapenc:Array">
            <xsd:attribute ref="soapenc:arrayType" wsdl:arrayType="xsd:string[][]"/>
          </xsd:restriction>
        </xsd:complexContent>
      </xsd:complexType>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="getCommentsRequest"><wsdl:part name="issueKey" type="xsd:string"/></wsdl:message>
  <wsdl:message name="getCommentsResponse"><wsdl:part name="return" type="tns:ArrayOfComment"/></wsdl:message>
  <wsdl:portType name="Issues">
    <wsdl:operation name="getComments">
      <wsdl:input message="tns:getCommentsRequest"/><wsdl:output message="tns:getCommentsResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="IssuesSoap" type="tns:Issues">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="getComments">
      <soap:operation soapAction=""/>
      <wsdl:input><soap:body use="encoded" namespace="urn:issues" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:input>
      <wsdl:output><soap:body use="encoded" namespace="urn:issues" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="IssueService">
    <wsdl:port name="Issues" binding="tns:IssuesSoap"><soap:address location="http://example.invalid/issues"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


def test_soapenc_array_item_type_from_wsdl_array_type(write: Write) -> None:
    """No import of soapenc at all (as Axis writes it): the shipped soap-encoding.xsd is read."""
    contract = load(write("service.wsdl", WSDL))
    array = contract.types["{urn:svc}ArrayOfComment"]

    assert isinstance(array, ComplexType)
    assert array.array_item is contract.types["{urn:svc}Comment"]
    assert isinstance(array.base, ComplexType) and array.base.name == f"{{{SOAP_ENC}}}Array"
    assert "soap-encoding.xsd" in contract.documents


def test_array_of_arrays_nests_anonymous_array_types(write: Write) -> None:
    contract = load(write("service.wsdl", WSDL))
    outer = contract.types["{urn:svc}ArrayOfArrayOfString"]

    assert isinstance(outer, ComplexType) and isinstance(outer.array_item, ComplexType)
    inner = outer.array_item
    assert inner.name is None
    assert isinstance(inner.array_item, SimpleType) and inner.array_item.builtin == "string"


def test_rpc_encoded_body_namespace_and_encoding_style(write: Write) -> None:
    contract = load(write("service.wsdl", WSDL))
    operation = contract.bindings["{urn:svc}IssuesSoap"].operations["getComments"]

    assert operation.style == "rpc"
    assert (operation.input.use, operation.input.namespace, operation.input.encoding_style) == (
        "encoded",
        "urn:issues",
        SOAP_ENC,
    )
    [part] = operation.input.parts
    assert part.name == "issueKey" and part.element is None
    assert isinstance(part.type, SimpleType) and part.type.builtin == "string"
    assert operation.output is not None
    assert operation.output.parts[0].type is contract.types["{urn:svc}ArrayOfComment"]


def test_jira_arrays_resolve_through_the_folder_catalog() -> None:
    contract = load(CORPUS / "14-atlassian-jira-axis1" / "jirasoapservice-v2.wsdl")
    ns = "https://jira.atlassian.com/rpc/soap/jirasoapservice-v2"
    comments = contract.types[f"{{{ns}}}ArrayOf_tns1_RemoteComment"]

    assert isinstance(comments, ComplexType) and isinstance(comments.array_item, ComplexType)
    assert comments.array_item.name == "{http://beans.soap.rpc.jira.atlassian.com}RemoteComment"
    arrays = [t for t in contract.types.values() if isinstance(t, ComplexType) and t.array_item]
    assert len(arrays) == 28  # the corpus README's soapenc[] count
    # catalog.xml beside the WSDL maps soapenc to ../_remote-common/soap-encoding.xsd
    assert contract.documents["soap-encoding.xsd"].url.endswith("_remote-common/soap-encoding.xsd")


def test_soapenc_part_type_without_import_and_wsdl_namespace_import(write: Write) -> None:
    """`type="soapenc:string"` with soapenc never imported reads the shipped schema late; an
    import of the WSDL namespace from its remote address is not fetched (nothing refers to it)."""
    wsdl = WSDL.replace(
        '<wsdl:part name="issueKey" type="xsd:string"/>',
        '<wsdl:part name="issueKey" type="soapenc:string"/>',
    ).replace(
        '<xsd:schema targetNamespace="urn:svc">',
        '<xsd:schema targetNamespace="urn:svc"><xsd:import namespace="http://schemas.xmlsoap.org/wsdl/"'
        ' schemaLocation="http://schemas.xmlsoap.org/wsdl/"/>',
    )
    contract = load(write("service.wsdl", wsdl))
    [part] = contract.bindings["{urn:svc}IssuesSoap"].operations["getComments"].input.parts

    assert part.type is contract.types[f"{{{SOAP_ENC}}}string"]
    array = contract.types[f"{{{SOAP_ENC}}}Array"]
    assert isinstance(array, ComplexType)
    derived = [str(d.name) for d in array.derived]
    assert len(derived) == len(set(derived))
    assert "{urn:svc}ArrayOfComment" in derived


def test_soapenc_part_type_read_after_the_schemas_are_built(write: Write) -> None:
    wsdl = write(
        "late.wsdl",
        """<?xml version="1.0"?>
        <wsdl:definitions targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:svc"
            xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
          <wsdl:types><xsd:schema targetNamespace="urn:svc">
            <xsd:complexType name="Base"><xsd:sequence/></xsd:complexType>
            <xsd:complexType name="Derived"><xsd:complexContent><xsd:extension base="tns:Base"/></xsd:complexContent></xsd:complexType>
          </xsd:schema></wsdl:types>
          <wsdl:message name="In"><wsdl:part name="text" type="soapenc:string"/></wsdl:message>
        </wsdl:definitions>
        """,
    )
    contract = load(wsdl)

    assert contract.messages["{urn:svc}In"].parts[0].type is contract.types[f"{{{SOAP_ENC}}}string"]
    base = contract.types["{urn:svc}Base"]
    assert isinstance(base, ComplexType)
    assert [d.name for d in base.derived] == ["{urn:svc}Derived"]


def test_soapenc_array_declared_by_its_repeated_element(write: Write) -> None:
    wsdl = WSDL.replace(
        '<xsd:attribute ref="soapenc:arrayType" wsdl:arrayType="tns:Comment[]"/>',
        '<xsd:sequence><xsd:element name="item" type="xsd:long" maxOccurs="unbounded"/></xsd:sequence>',
    )
    array = load(write("service.wsdl", wsdl)).types["{urn:svc}ArrayOfComment"]

    assert isinstance(array, ComplexType) and isinstance(array.array_item, SimpleType)
    assert array.array_item.builtin == "long"
