"""Wire details BEHAVIOUR.md states beyond the captured exchanges: WSDL, actions, tokens, faults."""

from __future__ import annotations

import os

import requests
from lxml import etree

from tests import soap_requests as soap
from tests.system import OPERATOR, READER, WSDL, System

GET_CUSTOMER = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
NS = {"s11": soap.SOAP11, "s12": soap.SOAP12, "t": soap.T, "tns": soap.TNS}


def fault_code(response: requests.Response) -> str:
    root = etree.fromstring(response.content)
    code = root.find(".//faultcode")
    if code is not None:
        prefix, _, local = code.text.partition(":")
        return f"{{{code.nsmap[prefix]}}}{local}"
    values = root.findall(".//s12:Code//s12:Value", NS)
    return " ".join(f"{{{v.nsmap[v.text.split(':')[0]]}}}{v.text.split(':')[1]}" for v in values)


def test_wsdl_is_served_as_published_with_the_called_address(system: System) -> None:
    response = requests.get(system.soap_url + "?wsdl", timeout=10)
    assert response.status_code == 200
    published = WSDL.read_bytes()
    here = f'location="{system.soap_url}"'.encode()
    imported = f'schemaLocation="{system.soap_url}?xsd=OrderTypes.xsd"'.encode()
    assert response.content == published.replace(
        b'location="http://orders.legacy.example.com/OrderService.asmx"', here
    ).replace(b'schemaLocation="OrderTypes.xsd"', imported)
    # No proxy is trusted by default: a client's forwarded headers and Host move nothing
    # (a trusted proxy's do: tests/edge/test_public_address.py).
    forged = requests.get(
        system.soap_url + "?wsdl",
        headers={
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "orders.example.com",
            "Host": "evil.example.net",
        },
        timeout=10,
    )
    assert forged.content == response.content
    xsd = requests.get(system.soap_base + "/OrderTypes.xsd", timeout=10)
    assert xsd.status_code == 200
    assert xsd.content == (WSDL.parent / "OrderTypes.xsd").read_bytes()


def test_soap12_sender_fault_is_http_400(system: System) -> None:
    response = soap.post(
        system.soap_url,
        soap.envelope(
            "<tns:GetCustomer><tns:CustomerId>C-000999</tns:CustomerId></tns:GetCustomer>",
            version="1.2",
            headers=soap.text_token(*OPERATOR),
        ),
        version="1.2",
        action=soap.ACTION.format("GetCustomer"),
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/soap+xml")
    assert fault_code(response) == f"{{{soap.SOAP12}}}Sender"
    system.assert_schema_valid(response.content)


def test_failed_authentication_soap12_has_subcode(system: System) -> None:
    response = soap.post(
        system.soap_url,
        soap.envelope(GET_CUSTOMER, version="1.2", headers=soap.text_token("backoffice", "nope")),
        version="1.2",
    )
    assert response.status_code == 400
    assert fault_code(response) == f"{{{soap.SOAP12}}}Sender {{{soap.WSSE}}}FailedAuthentication"


def test_missing_or_disabled_credentials_fail_authentication(system: System) -> None:
    for headers in (
        "",
        soap.text_token("retired-batch", "old-batch-pw"),
        soap.text_token("x", "y"),
    ):
        response = soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=headers))
        assert response.status_code == 500
        assert fault_code(response) == f"{{{soap.WSSE}}}FailedAuthentication"


def test_password_digest_once_per_nonce_and_fresh(system: System) -> None:
    nonce = os.urandom(16)
    token = soap.digest_token(*OPERATOR, nonce=nonce)
    first = soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=token))
    assert first.status_code == 200, first.text
    replay = soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=token))
    assert fault_code(replay) == f"{{{soap.WSSE}}}FailedAuthentication"
    for offset in (-301 - 5, 301 + 5):
        stale = soap.digest_token(*OPERATOR, created=soap.now_created(offset))
        answer = soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=stale))
        assert fault_code(answer) == f"{{{soap.WSSE}}}FailedAuthentication", offset
    reader = soap.post(
        system.soap_url, soap.envelope(GET_CUSTOMER, headers=soap.digest_token(*READER))
    )
    assert reader.status_code == 200


