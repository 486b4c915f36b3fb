"""Generated requests (hypothesis): what a SOAP client sends is what the REST core stores, and
what it reads back is what it sent, on both bindings."""

from __future__ import annotations

import datetime
import decimal
from xml.sax.saxutils import escape

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mappings import _codecs
from soap_adapter import SchemaModel, Writer, load_contract
from tests import soap_requests as soap
from tests.system import OPERATOR, WSDL, System, contract_schema

SKUS = ["PAP-A4-500", "PAP-A3-500", "TON-HP-305A", "PEN-BLU-50", "DSK-STD-160", "CAB-USB-C2"]
PRICES = {
    "PAP-A4-500": "4.95",
    "PAP-A3-500": "9.80",
    "TON-HP-305A": "64.90",
    "PEN-BLU-50": "12.25",
    "DSK-STD-160": "289.00",
    "CAB-USB-C2": "8.49",
}
NS = {"t": soap.T, "tns": soap.TNS}
# Any character XML 1.0 can carry; CR is left out because XML parsers turn it into LF.
XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00").filter(
        lambda c: (
            c in "\t\n"
            or (" " <= c <= "\ud7ff")
            or ("\ue000" <= c <= "\ufffd")
            or c >= "\U00010000"
        )
    ),
    max_size=300,
)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
VERSIONS = st.sampled_from(["1.1", "1.2"])


def call(system: System, body: str, version: str) -> etree._Element:
    response = soap.post(
        system.soap_url,
        soap.envelope(body, version=version, headers=soap.text_token(*OPERATOR)),
        version=version,
    )
    assert response.status_code == 200, response.text[:500]
    system.assert_schema_valid(response.content)
    return etree.fromstring(response.content)


@SETTINGS
@given(
    version=VERSIONS,
    notes=st.one_of(st.none(), XML_TEXT),
    reference=st.one_of(
        st.none(),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=40),
    ),
    lines=st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 3)), min_size=1, max_size=12),
)
def test_create_order_round_trip(
    system: System,
    version: str,
    notes: str | None,
    reference: str | None,
    lines: list[tuple[str, int]],
) -> None:
    body = (
        "<tns:CreateOrder><tns:CustomerId>C-000102</tns:CustomerId><tns:Currency>EUR</tns:Currency><tns:Lines>"
        + "".join(
            f"<t:NewOrderLine><t:Sku>{s}</t:Sku><t:Quantity>{q}</t:Quantity></t:NewOrderLine>"
            for s, q in lines
        )
        + "</tns:Lines>"
        + ("" if notes is None else f"<tns:Notes>{escape(notes)}</tns:Notes>")
        + (
            ""
            if reference is None
            else f"<tns:ClientReference>{reference}-{version}</tns:ClientReference>"
        )
        + "</tns:CreateOrder>"
    )
    system.reset()
    confirmation = call(system, body, version)
    order_id = confirmation.findtext(".//t:OrderId", namespaces=NS)
    expected_total = sum(decimal.Decimal(PRICES[s]) * q for s, q in lines)
    assert confirmation.findtext(".//t:TotalAmount", namespaces=NS) == f"{expected_total:.2f}"

    stored = requests.get(
        f"{system.rest_url}/v1/orders/{_codecs.ORDER_ID.to_rest(order_id)}",
        auth=OPERATOR,
        timeout=10,
    ).json()
    assert stored["notes"] == notes
    assert [(line["sku"], line["quantity"]) for line in stored["lines"]] == lines

    read = call(
        system, f"<tns:GetOrder><tns:OrderId>{order_id}</tns:OrderId></tns:GetOrder>", version
    )
    notes_element = read.find(".//t:Notes", namespaces=NS)
    if notes is None:
        assert notes_element.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
    else:
        assert (notes_element.text or "") == notes
    assert [
        (line.findtext("t:Sku", namespaces=NS), int(line.findtext("t:Quantity", namespaces=NS)))
        for line in read.iterfind(".//t:OrderLine", namespaces=NS)
    ] == lines


@SETTINGS
@given(
    version=VERSIONS,
    start=st.dates(datetime.date(2010, 12, 25), datetime.date(2011, 1, 8))
    | st.dates(datetime.date(2011, 2, 25), datetime.date(2011, 3, 8)),
    days=st.integers(0, 40),
    status=st.one_of(st.none(), st.sampled_from(["New", "Confirmed", "Shipped", "Cancelled"])),
    customer=st.sampled_from(["C-000101", "C-000103", "C-000106"]),
)
def test_list_orders_dates_round_trip(
    system: System, version: str, start: datetime.date, days: int, status: str | None, customer: str
) -> None:
    end = start + datetime.timedelta(days=days)
    body = (
        f"<tns:ListOrders><tns:CustomerId>{customer}</tns:CustomerId><tns:FromDate>{start}</tns:FromDate>"
        f"<tns:ToDate>{end}</tns:ToDate>{'' if status is None else f'<tns:Status>{status}</tns:Status>'}</tns:ListOrders>"
    )
    result = call(system, body, version)
    params = {"from_date": str(start), "to_date": str(end)} | (
        {} if status is None else {"status": status.lower()}
    )
    direct = requests.get(
        f"{system.rest_url}/v1/customers/{int(customer[2:])}/orders",
        params=params,
        auth=OPERATOR,
        timeout=10,
    ).json()
    assert [e.text for e in result.iterfind(".//t:Order/t:OrderId", namespaces=NS)] == [
        _codecs.ORDER_ID.to_soap(o["id"]) for o in direct["items"]
    ]
    for date in result.iterfind(".//t:OrderDate", namespaces=NS):
        assert str(start) <= date.text <= str(end)


CONTRACT = load_contract(WSDL)
MODEL = SchemaModel(CONTRACT.model)
MONEY = st.decimals(
    min_value=decimal.Decimal("-9999999999999999.99"),
    max_value=decimal.Decimal("9999999999999999.99"),
    places=2,
)


@settings(max_examples=300, deadline=None)
@given(amount=MONEY)
def test_money_always_goes_out_with_two_decimals(amount: decimal.Decimal) -> None:
    """The money codec and the edge's writer, in process: 16 integer digits, any sign."""
    address = {"Street": "s", "City": "c", "PostalCode": "p", "CountryCode": "NL"}
    result = {
        "CustomerId": "C-000101",
        "Name": "n",
        "Status": "Active",
        "CreditLimit": decimal.Decimal("0"),
        "Balance": _codecs.MONEY.to_soap({"amount": str(amount), "currency": "EUR"}),
        "BillingAddress": address,
        "CreatedAt": datetime.datetime(2011, 1, 1, tzinfo=datetime.UTC),
    }
    response = MODEL.element(etree.QName(soap.TNS, "GetCustomerResponse"))
    element = Writer().element(
        response, f"{{{soap.TNS}}}GetCustomerResponse", {"GetCustomerResult": result}, "test"
    )
    assert element.findtext(f".//{{{soap.T}}}Balance") == f"{amount:.2f}"
    assert element.findtext(f".//{{{soap.T}}}CreditLimit") == "0.00"
    assert contract_schema().validate(element), contract_schema().error_log
