"""The DNE calculator (document/literal wrapped, SOAP 1.1 and 1.2 ports) served end to end by
`soap-adapter serve --wsdl --mappings` in front of a real REST process, called with zeep loaded
from the edge's `?wsdl`, and with raw posts for faults and malformed input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import zeep
from lxml import etree

from tests.contract_codec._models import canon
from tests.serving_any.conftest import CALCULATOR, HERE

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
TEMPURI = "http://tempuri.org/"
GENERIC = "The service is temporarily unavailable."


@pytest.fixture(scope="module")
def url(edge_for: Callable[..., str]) -> str:
    return edge_for(CALCULATOR, HERE / "calculator") + "/calculator.asmx"


def post(
    url: str, body: str | bytes, version: str = "1.1", action: str | None = None
) -> requests.Response:
    headers = {"Content-Type": "text/xml; charset=utf-8"}
    if version == "1.2":
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
    if action is not None:
        headers["SOAPAction"] = f'"{action}"'
    data = body.encode() if isinstance(body, str) else body
    return requests.post(url, data=data, headers=headers, timeout=30)


def envelope(body: str, version: str = "1.1", header: str = "") -> str:
    env = SOAP11 if version == "1.1" else SOAP12
    head = f"<s:Header>{header}</s:Header>" if header else ""
    return f'<s:Envelope xmlns:s="{env}" xmlns:t="{TEMPURI}">{head}<s:Body>{body}</s:Body></s:Envelope>'


def fault(response: requests.Response) -> tuple[str, str]:
    """(code, text) of a SOAP 1.1 or 1.2 fault."""
    root = etree.fromstring(response.content)
    if root.tag == f"{{{SOAP11}}}Envelope":
        node = root.find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
        assert node is not None, response.text
        return node.findtext("faultcode") or "", node.findtext("faultstring") or ""
    node = root.find(f"{{{SOAP12}}}Body/{{{SOAP12}}}Fault")
    assert node is not None, response.text
    code = node.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value") or ""
    return code, node.findtext(f"{{{SOAP12}}}Reason/{{{SOAP12}}}Text") or ""


def test_zeep_loaded_from_the_edge_calls_every_operation_on_both_soap_versions(url: str) -> None:
    client = zeep.Client(f"{url}?wsdl")
    assert client.service.Add(2, 3) == 5
    assert client.service.Subtract(2, 3) == -1
    assert client.service.Multiply(-4, 5) == -20
    assert client.service.Divide(9, 2) == 4
    soap12 = client.bind("Calculator", "CalculatorSoap12")
    assert soap12.Add(40, 2) == 42


def test_the_served_wsdl_names_the_edge_for_both_ports(url: str) -> None:
    wsdl = etree.fromstring(requests.get(f"{url}?wsdl", timeout=10).content)
    locations = [a.get("location") for a in wsdl.iter("{*}address")]
    assert locations == [url, url]


def test_an_answer_is_the_response_element_in_schema_order(url: str) -> None:
    response = post(
        url, envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>"), action=f"{TEMPURI}Add"
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    body = etree.fromstring(response.content)[0]
    expected = f'<AddResponse xmlns="{TEMPURI}"><AddResult>3</AddResult></AddResponse>'
    assert canon(body[0]) == canon(etree.fromstring(expected))


def test_a_rest_problem_without_a_mapped_fault_is_the_generic_server_fault(url: str) -> None:
    client = zeep.Client(f"{url}?wsdl")
    with pytest.raises(zeep.exceptions.Fault) as raised:
        client.service.Divide(1, 0)
    assert raised.value.message == GENERIC
    response = post(
        url, envelope("<t:Divide><t:intA>1</t:intA><t:intB>0</t:intB></t:Divide>", "1.2"), "1.2"
    )
    assert response.status_code == 500
    assert fault(response) == ("soap:Receiver", GENERIC)


def test_a_rest_answer_that_does_not_fit_is_the_generic_server_fault(url: str) -> None:
    response = post(url, envelope("<t:Divide><t:intA>13</t:intA><t:intB>1</t:intB></t:Divide>"))
    assert response.status_code == 500
    assert fault(response) == ("soap:Server", GENERIC)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<not xml", "not well-formed XML"),
        (b"", "empty"),
        (
            envelope("<t:Add><t:intA>x</t:intA><t:intB>1</t:intB></t:Add>"),
            "/Add/intA: not an xs:int",
        ),
        (envelope("<t:Add><t:intA>1</t:intA></t:Add>"), "/Add/intB: required element missing"),
        (
            envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB><t:intC>3</t:intC></t:Add>"),
            "/Add/intC: unexpected element",
        ),
        (
            envelope("<t:Power><t:intA>1</t:intA></t:Power>"),
            "Unknown operation {http://tempuri.org/}Power",
        ),
        (envelope(""), "The Body holds no operation element"),
        (
            envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>", "1.2"),
            "A SOAP 1.2 envelope was sent",
        ),
        (b"<a/>", "not a SOAP envelope"),
        (b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', "document type declaration"),
    ],
)
def test_malformed_input_is_a_client_fault_never_a_stack_trace(
    url: str, body: str | bytes, words: str
) -> None:
    response = post(url, body)
    assert response.status_code == 500  # SOAP 1.1 sends every fault with 500
    code, text = fault(response)
    assert code == "soap:Client" and words in text, text


def test_a_soapaction_naming_another_operation_is_refused(url: str) -> None:
    body = envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>")
    response = post(url, body, action=f"{TEMPURI}Multiply")
    assert fault(response) == (
        "soap:Client",
        "The action http://tempuri.org/Multiply does not match the operation Add.",
    )


def test_soap_12_faults_are_sender_faults_with_400(url: str) -> None:
    response = post(
        url, envelope("<t:Add><t:intA>x</t:intA><t:intB>1</t:intB></t:Add>", "1.2"), "1.2"
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/soap+xml")
    assert fault(response)[0] == "soap:Sender"


def test_a_content_type_that_is_no_soap_is_refused(url: str) -> None:
    body = envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>")
    response = requests.post(
        url, data=body, headers={"Content-Type": "application/json"}, timeout=10
    )
    assert fault(response) == (
        "soap:Client",
        "The Content-Type must be text/xml (SOAP 1.1) or application/soap+xml (1.2).",
    )


def test_a_must_understand_header_nobody_understands_is_refused(url: str) -> None:
    header = '<x:Trace xmlns:x="urn:x" s:mustUnderstand="1">1</x:Trace>'
    response = post(
        url, envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>", header=header)
    )
    code, text = fault(response)
    assert code == "soap:MustUnderstand" and "{urn:x}Trace" in text


def test_unknown_documents_and_paths_are_404(url: str) -> None:
    assert requests.get(f"{url}?xsd=nothing.xsd", timeout=10).status_code == 404
    assert (
        requests.post(
            url.replace("calculator.asmx", "other.asmx"), data=b"", timeout=10
        ).status_code
        == 404
    )
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "?wsdl" in page.text


def test_ws_addressing_headers_are_understood_and_the_answer_relates_to_the_message(
    url: str,
) -> None:
    wsa = "http://www.w3.org/2005/08/addressing"
    header = (
        f'<a:Action xmlns:a="{wsa}" s:mustUnderstand="true">{TEMPURI}Add</a:Action>'
        f'<a:MessageID xmlns:a="{wsa}">urn:uuid:6f1c-42</a:MessageID>'
        f'<a:To xmlns:a="{wsa}" s:mustUnderstand="true">{url}</a:To>'
    )
    body = envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>", "1.2", header)
    response = post(url, body, "1.2")
    assert response.status_code == 200, response.text
    root = etree.fromstring(response.content)
    blocks = root.find(f"{{{SOAP12}}}Header")
    assert blocks is not None
    assert [(etree.QName(b).localname, b.text) for b in blocks] == [
        ("Action", f"{TEMPURI}AddResponse"),
        ("RelatesTo", "urn:uuid:6f1c-42"),
    ]
    assert root.find(f"{{{SOAP12}}}Body/{{{TEMPURI}}}AddResponse") is not None
    # Without a MessageID there is nothing to relate to: no header comes back.
    plain = envelope("<t:Add><t:intA>1</t:intA><t:intB>2</t:intB></t:Add>", "1.2")
    assert etree.fromstring(post(url, plain, "1.2").content).find(f"{{{SOAP12}}}Header") is None
