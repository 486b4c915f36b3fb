"""WSDL 1.1: import chains, several services and ports, SOAP 1.1 and 1.2 bindings, document and rpc
styles, `soap:body parts=`, headers in and out (from other messages), faults, one-way operations,
non-SOAP bindings left out, MIME multipartRelated read through its soap:body."""

from __future__ import annotations

import pytest

from soap_adapter.contract import Contract, load
from tests.contract_model.conftest import Write

NS = """xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/"
    xmlns:tns="urn:svc" xmlns:m="urn:msg\""""

ABSTRACT = f"""<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:msg" {NS}>
  <wsdl:types>
    <xs:schema targetNamespace="urn:msg" elementFormDefault="qualified">
      <xs:element name="Put"><xs:complexType><xs:sequence><xs:element name="Key" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="PutResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="Blob" type="xs:base64Binary"/>
      <xs:element name="Session" type="xs:string"/>
      <xs:element name="Quota" type="xs:int"/>
      <xs:element name="Busy"><xs:complexType><xs:sequence><xs:element name="RetryAfter" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Log" type="xs:string"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PutIn"><wsdl:part name="body" element="m:Put"/><wsdl:part name="blob" element="m:Blob"/></wsdl:message>
  <wsdl:message name="PutOut"><wsdl:part name="body" element="m:PutResponse"/></wsdl:message>
  <wsdl:message name="Headers"><wsdl:part name="session" element="m:Session"/><wsdl:part name="quota" element="m:Quota"/></wsdl:message>
  <wsdl:message name="BusyFault"><wsdl:part name="detail" element="m:Busy"/></wsdl:message>
  <wsdl:message name="LogIn"><wsdl:part name="line" element="m:Log"/></wsdl:message>
  <wsdl:portType name="Store">
    <wsdl:operation name="Put">
      <wsdl:documentation>Stores a blob.</wsdl:documentation>
      <wsdl:input message="m:PutIn"/><wsdl:output message="m:PutOut"/>
      <wsdl:fault name="Busy" message="m:BusyFault"/>
    </wsdl:operation>
    <wsdl:operation name="Log"><wsdl:input message="m:LogIn"/></wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>
"""

BINDINGS = f"""<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" {NS}>
  <wsdl:import namespace="urn:msg" location="abstract/store.wsdl"/>
  <wsdl:binding name="StoreSoap" type="m:Store">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Put">
      <soap:operation soapAction="urn:svc#Put"/>
      <wsdl:input>
        <soap:body use="literal" parts="body"/>
        <soap:header message="m:Headers" part="session" use="literal"/>
      </wsdl:input>
      <wsdl:output>
        <soap:body use="literal"/>
        <soap:header message="m:Headers" part="quota" use="literal"/>
      </wsdl:output>
      <wsdl:fault name="Busy"><soap:fault name="Busy" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Log">
      <soap:operation soapAction="urn:svc#Log" style="rpc"/>
      <wsdl:input><soap:body use="literal" namespace="urn:log"/></wsdl:input>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="StoreSoap12" type="m:Store">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Put">
      <soap12:operation soapAction="urn:svc#Put12"/>
      <wsdl:input>
        <mime:multipartRelated>
          <mime:part><soap12:body use="literal" parts="body"/></mime:part>
        </mime:multipartRelated>
      </wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
      <wsdl:fault name="Busy"><soap12:fault name="Busy" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="StoreHttp" type="m:Store">
    <http:binding verb="POST"/>
    <wsdl:operation name="Put"><http:operation location="/put"/></wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>
"""

