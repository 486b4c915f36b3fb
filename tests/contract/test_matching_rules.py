"""The exchange format's matching rules and request placeholders, as contract-test applies them."""

from __future__ import annotations

import base64
import datetime
import hashlib
import re

import pytest

from soap_adapter.contract_test import Mismatch, fill_request, match_envelopes, step_url

S11 = "http://schemas.xmlsoap.org/soap/envelope/"
S12 = "http://www.w3.org/2003/05/soap-envelope"
NS = "http://legacy.example.com/OrderService/2011/03"


def env(body: str, prefix: str = "soap", ns: str = S11, header: str = "") -> bytes:
    return (
        f'<{prefix}:Envelope xmlns:{prefix}="{ns}" xmlns:tns="{NS}">'
        f"<{prefix}:Header>{header}</{prefix}:Header>"
        f"<{prefix}:Body>{body}</{prefix}:Body></{prefix}:Envelope>"
    ).encode()


def mismatch(expected: bytes, actual: bytes, variables: dict[str, str] | None = None) -> Mismatch:
    with pytest.raises(Mismatch) as caught:
        match_envelopes(expected, actual, variables if variables is not None else {})
    return caught.value


def test_prefixes_whitespace_headers_and_comments_do_not_count() -> None:
    expected = env("<tns:R>\n  <tns:A>  x </tns:A>\n</tns:R>")
    actual = env(
        '<o:R xmlns:o="' + NS + '"><!-- c --><o:A>x</o:A></o:R>',
        prefix="S",
        header="<tns:AuditHeader>anything</tns:AuditHeader>",
    )
    match_envelopes(expected, actual, {})


def test_names_order_attributes_and_text_count_with_the_path() -> None:
    expected = env("<tns:R><tns:A>1</tns:A><tns:B>2</tns:B></tns:R>")
    found = mismatch(expected, env("<tns:R><tns:B>2</tns:B><tns:A>1</tns:A></tns:R>"))
    assert found.path == "Body/R[1]/A[1]" and f"{{{NS}}}B" in found.actual
    found = mismatch(expected, env("<tns:R><tns:A>1</tns:A><tns:B>3</tns:B></tns:R>"))
    assert (found.path, found.expected, found.actual) == ("Body/R[1]/B[2]", "'2'", "'3'")
    found = mismatch(expected, env("<tns:R><tns:A>1</tns:A></tns:R>"))
    assert found.path == "Body/R[1]" and found.actual == "children ['A']"
    other_ns = env('<x:R xmlns:x="urn:other"><x:A>1</x:A><x:B>2</x:B></x:R>')
    found = mismatch(expected, other_ns)
    assert found.path == "Body/R[1]" and "urn:other" in found.actual
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    nil = env(f'<tns:R {xsi}><tns:A xsi:nil="true"/></tns:R>')
    found = mismatch(nil, env("<tns:R><tns:A/></tns:R>"))
    assert found.path == "Body/R[1]/A[1]" and "nil" in found.expected


def test_an_envelope_of_the_other_soap_version_differs() -> None:
    found = mismatch(env("<tns:R/>"), env("<tns:R/>", ns=S12))
    assert found.path == "Body" and S12 in found.actual


def test_qname_text_compares_by_namespace() -> None:
    expected = env("<soap:Fault><faultcode>soap:Client</faultcode></soap:Fault>")
    match_envelopes(
        expected, env("<E:Fault><faultcode>E:Client</faultcode></E:Fault>", prefix="E"), {}
    )
    wrong = env(f'<soap:Fault><faultcode xmlns:w="{NS}">w:Client</faultcode></soap:Fault>')
    assert "QName" in mismatch(expected, wrong).expected
    value = "<soap:Fault><soap:Code><soap:Value>{}:Sender</soap:Value></soap:Code></soap:Fault>"
    match_envelopes(
        env(value.format("soap"), ns=S12),
        env(value.format("a").replace("soap:", "a:"), "a", S12),
        {},
    )


def test_placeholders() -> None:
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    expected = env(
        "<tns:R><tns:Id>{{=id}}</tns:Id><tns:Any>{{*}}</tns:Any><tns:N>{{re:[0-9]{3}}}</tns:N>"
        "<tns:On>{{today}}</tns:On><tns:Again>{{id}}</tns:Again></tns:R>"
    )
    variables: dict[str, str] = {}
    actual = "<tns:R><tns:Id>SO-1</tns:Id><tns:Any>?</tns:Any><tns:N>123</tns:N><tns:On>{}</tns:On><tns:Again>{}</tns:Again></tns:R>"
    match_envelopes(expected, env(actual.format(today, "SO-1")), variables)
    assert variables == {"id": "SO-1"}
    assert mismatch(expected, env(actual.format(today, "SO-2"))).path == "Body/R[1]/Again[5]"
    assert "today" in mismatch(expected, env(actual.format("2011-03-01", "SO-1"))).expected
    bad_re = actual.replace("<tns:N>123<", "<tns:N>1234<").format(today, "SO-1")
    assert "/[0-9]{3}/" in mismatch(expected, env(bad_re)).expected
    unknown = env("<tns:R>{{never}}</tns:R>")
    assert "no earlier step" in mismatch(unknown, env("<tns:R>x</tns:R>")).expected


def test_not_an_envelope_is_a_mismatch() -> None:
    assert "not XML" in mismatch(env("<tns:R/>"), b"<html>oops").actual
    assert mismatch(env("<tns:R/>"), b"<html/>").actual == "element html"


def test_request_placeholders_remembered_values_and_a_fresh_digest() -> None:
    template = (
        "<P>{{wsse:digest:Winter2011!&amp;}}</P><N>{{wsse:nonce}}</N><C>{{wsse:created}}</C>"
        "<Id>{{order_id}}</Id>"
    )
    first = fill_request(template, {"order_id": "SO-00004711"})
    found = re.fullmatch(r"<P>(.+)</P><N>(.+)</N><C>(.+)</C><Id>SO-00004711</Id>", first)
    assert found is not None
    digest, nonce, created = found.groups()
    assert len(base64.b64decode(nonce)) == 16
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created)
    # The password as the XML file means it: `&amp;` is `&`.
    sha1 = hashlib.sha1(base64.b64decode(nonce) + created.encode() + b"Winter2011!&")
    assert digest == base64.b64encode(sha1.digest()).decode()
    again = re.search(r"<N>(.+)</N>", fill_request(template, {"order_id": "x"}))
    assert again is not None and again.group(1) != nonce  # a fresh nonce for every request
    with pytest.raises(Mismatch):
        fill_request(template, {})


def test_a_step_path_is_resolved_on_the_urls_scheme_host_and_port() -> None:
    url = "https://edge.example:8443/v2/OrderService.asmx?x=1"
    assert step_url(url, None) == url
    assert step_url(url, "/OrderService.asmx") == "https://edge.example:8443/OrderService.asmx"
