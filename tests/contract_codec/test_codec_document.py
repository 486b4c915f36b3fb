"""The codec on document/literal operations built by hand: every XSD construct read into the
value convention and written back, compared as canonical XML."""

from __future__ import annotations

import datetime
import decimal

import pytest
from lxml import etree

from soap_adapter.contract import Any, ComplexType, SimpleType
from soap_adapter.contract._codec import (
    read_fault_detail,
    read_request,
    read_response,
    write_fault_detail,
    write_headers,
    write_request,
    write_response,
)
from soap_adapter.exceptions import MalformedRequest, MappingError
from tests.contract_codec._models import (
    OTHER,
    TNS,
    XSI_TYPE,
    attr,
    body,
    builtin,
    canon,
    choice,
    complex_,
    document,
    el,
    extend,
    header,
    q,
    seq,
)

MONEY = ComplexType(
    q("Money"), simple_content=builtin("decimal"), attributes=[attr("currency", required=True)]
)
ADDRESS = complex_(
    q("Address"),
    el(q("Street"), "string"),
    el(q("City"), "string"),
    el(q("PostalCode"), "string", min_occurs=0),
)
LINE = complex_(q("Line"), el(q("Sku"), "string"), el(q("Quantity"), "int"), el(q("Price"), MONEY))
LINES = complex_(None, el(q("Line"), LINE, min_occurs=0, max_occurs=None))
ORDER = complex_(
    q("Order"),
    el(q("OrderId"), "string"),
    el(q("Placed"), "dateTime"),
    el(q("Total"), MONEY),
    el(q("Notes"), "string", nillable=True),
    el(q("Shipping"), ADDRESS, min_occurs=0),
    el(q("Lines"), LINES),
    el(q("Paid"), "boolean"),
    el(q("Scan"), "base64Binary", min_occurs=0),
    attributes=[attr("version", "int")],
)
GET_ORDER = el(q("GetOrder"), complex_(None, el(q("OrderId"), "string")), is_global=True)
GET_ORDER_RESPONSE = el(
    q("GetOrderResponse"), complex_(None, el(q("GetOrderResult"), ORDER)), is_global=True
)
NOT_FOUND = el(q("OrderNotFound"), complex_(None, el(q("OrderId"), "string")), is_global=True)
AUDIT = el(
    q("AuditHeader"),
    complex_(None, el(q("CorrelationId"), "string"), el(q("Attempt"), "int", min_occurs=0)),
    is_global=True,
)
GET = document(
    "GetOrder",
    GET_ORDER,
    GET_ORDER_RESPONSE,
    headers_in=(AUDIT,),
    headers_out=(AUDIT,),
    faults={"OrderNotFound": NOT_FOUND},
)

RESPONSE = """
<tns:GetOrderResponse>
  <tns:GetOrderResult version="3">
    <tns:OrderId>SO-00000001</tns:OrderId>
    <tns:Placed>2011-03-04T10:15:00+01:00</tns:Placed>
    <tns:Total currency="EUR">1250.40</tns:Total>
    <tns:Notes xsi:nil="true"/>
    <tns:Lines>
      <tns:Line><tns:Sku>A-1</tns:Sku><tns:Quantity>2</tns:Quantity>
        <tns:Price currency="EUR">12.50</tns:Price></tns:Line>
      <tns:Line><tns:Sku>B-2</tns:Sku><tns:Quantity>1</tns:Quantity>
        <tns:Price currency="EUR">1225.40</tns:Price></tns:Line>
    </tns:Lines>
    <tns:Paid>true</tns:Paid>
    <tns:Scan>aGVsbG8=</tns:Scan>
  </tns:GetOrderResult>
</tns:GetOrderResponse>
"""

