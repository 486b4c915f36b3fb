"""ClientReference is any text XML carries, kept exactly, one key for both releases (issue 8
item 5): it travels in the JSON body as client_reference, never in an HTTP header."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from lxml import etree

import mappings
from tests import soap_requests as soap
from tests.system import OPERATOR, System

V2011 = mappings.release("2011-03").release
V2026 = mappings.release("2026-12").release
T2026 = "http://legacy.example.com/schemas/Orders/2026/12"
TNS2026 = "http://legacy.example.com/OrderService/2026/12"
# Texts an HTTP header cannot carry as they are, each a valid xs:string.
REFERENCES = ["rt-日本", "Ω", "po\r\n42", "po\n42", "po\t42", "po 42"]


def xml_text(value: str) -> str:
    """As an XML writer sends it: CR and TAB as character references, so they survive parsing."""
    return escape(value).replace("\r", "&#13;").replace("\t", "&#9;")


def create_2011(system: System, reference: str) -> etree._Element:
    body = (
        "<tns:CreateOrder><tns:CustomerId>C-000107</tns:CustomerId><tns:Currency>EUR</tns:Currency>"
        "<tns:Lines><t:NewOrderLine><t:Sku>PEN-BLU-50</t:Sku><t:Quantity>1</t:Quantity>"
        "</t:NewOrderLine></tns:Lines>"
        f"<tns:ClientReference>{xml_text(reference)}</tns:ClientReference></tns:CreateOrder>"
    )
    response = soap.post(system.url(V2011), soap.envelope(body, headers=soap.text_token(*OPERATOR)))
    system.assert_schema_valid(response.content, system.url(V2011))
    return etree.fromstring(response.content)


def get_order_2026(system: System, order_id: str) -> etree._Element:
    body = soap.envelope(
        f'<v:GetOrder xmlns:v="{TNS2026}"><v:OrderId>{order_id}</v:OrderId></v:GetOrder>',
        headers=soap.text_token(*OPERATOR),
    )
    response = soap.post(system.url(V2026), body)
    assert response.status_code == 200, response.text
    system.assert_schema_valid(response.content, system.url(V2026))
    return etree.fromstring(response.content)


def test_any_xml_text_is_a_reference_kept_exactly(system: System) -> None:
    system.reset()
    orders = {}
    for reference in REFERENCES:
        first = create_2011(system, reference)
        order_id = first.findtext(".//{*}OrderId")
        assert order_id, etree.tostring(first)
        again = create_2011(system, reference)
        assert again.findtext(".//{*}OrderId") == order_id, reference
        seen = get_order_2026(system, order_id)
        assert seen.findtext(f".//{{{T2026}}}ClientReference") == reference
        orders[reference] = order_id
    # References that differ only in such characters are different orders.
    assert len(set(orders.values())) == len(REFERENCES)


@pytest.mark.parametrize("length", [201, 1000])
def test_a_reference_over_the_rest_core_limit_is_named_client_reference(
    system: System, length: int
) -> None:
    fault = create_2011(system, "r" * length)
    errors = [
        (e.findtext("{*}Field"), e.findtext("{*}Code"), e.findtext("{*}Message"))
        for e in fault.iter("{*}ValidationError")
    ]
    assert errors == [
        ("ClientReference", "TooLong", "ClientReference must be at most 200 characters.")
    ]
    assert fault.findtext(".//faultstring") == "The request is not valid."
