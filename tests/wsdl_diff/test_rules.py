"""wsdl-diff on crafted variants of the legacy contract: each rule, in both directions."""

from __future__ import annotations

import http.server
import pathlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial

import pytest
import requests
from lxml import etree

from soap_adapter.wsdl_diff import Difference, diff, load_contract, main
from soap_adapter.wsdl_diff._rules import BREAKS_ALWAYS, BREAKS_BY_DIRECTION
from tests.system import WSDL, System

XS = "http://www.w3.org/2001/XMLSchema"
NS = {
    "xs": XS,
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "soap12": "http://schemas.xmlsoap.org/wsdl/soap12/",
}
Edit = Callable[[etree._ElementTree, etree._ElementTree], None]  # (wsdl, xsd)


def variant(tmp_path: pathlib.Path, edit: Edit) -> pathlib.Path:
    folder = tmp_path / "new"
    shutil.copytree(WSDL.parent, folder)
    wsdl, xsd = (
        etree.parse(str(folder / "OrderService.wsdl")),
        etree.parse(str(folder / "OrderTypes.xsd")),
    )
    edit(wsdl, xsd)
    wsdl.write(str(folder / "OrderService.wsdl"))
    xsd.write(str(folder / "OrderTypes.xsd"))
    return folder / "OrderService.wsdl"


def run(tmp_path: pathlib.Path, edit: Edit) -> list[Difference]:
    return diff(load_contract(str(WSDL)), load_contract(str(variant(tmp_path, edit))))


def one(xpath: str, doc: etree._ElementTree) -> etree._Element:
    (found,) = doc.xpath(xpath, namespaces=NS)
    return found


def element(doc: etree._ElementTree, owner: str, name: str) -> etree._Element:
    return one(f"//*[@name='{owner}']//xs:element[@name='{name}']", doc)


def verdicts(found: list[Difference]) -> set[tuple[str, str, str, bool]]:
    return {(d.path, d.kind, d.direction, d.breaking) for d in found}


def test_the_contract_against_itself_reports_nothing() -> None:
    assert diff(load_contract(str(WSDL)), load_contract(str(WSDL))) == []
    assert main([str(WSDL), str(WSDL)]) == 0


