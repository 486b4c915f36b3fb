"""The codec on rpc/literal and rpc/encoded operations built by hand, encoded messages as Axis 1.x
writes them (multiRef values behind href, soapenc arrays)."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

from soap_adapter.contract import ComplexType, Part
from soap_adapter.contract._codec import read_request, read_response, write_request, write_response
from soap_adapter.contract._model import SOAP_ENC, XS
from soap_adapter.exceptions import MalformedRequest, MappingError
from tests.contract_codec._models import (
    SOAP11,
    TNS,
    XSI_TYPE,
    body,
    builtin,
    canon,
    complex_,
    el,
    q,
    rpc,
)

BEANS = "http://beans.soap.rpc.jira.atlassian.com"
SERVICE = "http://soap.rpc.jira.atlassian.com"
COMMENT = complex_(
    q("RemoteComment", BEANS),
    el("author", "string", nillable=True),
    el("body", "string", nillable=True),
    el("created", "dateTime", nillable=True),
)
ARRAY = ComplexType(
    q("ArrayOf_tns1_RemoteComment", SERVICE),
    base=ComplexType(f"{{{SOAP_ENC}}}Array"),
    derivation="restriction",
    array_item=COMMENT,
)
STRINGS = ComplexType(q("ArrayOf_xsd_string", SERVICE), array_item=builtin("string"))
GET_COMMENTS = rpc(
    "getComments",
    [Part("in0", type=builtin("string")), Part("in1", type=builtin("string"))],
    [Part("getCommentsReturn", type=ARRAY)],
    use="encoded",
    namespace=SERVICE,
)
ADD_LABELS = rpc(
    "addLabels",
    [
        Part("in0", type=builtin("string")),
        Part("in1", type=STRINGS),
        Part("in2", type=builtin("int")),
    ],
    [],
    use="encoded",
    namespace=SERVICE,
)
ENC = f'soapenv:encodingStyle="{SOAP_ENC}" xmlns:soapenv="{SOAP11}"'

AXIS_REQUEST = f"""<ns1:getComments {ENC} xmlns:ns1="{SERVICE}">
<in0 xsi:type="xsd:string">token</in0><in1 href="#id0"/></ns1:getComments>
<multiRef id="id0" soapenc:root="0" {ENC} xsi:type="soapenc:string">JRA-1</multiRef>"""

AXIS_RESPONSE = f"""<ns1:getCommentsResponse {ENC} xmlns:ns1="{SERVICE}">
<getCommentsReturn soapenc:arrayType="ns2:RemoteComment[2]" xsi:type="soapenc:Array" xmlns:ns2="{BEANS}">
<getCommentsReturn href="#id0"/><getCommentsReturn href="#id1"/></getCommentsReturn></ns1:getCommentsResponse>
<multiRef id="id0" soapenc:root="0" {ENC} xsi:type="ns3:RemoteComment" xmlns:ns3="{BEANS}">
<author xsi:type="xsd:string">ada</author><body href="#id2"/><created xsi:type="xsd:dateTime">2010-09-13T04:22:38.000Z</created></multiRef>
<multiRef id="id1" soapenc:root="0" {ENC} xsi:type="ns4:RemoteComment" xmlns:ns4="{BEANS}">
<created xsi:nil="true"/><body xsi:type="xsd:string">second</body><author xsi:nil="true"/></multiRef>
<multiRef id="id2" soapenc:root="0" {ENC} xsi:type="xsd:string">first</multiRef>"""

COMMENTS = {
    "getCommentsReturn": [
        {
            "author": "ada",
            "body": "first",
            "created": datetime.datetime(2010, 9, 13, 4, 22, 38, tzinfo=datetime.UTC),
        },
        {"created": None, "body": "second", "author": None},
    ]
}


def test_an_axis_request_with_multiref_parts_is_read_through_its_hrefs() -> None:
    assert read_request(GET_COMMENTS, body(AXIS_REQUEST)) == {"in0": "token", "in1": "JRA-1"}


def test_parts_without_xsi_type_are_read_by_their_declared_type() -> None:
    xml = f'<ns1:getComments xmlns:ns1="{SERVICE}"><in0>t</in0><in1>JRA-2</in1></ns1:getComments>'
    assert read_request(GET_COMMENTS, body(xml)) == {"in0": "t", "in1": "JRA-2"}


def test_an_axis_response_with_a_multiref_array_is_read_into_a_list() -> None:
    assert read_response(GET_COMMENTS, body(AXIS_RESPONSE)) == COMMENTS


def test_an_encoded_response_carries_xsi_type_and_a_soapenc_array() -> None:
    (wrapper,) = write_response(GET_COMMENTS, COMMENTS)
    assert wrapper.tag == q("getCommentsResponse", SERVICE)
    assert wrapper.get(f"{{{SOAP11}}}encodingStyle") == SOAP_ENC
    (array,) = wrapper
    assert array.tag == "getCommentsReturn"  # rpc parts are unqualified
    assert _resolve(array, array.get(XSI_TYPE)) == f"{{{SOAP_ENC}}}Array"
    item_type, _, count = (array.get(f"{{{SOAP_ENC}}}arrayType") or "").partition("[")
    assert _resolve(array, item_type) == COMMENT.name and count == "2]"
    assert [item.tag for item in array] == ["item", "item"]
    first, second = array
    assert _resolve(first, first.get(XSI_TYPE)) == COMMENT.name
    assert [(c.tag, _resolve(c, c.get(XSI_TYPE)), c.text) for c in first] == [
        ("author", f"{{{XS}}}string", "ada"),
        ("body", f"{{{XS}}}string", "first"),
        ("created", f"{{{XS}}}dateTime", "2010-09-13T04:22:38Z"),
    ]
    # Written in the content model's order, None as xsi:nil: what Axis clients read.
    assert [(c.tag, c.get("{http://www.w3.org/2001/XMLSchema-instance}nil")) for c in second] == [
        ("author", "true"),
        ("body", None),
        ("created", "true"),
    ]
    assert read_response(GET_COMMENTS, _in_body(wrapper)) == COMMENTS


def test_an_encoded_request_round_trips_with_an_array_of_strings() -> None:
    value = {"in0": "token", "in1": ["a", "b", None], "in2": 3}
    (wrapper,) = write_request(ADD_LABELS, value)
    labels = wrapper[1]
    assert labels.get(f"{{{SOAP_ENC}}}arrayType", "").endswith(":string[3]")
    assert read_request(ADD_LABELS, _in_body(wrapper)) == value
    (again,) = write_request(ADD_LABELS, read_request(ADD_LABELS, _in_body(wrapper)))
    assert canon(again) == canon(wrapper)


def test_an_href_to_nothing_and_an_unknown_part_are_refused() -> None:
    xml = AXIS_REQUEST.replace('href="#id0"', 'href="#id9"')
    with pytest.raises(MalformedRequest, match="href #id9 points at no element"):
        read_request(GET_COMMENTS, body(xml))
    xml = AXIS_REQUEST.replace("<in0 ", "<in7 ").replace("</in0>", "</in7>")
    with pytest.raises(MalformedRequest, match="getComments has no part in7"):
        read_request(GET_COMMENTS, body(xml))
    with pytest.raises(MalformedRequest, match="must hold the element getComments"):
        read_request(GET_COMMENTS, body(f'<ns1:other xmlns:ns1="{SERVICE}"/>'))
    with pytest.raises(MappingError, match="has no part in9"):
        write_request(GET_COMMENTS, {"in0": "a", "in1": "b", "in9": "c"})


# ---- rpc/literal --------------------------------------------------------------------------------

POINT = complex_(q("Point"), el("x", "int"), el("y", "int"))
MOVE = rpc(
    "Move",
    [Part("from", type=POINT), Part("by", type=builtin("int"))],
    [Part("to", type=POINT)],
)


def test_rpc_literal_wraps_unqualified_parts_in_the_operation_element_without_xsi_type() -> None:
    request = body("<tns:Move><from><x>1</x><y>2</y></from><by>3</by></tns:Move>")
    value = read_request(MOVE, request)
    assert value == {"from": {"x": 1, "y": 2}, "by": 3}
    (written,) = write_request(MOVE, value)
    assert canon(written) == canon(request[0])
    assert XSI_TYPE not in etree.tostring(written).decode()
    (answer,) = write_response(MOVE, {"to": {"x": 4, "y": 5}})
    assert answer.tag == q("MoveResponse", TNS)
    assert read_response(MOVE, _in_body(answer)) == {"to": {"x": 4, "y": 5}}
    with pytest.raises(MalformedRequest, match="Move/by: required part missing"):
        read_request(MOVE, body("<tns:Move><from><x>1</x><y>2</y></from></tns:Move>"))


def _resolve(node: etree._Element, text: str | None) -> str:
    prefix, _, local = (text or "").partition(":")
    return f"{{{node.nsmap[prefix]}}}{local}"


def _in_body(node: etree._Element) -> etree._Element:
    wrapper = etree.Element(f"{{{SOAP11}}}Body")
    wrapper.append(node)
    return etree.fromstring(etree.tostring(wrapper))


PLAIN_ARRAY = rpc(
    "sum",
    [Part("numbers", type=ComplexType(f"{{{SOAP_ENC}}}Array"))],
    [Part("total", type=builtin("int"))],
    use="encoded",
    namespace=SERVICE,
)


def test_a_plain_soapenc_array_is_read_by_the_item_type_it_names() -> None:
    xml = (
        f'<ns1:sum xmlns:ns1="{SERVICE}"><numbers soapenc:arrayType="xsd:int[3]" xsi:type="soapenc:Array">'
        "<item>1</item><item>2</item><item xsi:nil='true'/></numbers></ns1:sum>"
    )
    assert read_request(PLAIN_ARRAY, body(xml)) == {"numbers": [1, 2, None]}
    with pytest.raises(MalformedRequest, match=r"numbers\[1\]: not an xs:int"):
        read_request(PLAIN_ARRAY, body(xml.replace("<item>1</item>", "<item>one</item>")))
    untyped = xml.replace(' soapenc:arrayType="xsd:int[3]"', "")
    assert read_request(PLAIN_ARRAY, body(untyped)) == {"numbers": ["1", "2", None]}
