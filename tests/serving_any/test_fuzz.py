"""Fuzzing contracts served by the dispatcher (hypothesis, fixed budget): whatever bytes arrive
for the calculator (document/literal) and JIRA (rpc/encoded, Axis multiRefs), the answer is a
SOAP envelope, quickly, and a Server fault only in the generic wording, never a stack trace."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.edge.test_fuzz import CONTENT_TYPES, ENVELOPES
from tests.serving_any.conftest import CALCULATOR, HERE, JIRA
from tests.serving_any.test_calculator import GENERIC, envelope, fault
from tests.serving_any.test_rpc_encoded import _axis, _get_comments

SEEDS = [
    envelope("<t:Add><t:intA>2</t:intA><t:intB>3</t:intB></t:Add>").encode(),
    envelope("<t:Divide><t:intA>7</t:intA><t:intB>2</t:intB></t:Divide>", "1.2").encode(),
    _axis(_get_comments("JRA-1")),
]
INSERTS = [
    b"<",
    b">",
    b"&",
    b"]]>",
    b"<!DOCTYPE a>",
    b"<a>",
    b"</a>",
    b"\x00",
    b"\xff\xfe",
    b" xsi:nil='true'",
    b' href="#id0"',
    b' id="id0"',
    b"<in1 href='#id0'/>",
    b'"',
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[int, bytes]:
    index = draw(st.integers(0, len(SEEDS) - 1))
    data = bytearray(SEEDS[index])
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete", "duplicate"]))
        at = draw(st.integers(0, len(data)))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return index, bytes(data)


@pytest.fixture(scope="module")
def urls(edge_for: Callable[..., str]) -> list[str]:
    calculator = edge_for(CALCULATOR, HERE / "calculator") + "/calculator.asmx"
    jira = edge_for(JIRA, HERE / "jira") + "/rpc/soap/jirasoapservice-v2"
    return [calculator, calculator, jira]


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(case=mutated(), content_type=st.sampled_from(CONTENT_TYPES))
def test_fuzzed_requests_get_envelopes(
    urls: list[str], case: tuple[int, bytes], content_type: str
) -> None:
    index, body = case
    response = requests.post(
        urls[index], data=body, headers={"Content-Type": content_type}, timeout=10
    )
    assert response.status_code in (200, 400, 500), response.status_code
    root = etree.fromstring(response.content)
    assert etree.QName(root).namespace in ENVELOPES and etree.QName(root).localname == "Envelope"
    assert b"Traceback" not in response.content
    if response.status_code != 200:
        code, text = fault(response)
        if code in ("soap:Server", "soap:Receiver"):
            assert text == GENERIC