VALUE = {
    "GetOrderResult": {
        "@version": 3,
        "OrderId": "SO-00000001",
        "Placed": datetime.datetime(
            2011, 3, 4, 10, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
        ),
        "Total": {"@currency": "EUR", "$": decimal.Decimal("1250.40")},
        "Notes": None,
        "Lines": {
            "Line": [
                {
                    "Sku": "A-1",
                    "Quantity": 2,
                    "Price": {"@currency": "EUR", "$": decimal.Decimal("12.50")},
                },
                {
                    "Sku": "B-2",
                    "Quantity": 1,
                    "Price": {"@currency": "EUR", "$": decimal.Decimal("1225.40")},
                },
            ]
        },
        "Paid": True,
        "Scan": b"hello",
    }
}


def _strip(xml: str) -> etree._Element:
    """`xml` in a Body, whitespace between elements removed (the writer indents nothing)."""
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.fromstring(etree.tostring(body(xml)), parser)


def test_a_wrapped_response_is_read_into_the_value_convention() -> None:
    assert read_response(GET, _strip(RESPONSE)) == VALUE


def test_a_wrapped_response_written_from_its_value_is_the_same_xml() -> None:
    (written,) = write_response(GET, VALUE)
    assert canon(written) == canon(_strip(RESPONSE)[0])


def test_elements_are_written_in_content_model_order_whatever_the_order_of_the_dict() -> None:
    shuffled = {"GetOrderResult": dict(reversed(list(VALUE["GetOrderResult"].items())))}
    (written,) = write_response(GET, shuffled)
    assert canon(written) == canon(_strip(RESPONSE)[0])


def test_the_request_object_of_a_wrapped_operation_is_the_wrapper_value() -> None:
    request = body("<tns:GetOrder><tns:OrderId>SO-1</tns:OrderId></tns:GetOrder>")
    assert read_request(GET, request) == {"OrderId": "SO-1"}
    (written,) = write_request(GET, {"OrderId": "SO-1"})
    assert canon(written) == canon(request[0])


def test_nil_is_written_for_none_on_a_nillable_element_and_an_absent_optional_is_left_out() -> None:
    (written,) = write_response(GET, VALUE)
    order = written[0]
    notes = order.find(q("Notes"))
    assert (
        notes is not None and notes.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
    )
    assert order.find(q("Shipping")) is None
    value = {"GetOrderResult": {**VALUE["GetOrderResult"], "Shipping": None}}
    (written,) = write_response(GET, value)
    assert written[0].find(q("Shipping")) is None  # None on an optional, not nillable: left out


def test_nil_on_an_element_that_is_not_nillable_is_refused() -> None:
    xml = RESPONSE.replace("<tns:Paid>true</tns:Paid>", '<tns:Paid xsi:nil="true"/>')
    with pytest.raises(MalformedRequest, match="Paid: xsi:nil on an element that is not nillable"):
        read_response(GET, _strip(xml))


def test_a_missing_required_element_is_refused_on_read_and_on_write() -> None:
    xml = RESPONSE.replace("<tns:Paid>true</tns:Paid>", "")
    with pytest.raises(MalformedRequest, match="Paid"):
        read_response(GET, _strip(xml))
    value = {"GetOrderResult": {k: v for k, v in VALUE["GetOrderResult"].items() if k != "Paid"}}
    with pytest.raises(MappingError, match="GetOrderResult/Paid: required"):
        write_response(GET, value)


def test_an_unknown_element_is_refused_on_read_and_on_write() -> None:
    xml = RESPONSE.replace("<tns:Paid>", "<tns:Colour>red</tns:Colour><tns:Paid>")
    with pytest.raises(MalformedRequest, match="GetOrderResult/Colour: unexpected element"):
        read_response(GET, _strip(xml))
    value = {"GetOrderResult": {**VALUE["GetOrderResult"], "Colour": "red"}}
    with pytest.raises(MappingError, match="has no element Colour"):
        write_response(GET, value)


