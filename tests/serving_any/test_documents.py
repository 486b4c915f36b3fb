"""A contract in several files (WCF's wsdl:import of a WSDL that imports three XSDs) served so
that a client never needs the originals: every location at the edge, zeep loaded from there."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest
import requests
import zeep
from lxml import etree

from soap_adapter._dispatch import address_path
from soap_adapter._published import Published
from soap_adapter.contract import load
from tests.serving_any.conftest import HERE, WCF
from tests.serving_any.test_calculator import SOAP11

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
DATA = "http://schemas.datacontract.org/2004/07/test_WCFService"


@pytest.fixture(scope="module")
def url(edge_for: Callable[..., str]) -> str:
    return edge_for(WCF, HERE / "wcf") + "/Service1.svc"


def _locations(url: str, query: str) -> list[str]:
    document = etree.fromstring(requests.get(f"{url}?{query}", timeout=10).content)
    found = [n.get("location") for n in document.iter(f"{{{WSDL}}}import", "{*}address")]
    found += [n.get("schemaLocation") for n in document.iter(f"{{{XS}}}import", f"{{{XS}}}include")]
    return [location for location in found if location]


def test_every_import_of_every_document_is_at_the_edge(url: str) -> None:
    assert _locations(url, "wsdl") == [f"{url}?wsdl=Service10.wsdl", url]
    assert _locations(url, "wsdl=Service10.wsdl") == [
        f"{url}?xsd=Service11.xsd",
        f"{url}?xsd=Service1.xsd",
        f"{url}?xsd=Service10.xsd",
    ]
    assert _locations(url, "xsd=Service11.xsd") == [f"{url}?xsd=Service10.xsd"]


def test_zeep_loads_the_contract_from_the_edge_and_calls_it(url: str) -> None:
    client = zeep.Client(f"{url}?wsdl")
    assert client.service.order(order={"orderClassMember": "abc"}) == 30
    assert client.service.offer(offer={"orderClassMember": "ab", "offerClassMember": "xyz"}) == 23


def test_a_derived_type_sent_with_xsi_type_reaches_the_mapping(url: str) -> None:
    body = (
        f'<s:Envelope xmlns:s="{SOAP11}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<s:Body><order xmlns="http://test/WCFService"><order xmlns:d="{DATA}" xsi:type="d:offer">'
        f"<d:orderClassMember>a</d:orderClassMember><d:offerClassMember>bcd</d:offerClassMember>"
        "</order></order></s:Body></s:Envelope>"
    )
    response = requests.post(url, data=body, headers={"Content-Type": "text/xml"}, timeout=30)
    assert response.status_code == 200, response.text
    assert etree.fromstring(response.content)[0][0][0].text == "1013"


LANG_WSDL = f"""<?xml version="1.0"?>
<definitions xmlns="{WSDL}" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="{XS}" xmlns:tns="urn:lang" targetNamespace="urn:lang">
  <types><xs:schema targetNamespace="urn:lang" elementFormDefault="qualified">
    <xs:import namespace="http://www.w3.org/XML/1998/namespace"/>
    <xs:element name="Say"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
      <xs:attribute ref="xml:lang"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>
  </xs:schema></types>
  <message name="SayIn"><part name="p" element="tns:Say"/></message>
  <portType name="P"><operation name="Say"><input message="tns:SayIn"/></operation></portType>
  <binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="Say"><soap:operation soapAction="urn:say"/><input><soap:body use="literal"/></input></operation>
  </binding>
  <service name="S"><port name="Port" binding="tns:B"><soap:address location="http://old.example/say"/></port></service>
</definitions>"""


def test_an_import_by_namespace_only_gets_the_edges_copy_of_what_it_resolved_to(
    tmp_path: pathlib.Path,
) -> None:
    """xml.xsd, read from the copy the reader ships: a client gets it from the edge too."""
    wsdl = tmp_path / "lang.wsdl"
    wsdl.write_text(LANG_WSDL)
    contract = load(wsdl)
    published = Published(contract, address_path)
    here = "http://edge.example/say"
    served = etree.fromstring(
        published.document(published.main, here, "http://edge.example") or b""
    )
    (imported,) = served.iter(f"{{{XS}}}import")
    location = imported.get("schemaLocation") or ""
    name = location.removeprefix(f"{here}?xsd=")
    assert location.startswith(f"{here}?xsd=") and name in contract.documents
    xml_xsd = etree.fromstring(published.document(name, here, "http://edge.example") or b"")
    assert xml_xsd.get("targetNamespace") == "http://www.w3.org/XML/1998/namespace"
    assert [a.get("location") for a in served.iter("{*}address")] == ["http://edge.example/say"]