def test_action_must_name_the_operation_when_given(system: System) -> None:
    body = soap.envelope(GET_CUSTOMER, headers=soap.text_token(*OPERATOR))
    assert soap.post(system.soap_url, body, action=None).status_code == 200
    assert soap.post(system.soap_url, body, action="").status_code == 200
    wrong = soap.post(system.soap_url, body, action=soap.ACTION.format("GetOrder"))
    assert wrong.status_code == 500
    assert fault_code(wrong) == f"{{{soap.SOAP11}}}Client"
    body12 = soap.envelope(GET_CUSTOMER, version="1.2", headers=soap.text_token(*OPERATOR))
    wrong12 = soap.post(
        system.soap_url, body12, version="1.2", action=soap.ACTION.format("CancelOrder")
    )
    assert wrong12.status_code == 400


def test_must_understand(system: System) -> None:
    unknown = '<x:Tx xmlns:x="urn:example:tx" soap:mustUnderstand="1">1</x:Tx>'
    response = soap.post(
        system.soap_url, soap.envelope(GET_CUSTOMER, headers=soap.text_token(*OPERATOR) + unknown)
    )
    assert response.status_code == 500
    assert fault_code(response) == f"{{{soap.SOAP11}}}MustUnderstand"
    understood = soap.text_token(*OPERATOR).replace(
        "<wsse:Security ", '<wsse:Security soap:mustUnderstand="1" '
    )
    audit = '<tns:AuditHeader soap:mustUnderstand="1"><tns:CorrelationId>c-1</tns:CorrelationId></tns:AuditHeader>'
    ok = soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=understood + audit))
    assert ok.status_code == 200, ok.text


def test_malformed_requests_are_client_faults_without_echo(system: System) -> None:
    long_id = "X" * 5000
    cases = [
        b"",
        b"<not-closed>",
        b"<html><body>hello</body></html>",
        soap.envelope(
            GET_CUSTOMER, version="1.2", headers=soap.text_token(*OPERATOR)
        ),  # 1.2 as 1.1
        soap.envelope("<tns:Nope/>", headers=soap.text_token(*OPERATOR)),
        soap.envelope(
            f"<tns:GetCustomer><tns:CustomerId>{long_id}</tns:CustomerId></tns:GetCustomer>",
            headers=soap.text_token(*OPERATOR),
        ),
        soap.envelope(GET_CUSTOMER + GET_CUSTOMER, headers=soap.text_token(*OPERATOR)),
    ]
    for body in cases:
        response = soap.post(system.soap_url, body)
        assert response.status_code == 500, body[:80]
        assert fault_code(response) == f"{{{soap.SOAP11}}}Client", body[:80]
        assert long_id[:201] not in response.text
        assert "Traceback" not in response.text


def test_digest_tokens_with_a_missing_or_malformed_nonce_fail_authentication(
    system: System,
) -> None:
    token = soap.digest_token(*OPERATOR)
    start, end = token.index("<wsse:Nonce>"), token.index("</wsse:Nonce>") + len("</wsse:Nonce>")
    for broken in (
        token[:start] + token[end:],
        token[:start] + "<wsse:Nonce>!!not base64!!</wsse:Nonce>" + token[end:],
    ):
        response = soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=broken))
        assert response.status_code == 500
        assert fault_code(response) == f"{{{soap.WSSE}}}FailedAuthentication"
    no_created = (
        token[: token.index("<wsu:Created>")]
        + token[token.index("</wsu:Created>") + len("</wsu:Created>") :]
    )
    assert fault_code(
        soap.post(system.soap_url, soap.envelope(GET_CUSTOMER, headers=no_created))
    ) == (f"{{{soap.WSSE}}}FailedAuthentication")


def test_the_served_wsdl_is_compatible_with_wsdl_dir(system: System) -> None:
    from soap_adapter.wsdl_diff import diff, load_contract

    # Structurally as well as byte for byte: wsdl-diff finds nothing between them.
    assert diff(load_contract(str(WSDL)), load_contract(system.soap_url + "?wsdl")) == []