def test_elements_out_of_order_are_refused() -> None:
    xml = RESPONSE.replace(
        "<tns:OrderId>SO-00000001</tns:OrderId>\n    <tns:Placed>2011-03-04T10:15:00+01:00</tns:Placed>",
        "<tns:Placed>2011-03-04T10:15:00+01:00</tns:Placed><tns:OrderId>SO-00000001</tns:OrderId>",
    )
    with pytest.raises(MalformedRequest, match="Placed"):
        read_response(GET, _strip(xml))


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("<tns:Quantity>2</tns:Quantity>", "<tns:Quantity>two</tns:Quantity>", "not an xs:int"),
        ("<tns:Quantity>2</tns:Quantity>", "<tns:Quantity>9999999999</tns:Quantity>", "range"),
        ("<tns:Paid>true</tns:Paid>", "<tns:Paid>yes</tns:Paid>", "not an xs:boolean"),
        ("1250.40</tns:Total>", "1.2E3</tns:Total>", "not an xs:decimal"),
        ("+01:00</tns:Placed>", "+01:00 tomorrow</tns:Placed>", "not an xs:dateTime"),
        ("aGVsbG8=", "not base64!", "base64Binary"),
        ('version="3"', 'version="three"', "@version: not an xs:int"),
    ],
)
def test_a_value_outside_the_lexical_space_of_its_type_is_refused(
    old: str, new: str, reason: str
) -> None:
    with pytest.raises(MalformedRequest, match=reason):
        read_response(GET, _strip(RESPONSE.replace(old, new, 1)))


def test_attributes_required_and_unknown() -> None:
    with pytest.raises(MalformedRequest, match="Total/@currency: required attribute missing"):
        read_response(GET, _strip(RESPONSE.replace('<tns:Total currency="EUR">', "<tns:Total>")))
    with pytest.raises(MalformedRequest, match="@colour: unexpected attribute"):
        read_response(GET, _strip(RESPONSE.replace('version="3"', 'version="3" colour="red"')))
    value = {"GetOrderResult": {**VALUE["GetOrderResult"], "@colour": "red"}}
    with pytest.raises(MappingError, match="has no attribute colour"):
        write_response(GET, value)


def test_money_keeps_its_scale_and_decimals_are_never_written_in_exponent_form() -> None:
    total = {"@currency": "EUR", "$": decimal.Decimal("1E+3")}
    value = {"GetOrderResult": {**VALUE["GetOrderResult"], "Total": total}}
    (written,) = write_response(GET, value)
    assert written[0].findtext(q("Total")) == "1000"
    total = {"@currency": "EUR", "$": "0.10"}  # a text in lexical form is kept as it is
    (written,) = write_response(
        GET, {"GetOrderResult": {**VALUE["GetOrderResult"], "Total": total}}
    )
    assert written[0].findtext(q("Total")) == "0.10"
    total = {"@currency": "EUR", "$": "ten"}
    with pytest.raises(MappingError, match="not an xs:decimal"):
        write_response(GET, {"GetOrderResult": {**VALUE["GetOrderResult"], "Total": total}})


def test_datetimes_keep_their_zone_and_naive_ones_are_written_without() -> None:
    placed = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    (written,) = write_response(
        GET, {"GetOrderResult": {**VALUE["GetOrderResult"], "Placed": placed}}
    )
    assert written[0].findtext(q("Placed")) == "2026-12-01T08:00:00Z"
    naive = datetime.datetime(2026, 12, 1, 8, 0, 0, 250000)
    (written,) = write_response(
        GET, {"GetOrderResult": {**VALUE["GetOrderResult"], "Placed": naive}}
    )
    assert written[0].findtext(q("Placed")) == "2026-12-01T08:00:00.250000"
    value = read_response(GET, body(etree.tostring(written).decode()))
    assert value["GetOrderResult"]["Placed"] == naive


