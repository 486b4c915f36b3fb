"""Hostile and odd WS-Security and audit headers through the edge and the REST core (issue 8,
items 5, 8 and 9): ambiguous tokens, tokens for another node, odd dates, text a header cannot
carry."""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from xml.sax.saxutils import escape

import pytest
import requests
from lxml import etree

from tests import soap_requests as soap
from tests.system import OPERATOR, READER, System

GET_CUSTOMER = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
FAILED = f"{{{soap.WSSE}}}FailedAuthentication"


def fault_code(response: requests.Response) -> str:
    """The 1.1 faultcode, or the 1.2 Code and Subcode values, as `{namespace}local` names."""
    root = etree.fromstring(response.content)
    code = root.find(".//faultcode")
    if code is not None:
        prefix, _, local = code.text.partition(":")
        return f"{{{code.nsmap[prefix]}}}{local}"
    values = root.findall(f".//{{{soap.SOAP12}}}Code//{{{soap.SOAP12}}}Value")
    return " ".join(f"{{{v.nsmap[v.text.split(':')[0]]}}}{v.text.split(':')[1]}" for v in values)


def call(system: System, headers: str, *, version: str = "1.1") -> requests.Response:
    return soap.post(
        system.soap_url,
        soap.envelope(GET_CUSTOMER, headers=headers, version=version),
        version=version,
    )


def token_parts(username: str, password: str) -> str:
    """The UsernameToken element alone (PasswordText)."""
    inner = soap.text_token(username, password)
    return inner[inner.index("<wsse:UsernameToken>") : inner.index("</wsse:Security>")]


def log_entries(system: System, name: str) -> list[dict[str, str]]:
    return [
        json.loads(line)
        for line in (system.logs / name).read_text().splitlines()
        if line.startswith("{")
    ]


def logged_with(
    system: System, name: str, correlation_id: str, *, logger: str = "", at_least: int = 1
) -> list[dict[str, str]]:
    """The lines of `name` that carry `correlation_id`, once `at_least` of them come from
    `logger` (any logger when empty), or after 10 s (lines are written after the answer)."""
    deadline = time.monotonic() + 10
    while True:
        mine = [e for e in log_entries(system, name) if e["correlation_id"] == correlation_id]
        found = [e for e in mine if e["logger"].startswith(logger)]
        if len(found) >= at_least or time.monotonic() > deadline:
            return mine
        time.sleep(0.05)


# ---- item 8: ambiguous WS-Security --------------------------------------------------------------


def test_two_security_headers_are_a_client_fault(system: System) -> None:
    # A reader's header then an operator's: neither may win.
    both = soap.text_token(*READER) + soap.text_token(*OPERATOR)
    response = call(system, both)
    assert response.status_code == 500
    assert fault_code(response) == f"{{{soap.SOAP11}}}Client", response.text
    response12 = call(system, both, version="1.2")
    assert response12.status_code == 400
    assert fault_code(response12) == f"{{{soap.SOAP12}}}Sender", response12.text


def test_two_username_tokens_are_a_client_fault(system: System) -> None:
    two = (
        f'<wsse:Security xmlns:wsse="{soap.WSSE}">'
        f"{token_parts(*OPERATOR)}{token_parts(*READER)}</wsse:Security>"
    )
    response = call(system, two)
    assert response.status_code == 500
    assert fault_code(response) == f"{{{soap.SOAP11}}}Client", response.text


@pytest.mark.parametrize(
    ("version", "attribute"),
    [
        ("1.1", 'soap:actor="http://gateway.example.com/audit"'),
        ("1.2", 'soap:role="http://gateway.example.com/audit"'),
    ],
)
def test_a_security_header_for_another_node_is_not_ours(
    system: System, version: str, attribute: str
) -> None:
    other = soap.text_token(*OPERATOR).replace("<wsse:Security ", f"<wsse:Security {attribute} ")
    # Alone, it leaves the call without a token for this service.
    alone = call(system, other, version=version)
    assert "FailedAuthentication" in fault_code(alone), alone.text
    # Beside the caller's own header, it is ignored: the caller's (a reader's) decides.
    beside = call(system, other + soap.text_token(*READER), version=version)
    assert beside.status_code == 200, beside.text
    # Addressed to this node explicitly ("next", "ultimateReceiver"), it is ours.
    mine = {
        "1.1": 'soap:actor="http://schemas.xmlsoap.org/soap/actor/next"',
        "1.2": 'soap:role="http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"',
    }[version]
    ours = soap.text_token(*OPERATOR).replace("<wsse:Security ", f"<wsse:Security {mine} ")
    assert call(system, ours, version=version).status_code == 200