def add_element(owner: str, after: str, name: str, min_occurs: str) -> Edit:
    def edit(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        doc = wsdl if wsdl.xpath(f"//*[@name='{owner}']", namespaces=NS) else xsd
        anchor = element(doc, owner, after)
        new = etree.Element(f"{{{XS}}}element", name=name, type="xs:string", minOccurs=min_occurs)
        anchor.addnext(new)

    return edit


def set_attribute(owner: str, name: str, attribute: str, value: str | None) -> Edit:
    def edit(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        doc = (
            wsdl
            if wsdl.xpath(f"//*[@name='{owner}']//xs:element[@name='{name}']", namespaces=NS)
            else xsd
        )
        target = element(doc, owner, name)
        if value is None:
            target.attrib.pop(attribute, None)
        else:
            target.set(attribute, value)

    return edit


CASES: list[tuple[str, Edit, set[tuple[str, str, str, bool]]]] = [
    (
        "optional request element",
        add_element("CreateOrder", "ClientReference", "Priority", "0"),
        {("CreateOrder/request/CreateOrder/Priority", "element-added-optional", "request", False)},
    ),
    (
        "required request element",
        add_element("CreateOrder", "ClientReference", "Priority", "1"),
        {("CreateOrder/request/CreateOrder/Priority", "element-added-required", "request", True)},
    ),
    (
        "optional response element",
        add_element("OrderConfirmation", "CreatedAt", "Channel", "0"),
        {
            (
                "CreateOrder/response/CreateOrderResponse/CreateOrderResult/Channel",
                "element-added-optional",
                "response",
                False,
            )
        },
    ),
    (
        "request minOccurs raised",
        set_attribute("CreateOrder", "Notes", "minOccurs", "1"),
        {("CreateOrder/request/CreateOrder/Notes", "min-occurs-raised", "request", True)},
    ),
    (
        "request minOccurs lowered",
        set_attribute("CreateOrder", "Currency", "minOccurs", "0"),
        {("CreateOrder/request/CreateOrder/Currency", "min-occurs-lowered", "request", False)},
    ),
    (
        "request maxOccurs raised",
        set_attribute("GetOrder", "OrderId", "maxOccurs", "5"),
        {("GetOrder/request/GetOrder/OrderId", "max-occurs-raised", "request", False)},
    ),
    (
        "request nillable added",
        set_attribute("CancelOrder", "Reason", "nillable", "true"),
        {("CancelOrder/request/CancelOrder/Reason", "nillable-added", "request", False)},
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(tmp_path: pathlib.Path, name: str, edit: Edit, expected: set) -> None:
    assert verdicts(run(tmp_path, edit)) == expected


def paths_of(found: list[Difference], kind: str) -> set[tuple[str, str, bool]]:
    return {(d.path, d.direction, d.breaking) for d in found if d.kind == kind}


def test_removed_response_element_breaks_and_names_its_paths(tmp_path: pathlib.Path) -> None:
    def edit(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        target = element(xsd, "Customer", "Balance")
        target.getparent().remove(target)

    found = paths_of(run(tmp_path, edit), "element-removed")
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Balance",
        "response",
        True,
    ) in found
    assert (
        "SearchCustomers/response/SearchCustomersResponse/SearchCustomersResult/Customers/Customer/Balance",
        "response",
        True,
    ) in found


def test_renamed_response_element(tmp_path: pathlib.Path) -> None:
    found = run(tmp_path, set_attribute("Order", "TotalAmount", "name", "Total"))
    assert (
        "GetOrder/response/GetOrderResponse/GetOrderResult/TotalAmount",
        "element-removed",
        "response",
        True,
    ) in verdicts(found)


def test_response_min_occurs_lowered_and_raised(tmp_path: pathlib.Path) -> None:
    lowered = run(tmp_path, set_attribute("Customer", "Name", "minOccurs", "0"))
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Name",
        "min-occurs-lowered",
        "response",
        True,
    ) in verdicts(lowered)
    raised = run(tmp_path / "b", set_attribute("Customer", "Email", "minOccurs", "1"))
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Email",
        "min-occurs-raised",
        "response",
        False,
    ) in verdicts(raised)


def test_response_max_occurs_and_nillable(tmp_path: pathlib.Path) -> None:
    more = run(tmp_path, set_attribute("Customer", "Email", "maxOccurs", "unbounded"))
    assert all(
        d.breaking for d in more if d.kind == "max-occurs-raised" and d.direction == "response"
    )
    assert any(d.kind == "max-occurs-raised" for d in more)
    nil = run(tmp_path / "b", set_attribute("Customer", "Name", "nillable", "true"))
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Name",
        "nillable-added",
        "response",
        True,
    ) in verdicts(nil)
    not_nil = run(tmp_path / "c", set_attribute("Order", "Notes", "nillable", None))
    assert (
        "GetOrder/response/GetOrderResponse/GetOrderResult/Notes",
        "nillable-removed",
        "response",
        False,
    ) in verdicts(not_nil)


def test_narrowed_enumeration_breaks_requests_not_responses(tmp_path: pathlib.Path) -> None:
    def edit(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        closed = one(
            "//xs:simpleType[@name='CustomerStatus']//xs:enumeration[@value='Closed']", xsd
        )
        closed.getparent().remove(closed)

    found = paths_of(run(tmp_path, edit), "enumeration-value-removed")
    assert ("SearchCustomers/request/SearchCustomers/Status", "request", True) in found
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Status",
        "response",
        False,
    ) in found


def test_widened_enumeration_breaks_responses_not_requests(tmp_path: pathlib.Path) -> None:
    def edit(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        restriction = one("//xs:simpleType[@name='OrderStatus']/xs:restriction", xsd)
        etree.SubElement(restriction, f"{{{XS}}}enumeration", value="OnHold")

    found = paths_of(run(tmp_path, edit), "enumeration-value-added")
    assert ("GetOrder/response/GetOrderResponse/GetOrderResult/Status", "response", True) in found
    assert ("ListOrders/request/ListOrders/Status", "request", False) in found


def test_money_fraction_digits(tmp_path: pathlib.Path) -> None:
    def fewer(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        one("//xs:simpleType[@name='Money']//xs:fractionDigits", xsd).set("value", "1")

    def more(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        one("//xs:simpleType[@name='Money']//xs:fractionDigits", xsd).set("value", "3")

    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Balance",
        "facet-tightened",
        "response",
        False,
    ) in verdicts(run(tmp_path, fewer))
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult/Balance",
        "facet-relaxed",
        "response",
        True,
    ) in verdicts(run(tmp_path / "b", more))


def test_pattern_and_type_changes(tmp_path: pathlib.Path) -> None:
    def pattern(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        one("//xs:simpleType[@name='CustomerId']//xs:pattern", xsd).set("value", "C-[0-9]{8}")

    assert (
        "GetCustomer/request/GetCustomer/CustomerId",
        "pattern-changed",
        "request",
        True,
    ) in verdicts(run(tmp_path, pattern))
    retyped = run(tmp_path / "b", set_attribute("OrderLine", "Quantity", "type", "xs:decimal"))
    assert (
        "GetOrder/response/GetOrderResponse/GetOrderResult/Lines/OrderLine/Quantity",
        "type-changed",
        "response",
        True,
    ) in verdicts(retyped)
    request_retyped = run(
        tmp_path / "c", set_attribute("NewOrderLine", "Quantity", "type", "xs:long")
    )
    assert (
        "CreateOrder/request/CreateOrder/Lines/NewOrderLine/Quantity",
        "type-changed",
        "request",
        True,
    ) in verdicts(request_retyped)


def test_element_order(tmp_path: pathlib.Path) -> None:
    def swap(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        name = element(xsd, "Customer", "Name")
        name.getparent().remove(name)
        element(xsd, "Customer", "Status").addnext(name)

    found = verdicts(run(tmp_path, swap))
    assert (
        "GetCustomer/response/GetCustomerResponse/GetCustomerResult",
        "element-order-changed",
        "response",
        True,
    ) in found


def test_binding_changes(tmp_path: pathlib.Path) -> None:
    def action(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        one(
            "//wsdl:binding[@name='OrderServiceSoap']/wsdl:operation[@name='GetOrder']/soap:operation",
            wsdl,
        ).set("soapAction", "urn:GetOrder")

    assert (
        "binding OrderServiceSoap/GetOrder/soapAction",
        "soap-action-changed",
        "binding",
        True,
    ) in verdicts(run(tmp_path, action))

    def style(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        one("//wsdl:binding[@name='OrderServiceSoap12']/soap12:binding", wsdl).set("style", "rpc")
        for op in wsdl.xpath(
            "//wsdl:binding[@name='OrderServiceSoap12']//soap12:operation", namespaces=NS
        ):
            del op.attrib["style"]

    assert any(d.kind == "binding-style-changed" and d.breaking for d in run(tmp_path / "b", style))

    def namespace(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        wsdl.getroot().set("targetNamespace", "http://legacy.example.com/OrderService/2012/01")

    assert ("definitions/targetNamespace", "namespace-changed", "binding", True) in verdicts(
        run(tmp_path / "c", namespace)
    )


def test_operations_and_faults(tmp_path: pathlib.Path) -> None:
    def drop_fault(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        fault = one(
            "//wsdl:portType/wsdl:operation[@name='CancelOrder']/wsdl:fault[@name='BusinessRuleFault']",
            wsdl,
        )
        fault.getparent().remove(fault)

    assert ("CancelOrder/fault/BusinessRuleFault", "fault-removed", "response", False) in verdicts(
        run(tmp_path, drop_fault)
    )

    def add_fault(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        op = one("//wsdl:portType/wsdl:operation[@name='GetOrder']", wsdl)
        etree.SubElement(
            op,
            f"{{{NS['wsdl']}}}fault",
            name="ValidationFault",
            message="tns:ValidationFaultMessage",
        )

    assert ("GetOrder/fault/ValidationFault", "fault-added", "response", True) in verdicts(
        run(tmp_path / "b", add_fault)
    )

    def drop_operation(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        for op in wsdl.xpath("//wsdl:operation[@name='CancelOrder']", namespaces=NS):
            op.getparent().remove(op)

    assert ("CancelOrder", "operation-removed", "binding", True) in verdicts(
        run(tmp_path / "c", drop_operation)
    )

    def add_operation(wsdl: etree._ElementTree, xsd: etree._ElementTree) -> None:
        op = one("//wsdl:portType/wsdl:operation[@name='GetOrder']", wsdl)
        clone = etree.fromstring(etree.tostring(op))
        clone.set("name", "GetOrderV2")
        op.addnext(clone)

    assert verdicts(run(tmp_path / "d", add_operation)) == {
        ("GetOrderV2", "operation-added", "binding", False)
    }


def test_every_emitted_kind_has_a_rule() -> None:
    import inspect
    import re

    from soap_adapter.wsdl_diff import _compare

    emitted = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', inspect.getsource(_compare)))
    emitted -= {"binding", "request", "response"}
    assert emitted <= set(BREAKS_ALWAYS) | set(BREAKS_BY_DIRECTION), (
        emitted - set(BREAKS_ALWAYS) - set(BREAKS_BY_DIRECTION)
    )


@pytest.fixture
def served(tmp_path: pathlib.Path) -> Iterator[Callable[[pathlib.Path], str]]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *_: None  # type: ignore[method-assign,assignment]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield lambda path: f"http://127.0.0.1:{server.server_address[1]}/{path.relative_to(tmp_path)}"
    server.shutdown()


def test_urls_and_schema_locations_over_http(
    tmp_path: pathlib.Path, served: Callable[[pathlib.Path], str]
) -> None:
    shutil.copytree(WSDL.parent, tmp_path / "old")
    new = variant(tmp_path, set_attribute("Customer", "Name", "minOccurs", "0"))
    assert (
        main(
            [
                served(tmp_path / "old" / "OrderService.wsdl"),
                served(tmp_path / "old" / "OrderService.wsdl"),
            ]
        )
        == 0
    )
    assert main([served(tmp_path / "old" / "OrderService.wsdl"), served(new)]) == 1


def test_the_served_wsdl_differs_from_wsdl_only_in_its_address(
    system: System, tmp_path: pathlib.Path
) -> None:
    assert requests.get(system.soap_url + "?wsdl", timeout=10).status_code == 200
    assert main([str(WSDL), system.soap_url + "?wsdl"]) == 0
    assert diff(load_contract(str(WSDL)), load_contract(system.soap_url + "?wsdl")) == []


def test_command_exit_codes(tmp_path: pathlib.Path) -> None:
    broken = variant(tmp_path, set_attribute("Customer", "Name", "minOccurs", "0"))
    command = [sys.executable, "-m", "soap_adapter", "wsdl-diff"]
    same = subprocess.run(
        [*command, str(WSDL), str(WSDL)], capture_output=True, text=True, check=False
    )
    assert (same.returncode, same.stdout.strip()) == (0, "0 difference(s), 0 breaking")
    breaking = subprocess.run(
        [*command, str(WSDL), str(broken)], capture_output=True, text=True, check=False
    )
    assert breaking.returncode == 1
    assert (
        "BREAKING  response GetCustomer/response/GetCustomerResponse/GetCustomerResult/Name: min-occurs-lowered"
        in breaking.stdout
    )
    missing = subprocess.run(
        [*command, str(WSDL), str(tmp_path / "nope.wsdl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