def test_header_parts_are_read_under_header_and_written_back() -> None:
    request = body("<tns:GetOrder><tns:OrderId>SO-1</tns:OrderId></tns:GetOrder>")
    blocks = header(
        '<tns:AuditHeader soap:mustUnderstand="1" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        "<tns:CorrelationId>abc</tns:CorrelationId></tns:AuditHeader>"
    )
    value = read_request(GET, request, blocks)
    assert value == {"OrderId": "SO-1", "#header": {"h0": {"CorrelationId": "abc"}}}
    (written,) = write_request(GET, value)
    assert canon(written) == canon(request[0])  # "#header" is not body content
    (block,) = write_headers(GET, {"#header": {"h0": {"CorrelationId": "abc", "Attempt": 2}}})
    assert block.tag == q("AuditHeader")
    assert [c.text for c in block] == ["abc", "2"]
    assert read_request(GET, request) == {"OrderId": "SO-1"}  # no header sent: no "#header"


def test_a_fault_detail_is_written_and_read() -> None:
    detail = write_fault_detail(GET, "OrderNotFound", {"OrderId": "SO-9"})
    assert canon(detail) == canon(
        etree.fromstring(
            f'<a:OrderNotFound xmlns:a="{TNS}"><a:OrderId>SO-9</a:OrderId></a:OrderNotFound>'
        )
    )
    assert read_fault_detail(GET, "OrderNotFound", detail) == {"OrderId": "SO-9"}
    with pytest.raises(MappingError, match="no fault Nope"):
        write_fault_detail(GET, "Nope", {})


# ---- qualified and unqualified ------------------------------------------------------------------

UNQUALIFIED = el(
    q("Lookup"),
    complex_(None, el("code", "string"), el("region", "string", min_occurs=0)),
    is_global=True,
)
LOOKUP = document("Lookup", UNQUALIFIED, UNQUALIFIED)


def test_unqualified_local_elements_have_no_namespace_and_the_global_one_has_its_own() -> None:
    (written,) = write_request(LOOKUP, {"code": "x"})
    assert written.tag == q("Lookup") and written.prefix == "tns"
    assert [c.tag for c in written] == ["code"]
    assert etree.tostring(written).decode() == (
        f'<tns:Lookup xmlns:tns="{TNS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<code>x</code></tns:Lookup>"
    )
    with pytest.raises(MalformedRequest, match="unexpected element"):
        read_request(LOOKUP, body("<tns:Lookup><tns:code>x</tns:code></tns:Lookup>"))


# ---- derived types and xsi:type -----------------------------------------------------------------

SHAPE = complex_(q("Shape"), el(q("Name"), "string"), abstract=True)
CIRCLE = extend(SHAPE, q("Circle"), el(q("Radius"), "double"))
SQUARE = extend(SHAPE, q("Square"), el(q("Side"), "double"))
VEHICLE = complex_(q("Vehicle"), el(q("Wheels"), "int"))
CAR = extend(VEHICLE, q("Car"), el(q("Doors"), "int"))
DRAW = el(
    q("Draw"),
    complex_(None, el(q("Shape"), SHAPE, max_occurs=None), el(q("Vehicle"), VEHICLE, min_occurs=0)),
    is_global=True,
)
DRAW_OP = document("Draw", DRAW, DRAW)


def test_xsi_type_names_the_derived_type_read_and_written() -> None:
    xml = (
        '<tns:Draw><tns:Shape xsi:type="tns:Circle"><tns:Name>c</tns:Name><tns:Radius>1.5</tns:Radius></tns:Shape>'
        '<tns:Shape xsi:type="tns:Square"><tns:Name>s</tns:Name><tns:Side>2.0</tns:Side></tns:Shape>'
        '<tns:Vehicle xsi:type="tns:Car"><tns:Wheels>4</tns:Wheels><tns:Doors>5</tns:Doors></tns:Vehicle>'
        "</tns:Draw>"
    )
    request = body(xml)
    value = read_request(DRAW_OP, request)
    assert value == {
        "Shape": [
            {"@xsi:type": q("Circle"), "Name": "c", "Radius": 1.5},
            {"@xsi:type": q("Square"), "Name": "s", "Side": 2.0},
        ],
        "Vehicle": {"@xsi:type": q("Car"), "Wheels": 4, "Doors": 5},
    }
    (written,) = write_request(DRAW_OP, value)
    assert canon(written) == canon(request[0])


