"""Fuzzing the edge's request handling (hypothesis, fixed budget): every answer is a SOAP
envelope, quickly, with no stack trace, whatever bytes arrive."""

from __future__ import annotations

import os

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.system import ROOT, System

SEEDS = [
    p.read_bytes()
    for p in sorted((ROOT / "contract_fixtures" / "2011-03" / "exchanges").glob("*/*-request.xml"))
]
CONTENT_TYPES = [
    "text/xml; charset=utf-8",
    "application/soap+xml; charset=utf-8",
    "text/xml",
    "application/json",
    "",
    'application/soap+xml; action="http://legacy.example.com/OrderService/2011/03/GetOrder"',
]
ENVELOPES = ("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)).replace(b"{{order_id}}", b"SO-00004711"))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete", "duplicate"]))
        at = draw(st.integers(0, len(data)))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b"&x;",
                        b"]]>",
                        b"<!DOCTYPE a>",
                        b"<?pi?>",
                        b"<a>",
                        b"</a>",
                        b"\x00",
                        b"\xff\xfe",
                        b"xsi:nil='true'",
                        b'"',
                    ]
                )
            )
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(body=mutated(), content_type=st.sampled_from(CONTENT_TYPES))
def test_fuzzed_requests_get_envelopes(system: System, body: bytes, content_type: str) -> None:
    # Whatever arrives, the edge answers: the client's timeout must not fire.
    response = requests.post(
        system.soap_url, data=body, headers={"Content-Type": content_type}, timeout=10
    )
    assert response.status_code in (200, 400, 500), response.status_code
    root = etree.fromstring(response.content)
    assert etree.QName(root).namespace in ENVELOPES and etree.QName(root).localname == "Envelope"
    assert b"Traceback" not in response.content
    if response.status_code != 200:
        assert b"Fault" in response.content
