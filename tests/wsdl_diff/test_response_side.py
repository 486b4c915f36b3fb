"""Response side (what clients receive, fault details included): the rules run the other way."""

from __future__ import annotations

from lxml import etree

from tests.wsdl_diff._variants import NS, WSDL, Comparer, Docs, Edit, new_element, verdicts

CUSTOMER = (
    "GetCustomer/response/GetCustomerResult",
    "SearchCustomers/response/SearchCustomersResult/Customers/Customer",
)
ORDER = (
    "GetOrder/response/GetOrderResult",
    "ListOrders/response/ListOrdersResult/Order",
    "CancelOrder/response/CancelOrderResult",
)


def set_attr(owner: str, name: str, attribute: str, value: str | None) -> Edit:
    def edit(d: Docs) -> None:
        element = d.element(owner, name)
        if value is None:
            del element.attrib[attribute]
        else:
            element.set(attribute, value)

    return edit


def expect(paths: tuple[str, ...], leaf: str, kind: str, breaking: bool) -> set:
    return {(f"{p}/{leaf}" if leaf else p, kind, "response", breaking) for p in paths}


def test_removed_response_element_breaks(compare: Comparer) -> None:
    found = compare(lambda d: d.remove(d.element("Customer", "Balance")))
    assert verdicts(found) == expect(CUSTOMER, "Balance", "element-removed", True)
    assert found[0].path == "GetCustomer/response/GetCustomerResult/Balance"
    assert found[0].message == "element Balance (Money [1..1]) -> absent"


def test_removed_optional_response_element_breaks_too(compare: Comparer) -> None:
    found = compare(lambda d: d.remove(d.element("Customer", "Email")))
    assert verdicts(found) == expect(CUSTOMER, "Email", "element-removed", True)


def test_renamed_response_element_breaks(compare: Comparer) -> None:
    found = compare(set_attr("Order", "TotalAmount", "name", "Total"))
    assert verdicts(found) == expect(ORDER, "TotalAmount", "element-renamed", True)
    assert found[0].message == "element TotalAmount -> Total (Money [1..1])"


def test_any_added_response_element_breaks_strict_clients(compare: Comparer) -> None:
    def add(min_occurs: str) -> Edit:
        return lambda d: d.element("OrderConfirmation", "CreatedAt").addnext(
            new_element("Channel", minOccurs=min_occurs)
        )

    path = "CreateOrder/response/CreateOrderResult/Channel"
    assert verdicts(compare(add("0"))) == {(path, "element-added-optional", "response", True)}
    assert verdicts(compare(add("1"))) == {(path, "element-added-required", "response", True)}


def test_min_occurs_lowered_breaks_and_raised_is_ok(compare: Comparer) -> None:
    lowered = compare(set_attr("Customer", "Name", "minOccurs", "0"))
    assert verdicts(lowered) == expect(CUSTOMER, "Name", "min-occurs-lowered", True)
    assert lowered[0].message == "minOccurs 1 -> 0"
    raised = compare(set_attr("Customer", "Email", "minOccurs", "1"))
    assert verdicts(raised) == expect(CUSTOMER, "Email", "min-occurs-raised", False)


def test_max_occurs_raised_breaks_and_lowered_is_ok(compare: Comparer) -> None:
    raised = compare(set_attr("Customer", "Email", "maxOccurs", "unbounded"))
    assert verdicts(raised) == expect(CUSTOMER, "Email", "max-occurs-raised", True)
    assert raised[0].message == "maxOccurs 1 -> unbounded"
    lowered = compare(set_attr("ArrayOfOrderLine", "OrderLine", "maxOccurs", "100"))
    assert verdicts(lowered) == expect(ORDER, "Lines/OrderLine", "max-occurs-lowered", False)


def test_nillable_added_breaks_and_removed_is_ok(compare: Comparer) -> None:
    added = compare(set_attr("Customer", "Name", "nillable", "true"))
    assert verdicts(added) == expect(CUSTOMER, "Name", "nillable-added", True)
    removed = compare(set_attr("Order", "Notes", "nillable", None))
    assert verdicts(removed) == expect(ORDER, "Notes", "nillable-removed", False)


def test_widened_order_status_breaks_the_responses_not_the_request(compare: Comparer) -> None:
    def widen(d: Docs) -> None:
        etree.SubElement(d.restriction("OrderStatus"), f"{{{NS['xs']}}}enumeration", value="OnHold")

    found = compare(widen)
    assert verdicts(found) == {
        ("ListOrders/request/Status", "enumeration-value-added", "request", False),
        (
            "CreateOrder/response/CreateOrderResult/Status",
            "enumeration-value-added",
            "response",
            True,
        ),
        *expect(ORDER, "Status", "enumeration-value-added", True),
    }