def test_an_abstract_declared_type_gets_the_derived_type_its_value_fits() -> None:
    (written,) = write_request(DRAW_OP, {"Shape": [{"Name": "s", "Side": 1.0}]})
    shape = written[0]
    assert shape.get(XSI_TYPE) == f"{shape.prefix}:Square"
    (written,) = write_request(
        DRAW_OP, {"Shape": [{"Name": "c", "Radius": 1.0}], "Vehicle": {"Wheels": 2}}
    )
    assert written[0].get(XSI_TYPE) is not None  # abstract: always named
    assert written[1].get(XSI_TYPE) is None  # the declared type itself: no xsi:type


def test_an_abstract_type_without_xsi_type_or_an_unrelated_xsi_type_is_refused() -> None:
    with pytest.raises(MappingError, match="abstract and no type derived from it"):
        write_request(DRAW_OP, {"Shape": [{"Name": "c"}]})  # neither Radius nor Side
    with pytest.raises(MalformedRequest, match="abstract"):
        read_request(
            DRAW_OP, body("<tns:Draw><tns:Shape><tns:Name>c</tns:Name></tns:Shape></tns:Draw>")
        )
    xml = '<tns:Draw><tns:Shape xsi:type="tns:Car"><tns:Name>c</tns:Name></tns:Shape></tns:Draw>'
    with pytest.raises(MalformedRequest, match="xsi:type Car is not a type derived from Shape"):
        read_request(DRAW_OP, body(xml))
    with pytest.raises(MappingError, match="xsi:type Car is not derived from Shape"):
        write_request(DRAW_OP, {"Shape": [{"@xsi:type": q("Car"), "Name": "c"}]})


# ---- choice, xs:any, substitution groups, lists and unions --------------------------------------

PAYMENT = el(
    q("Pay"),
    ComplexType(
        None,
        content=seq(
            choice(el(q("Card"), "string"), el(q("Iban"), "string")),
            Any(namespace="##other", process_contents="lax", min_occurs=0, max_occurs=None),
        ),
    ),
    is_global=True,
)
PAY = document("Pay", PAYMENT, PAYMENT)


def test_a_choice_takes_one_of_its_alternatives() -> None:
    assert read_request(PAY, body("<tns:Pay><tns:Iban>DE02</tns:Iban></tns:Pay>")) == {
        "Iban": "DE02"
    }
    (written,) = write_request(PAY, {"Card": "4111"})
    assert [c.tag for c in written] == [q("Card")]
    with pytest.raises(MalformedRequest, match="Iban"):
        read_request(PAY, body("<tns:Pay><tns:Card>1</tns:Card><tns:Iban>2</tns:Iban></tns:Pay>"))
    with pytest.raises(MappingError, match="one of Card, Iban is required"):
        write_request(PAY, {})


def test_xs_any_content_passes_through_as_elements() -> None:
    xml = (
        '<tns:Pay><tns:Card>1</tns:Card><c:Extra a="1"><c:Deep>x</c:Deep></c:Extra>'
        "<c:More/></tns:Pay>"
    )
    request = body(xml)
    value = read_request(PAY, request)
    assert [e.tag for e in value["##any"]] == [f"{{{OTHER}}}Extra", f"{{{OTHER}}}More"]
    (written,) = write_request(PAY, value)
    assert canon(written) == canon(request[0])
    with pytest.raises(MalformedRequest, match="unexpected element"):
        read_request(PAY, body("<tns:Pay><tns:Card>1</tns:Card><Local/></tns:Pay>"))  # ##other


