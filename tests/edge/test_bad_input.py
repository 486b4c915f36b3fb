"""Bad input gets a quick, well-formed Client/Sender fault, leaks nothing, and changes nothing."""

from __future__ import annotations

import pytest
import requests

from tests import soap_requests as soap
from tests.system import OPERATOR, System

HEADERS = soap.text_token(*OPERATOR)
GET = "<tns:GetCustomer><tns:CustomerId>C-000101</tns:CustomerId></tns:GetCustomer>"
LINES = "<tns:Lines><t:NewOrderLine><t:Sku>PAP-A4-500</t:Sku><t:Quantity>{q}</t:Quantity></t:NewOrderLine></tns:Lines>"


def create(quantity: str = "1", currency: str = "EUR", extra: str = "") -> str:
    return (
        f"<tns:CreateOrder><tns:CustomerId>C-000107</tns:CustomerId><tns:Currency>{currency}</tns:Currency>"
        f"{LINES.format(q=quantity)}{extra}</tns:CreateOrder>"
    )


XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&x;</soap:Body></soap:Envelope>"""
XXE_NETWORK = XXE_FILE.replace(b"file:///etc/passwd", b"http://127.0.0.1:9/x")
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE e [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>"""
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
    )
    + b']><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&j;</soap:Body></soap:Envelope>'
)
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "' + b"x" * 50_000 + b'">]>'
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    + b"&a;" * 2_000
    + b"</soap:Body></soap:Envelope>"
)
DEEP = (
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    + b"<a>" * 10_000
    + b"</a>" * 10_000
    + b"</soap:Body></soap:Envelope>"
)

CASES = {
    "not well-formed": b"<soap:Envelope",
    "empty": b"",
    "truncated": soap.envelope(GET, headers=HEADERS)[:-40],
    "not an envelope": b"<order><id>1</id></order>",
    "soap 1.2 envelope as 1.1": soap.envelope(GET, version="1.2", headers=HEADERS),
    "unknown operation": soap.envelope("<tns:DeleteEverything/>", headers=HEADERS),
    "two body elements": soap.envelope(GET + GET, headers=HEADERS),
    "bad pattern": soap.envelope(GET.replace("C-000101", "C-1"), headers=HEADERS),
    "bad enumeration": soap.envelope(
        "<tns:SearchCustomers><tns:Status>Dormant</tns:Status><tns:PageNumber>1</tns:PageNumber>"
        "<tns:PageSize>5</tns:PageSize></tns:SearchCustomers>",
        headers=HEADERS,
    ),
    "letters in an int": soap.envelope(create(quantity="two"), headers=HEADERS),
    "a fraction in an int": soap.envelope(create(quantity="1.5"), headers=HEADERS),
    "impossible date": soap.envelope(
        "<tns:ListOrders><tns:CustomerId>C-000101</tns:CustomerId><tns:FromDate>2011-02-30</tns:FromDate>"
        "</tns:ListOrders>",
        headers=HEADERS,
    ),
    "xxe file": XXE_FILE,
    "xxe network": XXE_NETWORK,
    "parameter entity": PARAMETER_ENTITY,
    "billion laughs": BILLION_LAUGHS,
    "quadratic blow-up": QUADRATIC,
    "ten thousand levels": DEEP,
    "invalid utf-8": soap.envelope(GET.replace("C-000101", "C-00010\xff"), headers=HEADERS).replace(
        "C-00010\xff".encode(), b"C-00010\xff"
    ),
    "missing element": soap.envelope(
        "<tns:CreateOrder><tns:CustomerId>C-000107</tns:CustomerId></tns:CreateOrder>",
        headers=HEADERS,
    ),
}


def orders_of_107(system: System) -> list:
    response = requests.get(f"{system.rest_url}/v1/customers/107/orders", auth=OPERATOR, timeout=10)
    assert response.status_code == 200
    return response.json()["items"]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_a_client_fault(system: System, name: str) -> None:
    before = orders_of_107(system)
    # The edge answers at once: no entity is expanded, no network fetched, nothing retried;
    # the client's timeout must not fire.
    response = soap.post(system.soap_url, CASES[name], action="", timeout=10)
    assert response.status_code == 500, response.text[:300]
    assert "<faultcode>soap:Client</faultcode>" in response.text, response.text[:300]
    assert "root:" not in response.text and "Traceback" not in response.text
    assert len(response.text) < 2000
    assert orders_of_107(system) == before


def test_bad_input_soap12_is_a_sender_fault(system: System) -> None:
    response = soap.post(
        system.soap_url, DEEP.replace(soap.SOAP11.encode(), soap.SOAP12.encode()), version="1.2"
    )
    assert response.status_code == 400
    assert "soap:Sender" in response.text


def test_soap11_content_type_with_a_12_envelope_and_the_reverse(system: System) -> None:
    as_12 = soap.post(
        system.soap_url, soap.envelope(GET, version="1.1", headers=HEADERS), version="1.2"
    )
    assert as_12.status_code == 400 and "soap:Sender" in as_12.text


def test_unsupported_content_type(system: System) -> None:
    response = requests.post(
        system.soap_url,
        data=soap.envelope(GET, headers=HEADERS),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 500 and "soap:Client" in response.text


def too_large(system: System) -> float:
    """Requests the edge refused as too large so far (summed over its workers)."""
    text = requests.get(system.soap_base + "/metrics", timeout=10).text
    prefix = (
        'soap_faults_total{contract="2011-03",fault_code="Client.TooLarge",operation="unknown"} '
    )
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(
    system: System, chunked: bool
) -> None:
    # 50 MB, far over the 1 MiB default limit.
    payload = soap.envelope(
        create(extra="<tns:Notes>" + "n" * (50 * 1024 * 1024) + "</tns:Notes>"), headers=HEADERS
    )

    def stream():
        for start in range(0, len(payload), 1 << 20):
            yield payload[start : start + (1 << 20)]

    before = orders_of_107(system)
    refused = too_large(system)
    try:
        response = requests.post(
            system.soap_url,
            data=stream() if chunked else payload,
            headers={"Content-Type": "text/xml; charset=utf-8"},
            timeout=30,
        )
        assert response.status_code == 500
        assert "soap:Client" in response.text and "larger than" in response.text
    except requests.ConnectionError:
        pass  # the edge may close the connection once it has refused the request
    assert too_large(system) == refused + 1
    assert orders_of_107(system) == before