def test_money_fraction_digits_both_ways(compare: Comparer) -> None:
    def fraction_digits(value: str) -> Edit:
        return lambda d: d.one("//xs:simpleType[@name='Money']//xs:fractionDigits").set(
            "value", value
        )

    more = compare(fraction_digits("3"))
    assert (
        "GetOrder/response/GetOrderResult/Lines/OrderLine/UnitPrice",
        "facet-relaxed",
        "response",
        True,
    ) in verdicts(more)
    assert len(more) == 14  # every Money received: balances, prices, totals; none is sent
    assert {(d.kind, d.direction, d.breaking) for d in more} == {
        ("facet-relaxed", "response", True)
    }
    assert more[0].message == "fractionDigits 2 -> 3"
    fewer = compare(fraction_digits("1"))
    assert {(d.kind, d.direction, d.breaking) for d in fewer} == {
        ("facet-tightened", "response", False)
    }
    assert len(fewer) == 14


def test_element_order_changed_breaks(compare: Comparer) -> None:
    def move_name(d: Docs) -> None:
        d.element("Customer", "Status").addnext(d.element("Customer", "Name"))

    found = compare(move_name)
    assert verdicts(found) == expect(CUSTOMER, "", "element-order-changed", True)
    assert found[0].message == (
        "order CustomerId, Name, Email, Status, CreditLimit, Balance, BillingAddress, CreatedAt"
        " -> CustomerId, Email, Status, Name, CreditLimit, Balance, BillingAddress, CreatedAt"
    )


def test_type_widened_breaks_and_narrowed_is_ok(compare: Comparer) -> None:
    widened = compare(set_attr("OrderLine", "Quantity", "type", "xs:long"))
    assert verdicts(widened) == expect(ORDER, "Lines/OrderLine/Quantity", "type-widened", True)
    narrowed = compare(set_attr("OrderLine", "Quantity", "type", "xs:short"))
    assert verdicts(narrowed) == expect(ORDER, "Lines/OrderLine/Quantity", "type-narrowed", False)


def test_complex_element_becoming_simple_breaks(compare: Comparer) -> None:
    found = compare(set_attr("Customer", "BillingAddress", "type", "xs:string"))
    assert verdicts(found) == expect(CUSTOMER, "BillingAddress", "type-changed", True)
    assert found[0].message == "type Address (complex) -> xs:string (simple)"


def test_pattern_removed_on_a_response_breaks(compare: Comparer) -> None:
    found = compare(set_attr("Order", "OrderId", "type", "xs:string"))
    assert verdicts(found) == expect(ORDER, "OrderId", "pattern-removed", True)


def test_element_namespace_changed_breaks(compare: Comparer) -> None:
    found = compare(set_attr("Customer", "Name", "form", "unqualified"))
    assert verdicts(found) == expect(CUSTOMER, "Name", "namespace-changed", True)
    assert found[0].message == (
        "namespace http://legacy.example.com/schemas/Orders/2011/03 -> (no namespace)"
    )


def portType_fault(d: Docs, operation: str, fault: str) -> etree._Element:
    return d.one(f"//wsdl:portType/wsdl:operation[@name='{operation}']/wsdl:fault[@name='{fault}']")


def test_removed_fault_breaks(compare: Comparer) -> None:
    def drop(d: Docs) -> None:
        d.remove(portType_fault(d, "CancelOrder", "BusinessRuleFault"))
        for binding in ("OrderServiceSoap", "OrderServiceSoap12"):
            d.remove(
                d.binding_operation(binding, "CancelOrder").find(
                    f"{{{WSDL}}}fault[@name='BusinessRuleFault']"
                )
            )

    found = compare(drop)
    assert verdicts(found) == {
        ("CancelOrder/fault/BusinessRuleFault", "fault-removed", "response", True)
    }


def test_added_fault_breaks(compare: Comparer) -> None:
    def add(d: Docs) -> None:
        operation = d.one("//wsdl:portType/wsdl:operation[@name='GetOrder']")
        etree.SubElement(
            operation,
            f"{{{WSDL}}}fault",
            name="ValidationFault",
            message="tns:ValidationFaultMessage",
        )

    found = compare(add)
    assert verdicts(found) == {("GetOrder/fault/ValidationFault", "fault-added", "response", True)}


def test_fault_details_follow_response_rules(compare: Comparer) -> None:
    added = compare(
        lambda d: d.element("BusinessRuleFault", "Message").addnext(
            new_element("Severity", minOccurs="0")
        )
    )
    assert verdicts(added) == {
        (f"{op}/fault/BusinessRuleFault/Severity", "element-added-optional", "response", True)
        for op in ("CreateOrder", "CancelOrder")
    }
    removed = compare(lambda d: d.remove(d.element("ValidationError", "Field")))
    assert verdicts(removed) == {
        (
            f"{op}/fault/ValidationFault/Errors/ValidationError/Field",
            "element-removed",
            "response",
            True,
        )
        for op in ("SearchCustomers", "CreateOrder", "ListOrders")
    }
    lowered = compare(set_attr("ArrayOfValidationError", "ValidationError", "minOccurs", "0"))
    assert {(d.kind, d.breaking) for d in lowered} == {("min-occurs-lowered", True)}