PARTY_HEAD = el(
    q("Party"), complex_(q("PartyType"), el(q("Name"), "string")), abstract=True, is_global=True
)
PERSON = el(
    q("Person"), extend(PARTY_HEAD.type, q("PersonType"), el(q("Born"), "date")), is_global=True
)  # type: ignore[arg-type]
COMPANY = el(q("Company"), PARTY_HEAD.type, is_global=True)
PARTY_HEAD.substitutes = (PERSON, COMPANY)
PARTIES = el(
    q("Parties"),
    complex_(
        None,
        el(
            q("Party"),
            PARTY_HEAD.type,
            abstract=True,
            substitutes=(PERSON, COMPANY),
            max_occurs=None,
        ),
    ),
    is_global=True,
)
PARTIES_OP = document("Parties", PARTIES, PARTIES)


def test_substitution_group_members_stand_for_their_head() -> None:
    xml = (
        "<tns:Parties><tns:Person><tns:Name>Ada</tns:Name><tns:Born>1815-12-10</tns:Born></tns:Person>"
        "<tns:Company><tns:Name>ACME</tns:Name></tns:Company></tns:Parties>"
    )
    request = body(xml)
    value = read_request(PARTIES_OP, request)
    assert value == {
        "Person": [{"Name": "Ada", "Born": datetime.date(1815, 12, 10)}],
        "Company": [{"Name": "ACME"}],
    }
    (written,) = write_request(PARTIES_OP, value)
    assert canon(written) == canon(request[0])
    with pytest.raises(MalformedRequest, match="Party"):  # the abstract head itself may not appear
        read_request(
            PARTIES_OP,
            body("<tns:Parties><tns:Party><tns:Name>x</tns:Name></tns:Party></tns:Parties>"),
        )


SIZES = SimpleType(q("Sizes"), "int", variety="list", item=builtin("int"))
SIZE_OR_NAME = SimpleType(
    q("SizeOrName"),
    "anySimpleType",
    variety="union",
    members=(builtin("int"), SimpleType(None, "token", enumeration=("small", "large"))),
)
KINDS = el(
    q("Kinds"),
    complex_(
        None,
        el(q("Sizes"), SIZES),
        el(q("Size"), SIZE_OR_NAME, max_occurs=None),
        el(q("Code"), "QName"),
    ),
    is_global=True,
)
KINDS_OP = document("Kinds", KINDS, KINDS)


def test_lists_unions_and_qnames() -> None:
    xml = (
        "<tns:Kinds><tns:Sizes>1 2  3</tns:Sizes><tns:Size>7</tns:Size><tns:Size>large</tns:Size>"
        "<tns:Code>c:Thing</tns:Code></tns:Kinds>"
    )
    value = read_request(KINDS_OP, body(xml))
    assert value == {"Sizes": [1, 2, 3], "Size": [7, "large"], "Code": f"{{{OTHER}}}Thing"}
    (written,) = write_request(KINDS_OP, value)
    assert [c.text for c in written][:3] == ["1 2 3", "7", "large"]
    code = written[3]
    prefix, _, local = (code.text or "").partition(":")
    assert local == "Thing" and code.nsmap[prefix] == OTHER
    with pytest.raises(MalformedRequest, match="member of the union"):
        read_request(KINDS_OP, body(xml.replace(">large<", ">huge<")))