@pytest.mark.parametrize(
    "shape",
    [
        "%Y%m%dT%H%M%SZ",  # ISO 8601 basic format
        "%G-W%V-%uT%H:%M:%SZ",  # ISO week date
        "%Y-%m-%d %H:%M:%SZ",  # a space
        "%Y-%m-%dt%H:%M:%SZ",  # a lowercase t
    ],
)
def test_created_must_be_an_xs_datetime(system: System, shape: str) -> None:
    created = time.strftime(shape, time.gmtime())
    response = call(system, soap.digest_token(*OPERATOR, created=created))
    assert fault_code(response) == FAILED, (created, response.text)
    # The same moment written as an xs:dateTime is accepted.
    good = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    assert call(system, soap.digest_token(*OPERATOR, created=good)).status_code == 200


# ---- item 9: odd digests and names --------------------------------------------------------------


def digest_with(username: str, digest: str) -> str:
    nonce = base64.b64encode(os.urandom(16)).decode()
    return (
        f'<wsse:Security xmlns:wsse="{soap.WSSE}" xmlns:wsu="{soap.WSU}"><wsse:UsernameToken>'
        f"<wsse:Username>{escape(username)}</wsse:Username>"
        f'<wsse:Password Type="{soap.PROFILE}#PasswordDigest">{escape(digest)}</wsse:Password>'
        f"<wsse:Nonce>{nonce}</wsse:Nonce><wsu:Created>{soap.now_created()}</wsu:Created>"
        f"</wsse:UsernameToken></wsse:Security>"
    )


def test_a_non_ascii_digest_fails_authentication(system: System) -> None:
    before = (system.logs / "rest-core.log").read_text()
    response = call(system, digest_with("backoffice", "ÿÿÿÿ"))
    assert fault_code(response) == FAILED, response.text
    added = (system.logs / "rest-core.log").read_text()[len(before) :]
    assert "Traceback" not in added and '"traceback"' not in added, added


@pytest.mark.parametrize("username", ["日本", "Ωmega", "backoffice\u2028"])
def test_a_non_latin1_username_with_a_digest_fails_authentication(
    system: System, username: str
) -> None:
    response = call(system, soap.digest_token(username, "Winter2011!"))
    assert fault_code(response) == FAILED, response.text
    text = call(system, soap.text_token(username, "Winter2011!"))
    assert fault_code(text) == FAILED, text.text


def test_identified_calls_are_logged_with_their_operation(system: System) -> None:
    no_token = f"op-{uuid.uuid4()}"
    audit = f"<tns:AuditHeader><tns:CorrelationId>{no_token}</tns:CorrelationId></tns:AuditHeader>"
    response = call(system, audit)
    assert fault_code(response) == FAILED
    mismatch = f"op-{uuid.uuid4()}"
    audit = f"<tns:AuditHeader><tns:CorrelationId>{mismatch}</tns:CorrelationId></tns:AuditHeader>"
    wrong = soap.post(
        system.soap_url,
        soap.envelope(GET_CUSTOMER, headers=soap.text_token(*OPERATOR) + audit),
        action=soap.ACTION.format("GetOrder"),
    )
    assert wrong.status_code == 500
    for correlation_id in (no_token, mismatch):
        lines = logged_with(system, "soap-adapter.log", correlation_id)
        assert lines, f"nothing logged for {correlation_id}"
        assert all("unknown" not in e["message"] for e in lines), lines
        assert any(e["message"].startswith("GetCustomer ") for e in lines), lines


# ---- item 5: correlation ids that cannot travel in an HTTP header as they are -------------------


@pytest.mark.parametrize(
    "correlation_id",
    ["rt-日本", "Ω", "line1\r\nline2", "tab\there", "100% sure, 50%41"],
    ids=["cjk", "omega", "crlf", "tab", "percent"],
)
def test_a_correlation_id_any_xs_string_is_served_and_logged(
    system: System, correlation_id: str
) -> None:
    unique = f"{correlation_id}-{uuid.uuid4().hex[:8]}"
    audit = (
        "<tns:AuditHeader><tns:CorrelationId>"
        f"{escape(unique, {chr(13): '&#13;', chr(9): '&#9;'})}"
        "</tns:CorrelationId></tns:AuditHeader>"
    )
    for token in (soap.text_token(*OPERATOR), soap.digest_token(*OPERATOR)):
        response = call(system, token + audit)
        assert response.status_code == 200, response.text
    edge_lines = logged_with(system, "soap-adapter.log", unique)
    assert edge_lines, "the edge logged nothing with the correlation id as sent"
    core_lines = logged_with(system, "rest-core.log", unique, logger="rest_core.access", at_least=2)
    assert len([e for e in core_lines if e["logger"] == "rest_core.access"]) >= 2, core_lines
