"""Request side (what clients send): widening is compatible, narrowing breaks."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.wsdl_diff._variants import XS, Comparer, Docs, Edit, Verdict, new_element, verdicts


def add_after(owner: str, anchor: str, name: str, min_occurs: str) -> Edit:
    return lambda d: d.element(owner, anchor).addnext(new_element(name, minOccurs=min_occurs))


def set_attr(owner: str, name: str, attribute: str, value: str | None) -> Edit:
    def edit(d: Docs) -> None:
        element = d.element(owner, name)
        if value is None:
            del element.attrib[attribute]
        else:
            element.set(attribute, value)

    return edit


def swap_cancel_order_fields(d: Docs) -> None:
    reason = d.element("CancelOrder", "Reason")
    d.element("CancelOrder", "OrderId").addprevious(reason)


def restrict_reason(max_length: str) -> Edit:
    def edit(d: Docs) -> None:
        reason = d.element("CancelOrder", "Reason")
        del reason.attrib["type"]
        simple = etree_sub(reason, "simpleType")
        restriction = etree_sub(simple, "restriction", base="xs:string")
        etree_sub(restriction, "maxLength", value=max_length)

    return edit


def etree_sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XS}}}{tag}", **attributes)


def quantity_facet(tag: str, value: str) -> Edit:
    """NewOrderLine/Quantity (request only) gets an inline xs:int restriction with one facet."""

    def edit(d: Docs) -> None:
        quantity = d.element("NewOrderLine", "Quantity")
        del quantity.attrib["type"]
        restriction = etree_sub(etree_sub(quantity, "simpleType"), "restriction", base="xs:int")
        etree_sub(restriction, tag, value=value)

    return edit


CASES: list[tuple[str, Edit, Edit | None, set[Verdict]]] = [
    (
        "optional element added: ok",
        add_after("CreateOrder", "ClientReference", "Priority", "0"),
        None,
        {("CreateOrder/request/Priority", "element-added-optional", "request", False)},
    ),
    (
        "required element added: breaks",
        add_after("CreateOrder", "ClientReference", "Priority", "1"),
        None,
        {("CreateOrder/request/Priority", "element-added-required", "request", True)},
    ),
    (
        "optional element removed: breaks (old clients still send it)",
        lambda d: d.remove(d.element("CreateOrder", "Notes")),
        None,
        {("CreateOrder/request/Notes", "element-removed", "request", True)},
    ),
    (
        "required element renamed: breaks",
        set_attr("CancelOrder", "Reason", "name", "CancelReason"),
        None,
        {("CancelOrder/request/Reason", "element-renamed", "request", True)},
    ),
    (
        "minOccurs raised 0->1: breaks",
        set_attr("CreateOrder", "Notes", "minOccurs", "1"),
        None,
        {("CreateOrder/request/Notes", "min-occurs-raised", "request", True)},
    ),
    (
        "minOccurs lowered 1->0: ok",
        set_attr("CreateOrder", "Currency", "minOccurs", "0"),
        None,
        {("CreateOrder/request/Currency", "min-occurs-lowered", "request", False)},
    ),
    (
        "maxOccurs lowered unbounded->10: breaks",
        set_attr("ArrayOfNewOrderLine", "NewOrderLine", "maxOccurs", "10"),
        None,
        {("CreateOrder/request/Lines/NewOrderLine", "max-occurs-lowered", "request", True)},
    ),
    (
        "maxOccurs raised 1->5: ok",
        set_attr("GetOrder", "OrderId", "maxOccurs", "5"),
        None,
        {("GetOrder/request/OrderId", "max-occurs-raised", "request", False)},
    ),
    (
        "nillable false->true: ok",
        set_attr("CancelOrder", "Reason", "nillable", "true"),
        None,
        {("CancelOrder/request/Reason", "nillable-added", "request", False)},
    ),
    (
        "nillable true->false: breaks",
        lambda d: None,
        set_attr("CancelOrder", "Reason", "nillable", "true"),
        {("CancelOrder/request/Reason", "nillable-removed", "request", True)},
    ),
    (
        "element order changed: breaks",
        swap_cancel_order_fields,
        None,
        {("CancelOrder/request", "element-order-changed", "request", True)},
    ),
    (
        "type widened xs:int->xs:long: ok",
        set_attr("NewOrderLine", "Quantity", "type", "xs:long"),
        None,
        {("CreateOrder/request/Lines/NewOrderLine/Quantity", "type-widened", "request", False)},
    ),
    (
        "type narrowed xs:int->xs:short: breaks",
        set_attr("NewOrderLine", "Quantity", "type", "xs:short"),
        None,
        {("CreateOrder/request/Lines/NewOrderLine/Quantity", "type-narrowed", "request", True)},
    ),
    (
        "type changed xs:string->xs:int: breaks",
        set_attr("CancelOrder", "Reason", "type", "xs:int"),
        None,
        {("CancelOrder/request/Reason", "type-changed", "request", True)},
    ),
    (
        "restriction removed (t:OrderId -> xs:string): ok",
        set_attr("GetOrder", "OrderId", "type", "xs:string"),
        None,
        {("GetOrder/request/OrderId", "pattern-removed", "request", False)},
    ),
    (
        "pattern added (xs:string -> t:OrderId): breaks",
        lambda d: None,
        set_attr("GetOrder", "OrderId", "type", "xs:string"),
        {("GetOrder/request/OrderId", "pattern-added", "request", True)},
    ),
    (
        "maxLength added: breaks",
        restrict_reason("200"),
        None,
        {("CancelOrder/request/Reason", "facet-tightened", "request", True)},
    ),
    (
        "maxLength relaxed 200->500: ok",
        restrict_reason("500"),
        restrict_reason("200"),
        {("CancelOrder/request/Reason", "facet-relaxed", "request", False)},
    ),
    (
        "minInclusive added: breaks",
        quantity_facet("minInclusive", "1"),
        None,
        {("CreateOrder/request/Lines/NewOrderLine/Quantity", "facet-tightened", "request", True)},
    ),
    (
        "minInclusive 1 -> minExclusive 1: breaks",
        quantity_facet("minExclusive", "1"),
        quantity_facet("minInclusive", "1"),
        {("CreateOrder/request/Lines/NewOrderLine/Quantity", "facet-tightened", "request", True)},
    ),
    (
        "maxInclusive raised 999->1000: ok",
        quantity_facet("maxInclusive", "1000"),
        quantity_facet("maxInclusive", "999"),
        {("CreateOrder/request/Lines/NewOrderLine/Quantity", "facet-relaxed", "request", False)},
    ),
]


@pytest.mark.parametrize(
    ("new", "old", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_request_rule(
    compare: Comparer, new: Edit, old: Edit | None, expected: set[Verdict]
) -> None:
    assert verdicts(compare(new, old)) == expected


def test_narrowed_customer_status_breaks_the_request_and_not_the_responses(
    compare: Comparer,
) -> None:
    """CustomerStatus is sent in SearchCustomers and received in every Customer."""
    found = compare(
        lambda d: d.remove(
            d.one("//xs:simpleType[@name='CustomerStatus']//xs:enumeration[@value='Closed']")
        )
    )
    assert verdicts(found) == {
        ("SearchCustomers/request/Status", "enumeration-value-removed", "request", True),
        (
            "GetCustomer/response/GetCustomerResult/Status",
            "enumeration-value-removed",
            "response",
            False,
        ),
        (
            "SearchCustomers/response/SearchCustomersResult/Customers/Customer/Status",
            "enumeration-value-removed",
            "response",
            False,
        ),
    }
    request = next(d for d in found if d.direction == "request")
    assert request.message == (
        "enumeration value 'Closed' removed: Active|Closed|Suspended -> Active|Suspended"
    )


def test_pattern_changed_on_a_shared_type_breaks_both_sides(compare: Comparer) -> None:
    found = compare(
        lambda d: d.one("//xs:simpleType[@name='CustomerId']//xs:pattern").set(
            "value", "C-[0-9]{8}"
        )
    )
    assert {d.kind for d in found} == {"pattern-changed"} and all(d.breaking for d in found)
    assert {d.path for d in found} == {
        "GetCustomer/request/CustomerId",
        "CreateOrder/request/CustomerId",
        "ListOrders/request/CustomerId",
        "GetCustomer/response/GetCustomerResult/CustomerId",
        "SearchCustomers/response/SearchCustomersResult/Customers/Customer/CustomerId",
        "GetOrder/response/GetOrderResult/CustomerId",
        "ListOrders/response/ListOrdersResult/Order/CustomerId",
        "CancelOrder/response/CancelOrderResult/CustomerId",
    }
    assert found[0].message == "pattern C-[0-9]{6} -> C-[0-9]{8}"


def test_request_headers_follow_request_rules(compare: Comparer) -> None:
    raised = compare(set_attr("AuditHeader", "CorrelationId", "minOccurs", "1"))
    assert verdicts(raised) == {
        (f"{op}/request/header/AuditHeader/CorrelationId", "min-occurs-raised", "request", True)
        for op in (
            "GetCustomer",
            "SearchCustomers",
            "CreateOrder",
            "GetOrder",
            "ListOrders",
            "CancelOrder",
        )
    }
    added = compare(add_after("AuditHeader", "CallerSystem", "Tenant", "0"))
    assert (
        "GetOrder/request/header/AuditHeader/Tenant",
        "element-added-optional",
        "request",
        False,
    ) in verdicts(added)
    assert len(added) == 6 and not any(d.breaking for d in added)