@pytest.mark.parametrize(
    ("type_", "text", "value", "written"),
    [
        ("decimal", " 012.3400 ", decimal.Decimal("12.3400"), "12.3400"),
        ("decimal", "-.5", decimal.Decimal("-0.5"), "-0.5"),
        ("float", "1E3", 1000.0, "1000.0"),
        ("double", "-INF", float("-inf"), "-INF"),
        ("boolean", "0", False, "false"),
        ("long", "-9223372036854775808", -(2**63), "-9223372036854775808"),
        ("unsignedByte", "255", 255, "255"),
        ("date", "2026-02-28", datetime.date(2026, 2, 28), "2026-02-28"),
        (
            "time",
            "23:59:59.5Z",
            datetime.time(23, 59, 59, 500000, tzinfo=datetime.UTC),
            "23:59:59.500000Z",
        ),
        (
            "dateTime",
            "2026-01-01T24:00:00Z",
            datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
            "2026-01-02T00:00:00Z",
        ),
        ("hexBinary", "0fA0", b"\x0f\xa0", "0FA0"),
        ("base64Binary", "AAEC\n/w==", b"\x00\x01\x02\xff", "AAEC/w=="),
        ("token", "  a   b ", "a b", "a b"),
        ("string", "  a   b ", "  a   b ", "  a   b "),
        ("duration", "P1Y2M3DT4H", "P1Y2M3DT4H", "P1Y2M3DT4H"),
        ("gYear", "2026", "2026", "2026"),
        ("anyURI", "http://x/y", "http://x/y", "http://x/y"),
    ],
)
def test_every_builtin_reads_and_writes_its_lexical_form(
    type_: str, text: str, value: object, written: str
) -> None:
    element = el(q("V"), complex_(None, el(q("X"), type_)), is_global=True)
    op = document("V", element, element)
    read = read_request(op, body(f"<tns:V><tns:X>{text}</tns:X></tns:V>"))
    assert read == {"X": value}
    (out,) = write_request(op, read)
    assert out[0].text == written


def test_a_bare_operation_reads_its_element_and_several_parts_by_element_name() -> None:
    quote = el(q("Symbol"), "string", is_global=True)
    price = el(q("Price"), "decimal", is_global=True)
    op = document("Quote", quote, price)
    assert read_request(op, body("<tns:Symbol>IBM</tns:Symbol>")) == "IBM"
    (written,) = write_response(op, decimal.Decimal("10.50"))
    assert written.tag == q("Price") and written.text == "10.50"
    op.input.parts.append(type(op.input.parts[0])("extra", element=price))
    assert read_request(op, body("<tns:Symbol>IBM</tns:Symbol><tns:Price>1</tns:Price>")) == {
        "Symbol": "IBM",
        "Price": decimal.Decimal("1"),
    }
    with pytest.raises(MalformedRequest, match="Price: required body element missing"):
        read_request(op, body("<tns:Symbol>IBM</tns:Symbol>"))


def test_repeated_sequence_groups_keep_their_rhythm() -> None:
    pairs = el(
        q("Pairs"),
        ComplexType(
            None, content=seq(seq(el(q("K"), "string"), el(q("V"), "int"), max_occurs=None))
        ),
        is_global=True,
    )
    op = document("Pairs", pairs, pairs)
    request = body(
        "<tns:Pairs><tns:K>a</tns:K><tns:V>1</tns:V><tns:K>b</tns:K><tns:V>2</tns:V></tns:Pairs>"
    )
    value = read_request(op, request)
    assert value == {"K": ["a", "b"], "V": [1, 2]}
    (written,) = write_request(op, value)
    assert canon(written) == canon(request[0])


def test_an_element_with_a_default_reads_the_default_when_empty() -> None:
    element = el(
        q("D"), complex_(None, el(q("X"), "int", default="5"), el(q("Y"), "string")), is_global=True
    )
    op = document("D", element, element)
    assert read_request(op, body("<tns:D><tns:X/><tns:Y/></tns:D>")) == {"X": 5, "Y": ""}


def test_a_required_nillable_element_without_a_value_is_written_as_nil() -> None:
    value = {"GetOrderResult": {k: v for k, v in VALUE["GetOrderResult"].items() if k != "Notes"}}
    (written,) = write_response(GET, value)
    notes = written[0].find(q("Notes"))
    assert (
        notes is not None and notes.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
    )