SERVICE = f"""<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" {NS}>
  <wsdl:import namespace="urn:svc" location="bindings.wsdl"/>
  <wsdl:service name="Store">
    <wsdl:port name="Soap11" binding="tns:StoreSoap"><soap:address location="http://a.invalid/store"/></wsdl:port>
    <wsdl:port name="Soap12" binding="tns:StoreSoap12"><soap12:address location="http://a.invalid/store12"/></wsdl:port>
    <wsdl:port name="Http" binding="tns:StoreHttp"><http:address location="http://a.invalid/http"/></wsdl:port>
  </wsdl:service>
  <wsdl:service name="Mirror">
    <wsdl:port name="Soap11" binding="tns:StoreSoap"><soap:address location="http://b.invalid/store"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


@pytest.fixture
def contract(write: Write) -> Contract:
    write("abstract/store.wsdl", ABSTRACT)
    write("bindings.wsdl", BINDINGS)
    return load(write("service.wsdl", SERVICE))


def test_import_chain_and_several_services(contract: Contract) -> None:
    assert contract.target_namespace == "urn:svc"
    assert [s.name for s in contract.services] == ["{urn:svc}Store", "{urn:svc}Mirror"]
    assert [(p.name, p.binding.soap_version, p.address) for p in contract.services[0].ports] == [
        ("Soap11", "1.1", "http://a.invalid/store"),
        ("Soap12", "1.2", "http://a.invalid/store12"),
    ]
    assert list(contract.documents) == ["service.wsdl", "bindings.wsdl", "abstract/store.wsdl"]
    assert contract.documents["bindings.wsdl"].links == {
        "abstract/store.wsdl": "abstract/store.wsdl"
    }
    assert [d.kind for d in contract.documents.values()] == ["wsdl", "wsdl", "wsdl"]


def test_non_soap_binding_is_left_out(contract: Contract) -> None:
    assert set(contract.bindings) == {"{urn:svc}StoreSoap", "{urn:svc}StoreSoap12"}


def test_body_parts_and_headers_from_another_message(contract: Contract) -> None:
    put = contract.bindings["{urn:svc}StoreSoap"].operations["Put"]

    assert (put.soap_action, put.style) == ("urn:svc#Put", "document")
    assert [p.name for p in put.input.parts] == ["body"]
    assert put.input.message.name == "{urn:msg}PutIn"
    [session] = put.input.headers
    assert (session.message.name, session.part.name, session.use) == (
        "{urn:msg}Headers",
        "session",
        "literal",
    )
    assert put.output is not None
    assert [h.part.name for h in put.output.headers] == ["quota"]
    assert put.operation.documentation == "Stores a blob."


def test_faults_carry_their_detail_element(contract: Contract) -> None:
    put = contract.bindings["{urn:svc}StoreSoap12"].operations["Put"]
    busy = put.faults["Busy"]

    assert busy.use == "literal"
    [detail] = busy.message.parts
    assert detail.element is not None and detail.element.name == "{urn:msg}Busy"


def test_one_way_operation_and_rpc_literal(contract: Contract) -> None:
    log = contract.bindings["{urn:svc}StoreSoap"].operations["Log"]

    assert log.output is None and log.operation.output is None
    assert (log.style, log.input.use, log.input.namespace) == ("rpc", "literal", "urn:log")
    assert [p.name for p in log.input.parts] == ["line"]


def test_mime_multipart_related_is_read_through_its_soap_body(contract: Contract) -> None:
    put = contract.bindings["{urn:svc}StoreSoap12"].operations["Put"]

    assert put.soap_action == "urn:svc#Put12"
    assert [p.name for p in put.input.parts] == ["body"]


def test_bare_body_without_parts_carries_every_part_not_in_a_header(write: Write) -> None:
    write("abstract/store.wsdl", ABSTRACT)
    wsdl = write(
        "bare.wsdl",
        f"""<?xml version="1.0"?>
        <wsdl:definitions targetNamespace="urn:svc" {NS}>
          <wsdl:import namespace="urn:msg" location="abstract/store.wsdl"/>
          <wsdl:binding name="Bare" type="m:Store">
            <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
            <wsdl:operation name="Put">
              <wsdl:input><soap:body use="literal"/></wsdl:input>
              <wsdl:output><soap:body use="literal"/></wsdl:output>
            </wsdl:operation>
            <wsdl:operation name="Log">
              <wsdl:input><soap:header message="m:LogIn" part="line" use="literal"/></wsdl:input>
            </wsdl:operation>
          </wsdl:binding>
        </wsdl:definitions>
        """,
    )
    binding = load(wsdl).bindings["{urn:svc}Bare"]

    put = binding.operations["Put"]
    assert [(p.name, p.element.name if p.element else None) for p in put.input.parts] == [
        ("body", "{urn:msg}Put"),
        ("blob", "{urn:msg}Blob"),
    ]
    assert put.soap_action == ""
    log = binding.operations["Log"]
    assert log.input.parts == [] and [h.part.name for h in log.input.headers] == ["line"]


def test_soap11_body_inside_a_soap12_binding_is_read(write: Write) -> None:
    write("abstract/store.wsdl", ABSTRACT)
    wsdl = write(
        "mixed.wsdl",
        f"""<?xml version="1.0"?>
        <wsdl:definitions targetNamespace="urn:svc" {NS}>
          <wsdl:import namespace="urn:msg" location="abstract/store.wsdl"/>
          <wsdl:binding name="Mixed" type="m:Store">
            <soap12:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
            <wsdl:operation name="Log">
              <soap:operation soapAction="urn:log"/>
              <wsdl:input><soap:body use="encoded" namespace="urn:log"/></wsdl:input>
            </wsdl:operation>
          </wsdl:binding>
        </wsdl:definitions>
        """,
    )
    binding = load(wsdl).bindings["{urn:svc}Mixed"]
    log = binding.operations["Log"]

    assert binding.soap_version == "1.2"
    assert (log.soap_action, log.style, log.input.use, log.input.namespace) == (
        "urn:log",
        "rpc",
        "encoded",
        "urn:log",
    )
