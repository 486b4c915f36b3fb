"""rpc/encoded contracts served end to end: NOAA's ndfdXML called with zeep loaded from the
edge's `?wsdl`, JIRA's Axis 1.x service called as Axis clients call it (multiRef parts behind
href, soapenc arrays back), its declared faults and WS-Security forwarding."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import zeep
from lxml import etree
from zeep.cache import InMemoryCache
from zeep.transports import Transport

from tests._processes import ROOT
from tests.serving_any.conftest import HERE, JIRA, NOAA
from tests.serving_any.test_calculator import GENERIC, SOAP11, fault

SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
JIRA_NS = "http://soap.rpc.jira.atlassian.com"
JIRA_OUT = "https://jira.atlassian.com/rpc/soap/jirasoapservice-v2"
BEANS = "http://beans.soap.rpc.jira.atlassian.com"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"


@pytest.fixture(scope="module")
def noaa(edge_for: Callable[..., str]) -> str:
    return edge_for(NOAA, HERE / "noaa") + "/xml/SOAP_server/ndfdXMLserver.php"


@pytest.fixture(scope="module")
def jira(edge_for: Callable[..., str]) -> str:
    return edge_for(JIRA, HERE / "jira") + "/rpc/soap/jirasoapservice-v2"


def test_zeep_calls_an_rpc_encoded_operation_of_noaa(noaa: str) -> None:
    client = zeep.Client(f"{noaa}?wsdl")
    assert client.service.LatLonListZipCode("20910 25414") == "35.1,-90.1 35.2,-90.2"


def test_the_encoded_answer_carries_xsi_type_and_the_encoding_style(noaa: str) -> None:
    body = (
        f'<s:Envelope xmlns:s="{SOAP11}" xmlns:n="http://graphical.weather.gov/xml/DWMLgen/wsdl/ndfdXML.wsdl">'
        "<s:Body><n:LatLonListZipCode><zipCodeList>20910</zipCodeList></n:LatLonListZipCode></s:Body></s:Envelope>"
    )
    response = requests.post(noaa, data=body, headers={"Content-Type": "text/xml"}, timeout=30)
    assert response.status_code == 200, response.text
    wrapper = etree.fromstring(response.content)[0][0]
    assert wrapper.tag.endswith("}LatLonListZipCodeResponse")
    assert wrapper.get(f"{{{SOAP11}}}encodingStyle") == SOAP_ENC
    (part,) = wrapper
    prefix, _, local = (part.get(f"{{{XSI}}}type") or "").partition(":")
    assert part.tag == "listLatLonOut" and local == "listLatLonType" and part.nsmap[prefix]
    assert part.text == "35.1,-90.1"


def test_zeep_reads_the_soapenc_array_and_the_declared_fault_of_jira(jira: str) -> None:
    # zeep fetches the SOAP encoding schema from its namespace URL whatever the WSDL says (and
    # this machine has no internet): it gets the copy the contract reader ships, as a cache.
    cache = InMemoryCache()
    cache.add(
        SOAP_ENC,
        (ROOT / "soap_adapter" / "contract" / "schemas" / "soap-encoding.xsd").read_bytes(),
    )
    client = zeep.Client(f"{jira}?wsdl", transport=Transport(cache=cache))
    comments = client.service.getComments("token", "JRA-9")
    assert [(c["body"], c["author"], c["updated"]) for c in comments] == [
        ("first on JRA-9", None, None),
        ("second", None, None),
    ]
    assert comments[0]["created"].isoformat() == "2010-09-13T04:22:38+00:00"
    with pytest.raises(zeep.exceptions.Fault) as raised:
        client.service.getComments("token", "SECRET-1")
    assert raised.value.message == "You may not see the comments of this issue."
    assert client.service.login("ada", "pw") == "session-token"


def _axis(body: str, header: str = "") -> bytes:
    """A request as Axis 1.x writes it: parts behind href to multiRef elements."""
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP11}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:xsi="{XSI}" xmlns:soapenc="{SOAP_ENC}">'
        f"{f'<soapenv:Header>{header}</soapenv:Header>' if header else ''}<soapenv:Body>{body}"
        "</soapenv:Body></soapenv:Envelope>"
    ).encode()


def _get_comments(key: str) -> str:
    return (
        f'<ns1:getComments soapenv:encodingStyle="{SOAP_ENC}" xmlns:ns1="{JIRA_NS}">'
        '<in0 xsi:type="xsd:string">token</in0><in1 href="#id0"/></ns1:getComments>'
        f'<multiRef id="id0" soapenc:root="0" soapenv:encodingStyle="{SOAP_ENC}" '
        f'xsi:type="soapenc:string">{key}</multiRef>'
    )


def _post(url: str, data: bytes) -> requests.Response:
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    return requests.post(url, data=data, headers=headers, timeout=30)


def test_an_axis_request_with_multirefs_gets_a_soapenc_array(jira: str) -> None:
    response = _post(jira, _axis(_get_comments("JRA-1")))
    assert response.status_code == 200, response.text
    wrapper = etree.fromstring(response.content)[0][0]
    assert wrapper.tag == f"{{{JIRA_OUT}}}getCommentsResponse"
    (array,) = wrapper
    item_type, _, count = (array.get(f"{{{SOAP_ENC}}}arrayType") or "").partition("[")
    prefix, _, local = item_type.partition(":")
    assert (array.nsmap[prefix], local, count) == (BEANS, "RemoteComment", "2]")
    first, second = array
    # Every member in the content model's order; what has no value (no author without
    # credentials, members the mapping does not list) is xsi:nil, as Axis writes it.
    assert [(c.tag, c.text, c.get(f"{{{XSI}}}nil")) for c in first] == [
        ("author", None, "true"),
        ("body", "first on JRA-1", None),
        ("created", "2010-09-13T04:22:38Z", None),
        ("groupLevel", None, "true"),
        ("id", None, "true"),
        ("roleLevel", None, "true"),
        ("updateAuthor", None, "true"),
        ("updated", None, "true"),
    ]
    assert [c.get(f"{{{XSI}}}nil") for c in second][:3] == ["true", None, "true"]


def test_ws_security_credentials_are_forwarded_when_sent(jira: str) -> None:
    token = (
        f'<wsse:Security xmlns:wsse="{WSSE}" soapenv:mustUnderstand="1"><wsse:UsernameToken>'
        "<wsse:Username>ada</wsse:Username><wsse:Password>secret</wsse:Password>"
        "</wsse:UsernameToken></wsse:Security>"
    )
    response = _post(jira, _axis(_get_comments("JRA-2"), token))
    assert response.status_code == 200, response.text
    assert etree.fromstring(response.content)[0][0][0][0].findtext("author") == "ada"


def test_a_mapped_rest_problem_is_the_declared_fault_with_its_detail(jira: str) -> None:
    response = _post(jira, _axis(_get_comments("SECRET-1")))
    assert response.status_code == 500
    assert fault(response) == ("soap:Client", "You may not see the comments of this issue.")
    detail = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault/detail")
    assert detail is not None
    (element,) = detail
    prefix, _, local = (element.get(f"{{{XSI}}}type") or "").partition(":")
    assert (element.nsmap[prefix], local) == (
        "http://exception.rpc.jira.atlassian.com",
        "RemotePermissionException",
    )


def test_an_unmapped_problem_and_an_unmapped_operation_are_the_generic_server_fault(
    jira: str,
) -> None:
    response = _post(jira, _axis(_get_comments("BROKEN-1")))
    assert fault(response) == ("soap:Server", GENERIC)
    body = f'<ns1:getServerInfo xmlns:ns1="{JIRA_NS}"><in0 xsi:type="xsd:string">t</in0></ns1:getServerInfo>'
    response = _post(jira, _axis(body))
    assert fault(response) == ("soap:Server", GENERIC)


def test_a_broken_href_and_an_unknown_part_are_client_faults(jira: str) -> None:
    response = _post(jira, _axis(_get_comments("JRA-1").replace("#id0", "#id7")))
    assert fault(response) == (
        "soap:Client",
        "/getComments/in1: href #id7 points at no element of the Body",
    )
    body = f'<ns1:login xmlns:ns1="{JIRA_NS}"><in0>ada</in0><in5>x</in5></ns1:login>'
    assert fault(_post(jira, _axis(body))) == (
        "soap:Client",
        "/login/in5: unexpected part: login has no part in5",
    )


def test_rpc_literal_style_parts_without_xsi_type_are_read_too(jira: str) -> None:
    body = f'<ns1:login xmlns:ns1="{JIRA_NS}"><in0>ada</in0><in1>pw</in1></ns1:login>'
    response = _post(jira, _axis(body))
    assert response.status_code == 200, response.text
    assert etree.fromstring(response.content)[0][0].findtext("loginReturn") == "session-token"