CODE = SimpleType(q("Code"), "string", facets={"pattern": r"C-[0-9]+", "maxLength": "8"})
AMOUNT = SimpleType(
    q("Amount"),
    "decimal",
    facets={"minInclusive": "0", "maxExclusive": "1000", "totalDigits": "5", "fractionDigits": "2"},
)
NAMES = SimpleType(
    q("Names"), "string", variety="list", item=builtin("string"), facets={"maxLength": "2"}
)
FACETED = el(
    q("F"),
    complex_(None, el(q("Code"), CODE), el(q("Amount"), AMOUNT), el(q("Names"), NAMES)),
    is_global=True,
)
FACETS = document("F", FACETED, FACETED)


@pytest.mark.parametrize(
    ("code", "amount", "names", "reason"),
    [
        ("X-12345", "1.00", "a", "does not match the pattern of Code"),
        ("C-1234567", "1.00", "a", "longer than 8"),
        ("C-123456", "-0.01", "a", "less than 0"),
        ("C-123456", "1000", "a", "not less than 1000"),
        ("C-123456", "1.001", "a", "more than 2 fraction digits"),
        ("C-123456", "1.00", "a b c", "longer than 2"),
    ],
)
def test_facets_of_a_restriction_are_checked_on_read_and_write(
    code: str, amount: str, names: str, reason: str
) -> None:
    xml = f"<tns:F><tns:Code>{code}</tns:Code><tns:Amount>{amount}</tns:Amount><tns:Names>{names}</tns:Names></tns:F>"
    with pytest.raises(MalformedRequest, match=reason):
        read_request(FACETS, body(xml))
    value = {"Code": code, "Amount": decimal.Decimal(amount), "Names": names.split()}
    with pytest.raises(MappingError, match=reason):
        write_request(FACETS, value)


def test_values_within_their_facets_pass() -> None:
    xml = "<tns:F><tns:Code>C-123456</tns:Code><tns:Amount>999.90</tns:Amount><tns:Names>a b</tns:Names></tns:F>"
    value = read_request(FACETS, body(xml))
    assert value == {"Code": "C-123456", "Amount": decimal.Decimal("999.90"), "Names": ["a", "b"]}
    (written,) = write_request(FACETS, value)
    assert [c.text for c in written] == ["C-123456", "999.90", "a b"]


def test_a_single_wildcard_takes_its_element_from_the_any_list() -> None:
    reserved = el(
        q("R"),
        ComplexType(None, content=seq(Any(namespace="##any", process_contents="lax"))),
        is_global=True,
    )
    op = document("R", reserved, reserved)
    request = body('<tns:R><c:X xmlns:c="urn:c">1</c:X></tns:R>')
    value = read_request(op, request)
    assert [e.tag for e in value["##any"]] == ["{urn:c}X"]
    (written,) = write_request(op, value)
    assert canon(written) == canon(request[0])
    with pytest.raises(MappingError, match="xs:any"):
        write_request(op, {})


def test_a_request_nested_as_deep_as_the_parser_allows_is_a_client_fault() -> None:
    node = ComplexType(q("Node"))
    node.content = seq(el(q("N"), node, min_occurs=0))
    root = el(q("Root"), node, is_global=True)
    op = document("Nest", root, root)
    depth = 250  # the XML parser refuses 256 levels and more
    request = body("<tns:Root>" + "<tns:N>" * depth + "</tns:N>" * depth + "</tns:Root>")
    try:  # read, or refused as the caller's fault: never a RecursionError (a Server fault)
        value = read_request(op, request)
    except MalformedRequest as exc:
        assert "nested too deeply" in str(exc)
    else:
        assert str(value).count("'N'") == depth
    assert read_request(op, body("<tns:Root><tns:N><tns:N/></tns:N></tns:Root>")) == {
        "N": {"N": {}}
    }


def test_a_required_repeated_element_with_an_empty_list_is_refused() -> None:
    element = el(q("L"), complex_(None, el(q("Item"), "string", max_occurs=None)), is_global=True)
    op = document("L", element, element)
    with pytest.raises(MappingError, match="L/Item: required"):
        write_request(op, {"Item": []})
    (written,) = write_request(op, {"Item": ["a", "b"]})
    assert [c.text for c in written] == ["a", "b"]
