"""Operations, headers, bindings, ports and namespaces: what decides where a call goes."""

from __future__ import annotations

import copy

from lxml import etree

from tests.wsdl_diff._variants import (
    NS,
    TNS,
    WSDL,
    Comparer,
    Docs,
    verdicts,
)

OPERATIONS = (
    "GetCustomer",
    "SearchCustomers",
    "CreateOrder",
    "GetOrder",
    "ListOrders",
    "CancelOrder",
)


def test_removed_operation_breaks_once(compare: Comparer) -> None:
    def drop(d: Docs) -> None:
        for element in d.all("//wsdl:operation[@name='CancelOrder']"):
            d.remove(element)

    assert verdicts(compare(drop)) == {("CancelOrder", "operation-removed", "both", True)}


def test_added_operation_is_ok(compare: Comparer) -> None:
    def add(d: Docs) -> None:
        for operation in d.all("//wsdl:operation[@name='GetOrder']"):
            clone = copy.deepcopy(operation)
            clone.set("name", "GetOrderV2")
            operation.addnext(clone)

    assert verdicts(compare(add)) == {("GetOrderV2", "operation-added", "both", False)}


def test_operation_unbound_from_one_binding_breaks(compare: Comparer) -> None:
    found = compare(lambda d: d.remove(d.binding_operation("OrderServiceSoap12", "GetOrder")))
    assert verdicts(found) == {
        ("binding OrderServiceSoap12/GetOrder", "operation-removed", "binding", True)
    }


def test_one_way_becoming_request_response_breaks(compare: Comparer) -> None:
    def one_way(d: Docs) -> None:
        d.remove(d.one("//wsdl:portType/wsdl:operation[@name='CancelOrder']/wsdl:output"))

    found = compare(lambda d: None, one_way)
    assert verdicts(found) == {("CancelOrder", "message-exchange-changed", "both", True)}
    assert found[0].message == "one-way -> request-response"


def test_changed_soap_action_breaks(compare: Comparer) -> None:
    def action(d: Docs) -> None:
        d.binding_operation("OrderServiceSoap12", "CancelOrder").find("soap12:operation", NS).set(
            "soapAction", "urn:CancelOrder"
        )

    found = compare(action)
    assert verdicts(found) == {
        (
            "binding OrderServiceSoap12/CancelOrder/soapAction",
            "soap-action-changed",
            "binding",
            True,
        )
    }
    assert found[0].message == f"soapAction '{TNS}/CancelOrder' -> 'urn:CancelOrder'"


def test_changed_binding_style_breaks(compare: Comparer) -> None:
    def rpc(d: Docs) -> None:
        d.one("//wsdl:binding[@name='OrderServiceSoap']/soap:binding").set("style", "rpc")
        for operation in d.all("//wsdl:binding[@name='OrderServiceSoap']//soap:operation"):
            operation.set("style", "rpc")

    assert verdicts(compare(rpc)) == {
        ("binding OrderServiceSoap/style", "binding-style-changed", "binding", True),
        *(
            (f"binding OrderServiceSoap/{op}/style", "binding-style-changed", "binding", True)
            for op in OPERATIONS
        ),
    }


def test_changed_use_and_transport_break(compare: Comparer) -> None:
    def encoded(d: Docs) -> None:
        d.binding_operation("OrderServiceSoap", "GetOrder").find("wsdl:input/soap:body", NS).set(
            "use", "encoded"
        )

    assert verdicts(compare(encoded)) == {
        ("binding OrderServiceSoap/GetOrder/request/use", "use-changed", "binding", True)
    }

    def jms(d: Docs) -> None:
        d.one("//soap12:binding").set("transport", "http://www.w3.org/2010/soapjms/")

    assert verdicts(compare(jms)) == {
        ("binding OrderServiceSoap12/transport", "transport-changed", "binding", True)
    }


def test_changed_target_namespace_breaks(compare: Comparer) -> None:
    """A new release namespace: the definitions, the body elements, the headers, the actions."""

    def renamespace(d: Docs) -> None:
        text = etree.tostring(d.wsdl).replace(
            TNS.encode(), b"http://legacy.example.com/OrderService/2012/01"
        )
        d.wsdl = etree.ElementTree(etree.fromstring(text))

    found = verdicts(compare(renamespace))
    assert ("definitions/targetNamespace", "namespace-changed", "both", True) in found
    assert ("GetOrder/request", "namespace-changed", "request", True) in found
    assert ("GetOrder/response", "namespace-changed", "response", True) in found
    assert ("GetOrder/request/header/AuditHeader", "namespace-changed", "request", True) in found
    assert (
        "binding OrderServiceSoap/GetOrder/soapAction",
        "soap-action-changed",
        "binding",
        True,
    ) in found
    # The wrapper's children moved with it: reported once, on the wrapper.
    assert not any(
        path.startswith("GetOrder/request/") and "header" not in path for path, *_ in found
    )
    assert all(breaking for *_, breaking in found)
    assert (
        len(found) == 1 + 6 * 3 + 12
    )  # definitions; request, response, header per operation; actions


def test_only_the_definitions_namespace_changed(compare: Comparer) -> None:
    """The WSDL's own namespace moves; the schema's elements stay where they are."""

    def retarget(d: Docs) -> None:
        d.wsdl.getroot().set("targetNamespace", "urn:elsewhere")
        text = etree.tostring(d.wsdl)
        text = text.replace(
            f'xmlns:tns="{TNS}"'.encode(), f'xmlns:tns="urn:elsewhere" xmlns:s="{TNS}"'.encode()
        )
        text = text.replace(b'element="tns:', b'element="s:')  # parts name schema elements
        d.wsdl = etree.ElementTree(etree.fromstring(text))

    assert verdicts(compare(retarget)) == {
        ("definitions/targetNamespace", "namespace-changed", "both", True)
    }


def test_header_removed_everywhere_or_from_one_binding(compare: Comparer) -> None:
    def drop_everywhere(d: Docs) -> None:
        for header in d.all(
            "//wsdl:binding/wsdl:operation[@name='GetOrder']//*[local-name()='header']"
        ):
            d.remove(header)

    assert verdicts(compare(drop_everywhere)) == {
        ("GetOrder/request/header/AuditHeader", "header-removed", "request", True)
    }

    def drop_from_soap12(d: Docs) -> None:
        d.remove(
            d.binding_operation("OrderServiceSoap12", "GetOrder").find(
                "wsdl:input/soap12:header", NS
            )
        )

    assert verdicts(compare(drop_from_soap12)) == {
        (
            "binding OrderServiceSoap12/GetOrder/request/header/AuditHeader",
            "header-removed",
            "request",
            True,
        )
    }


def test_header_added_breaks(compare: Comparer) -> None:
    def add(d: Docs) -> None:
        schema = d.one("//wsdl:types/xs:schema")
        etree.SubElement(schema, f"{{{NS['xs']}}}element", name="TraceHeader", type="xs:string")
        message = etree.Element(f"{{{WSDL}}}message", name="TraceHeader")
        etree.SubElement(message, f"{{{WSDL}}}part", name="TraceHeader", element="tns:TraceHeader")
        d.one("//wsdl:message[@name='AuditHeader']").addnext(message)
        for header in d.all(
            "//wsdl:binding/wsdl:operation[@name='GetOrder']/wsdl:input/*[local-name()='header']"
        ):
            clone = copy.deepcopy(header)
            clone.set("message", "tns:TraceHeader")
            clone.set("part", "TraceHeader")
            header.addnext(clone)

    assert verdicts(compare(add)) == {
        ("GetOrder/request/header/TraceHeader", "header-added", "request", True)
    }


def test_bindings_and_ports_removed_break_and_added_are_ok(compare: Comparer) -> None:
    def drop(d: Docs) -> None:
        d.remove(d.one("//wsdl:binding[@name='OrderServiceSoap12']"))
        d.remove(d.one("//wsdl:port[@name='OrderServiceSoap12']"))

    assert verdicts(compare(drop)) == {
        ("binding OrderServiceSoap12", "binding-removed", "binding", True),
        ("port OrderService/OrderServiceSoap12", "port-removed", "binding", True),
    }

    def add(d: Docs) -> None:
        binding = d.one("//wsdl:binding[@name='OrderServiceSoap']")
        clone = copy.deepcopy(binding)
        clone.set("name", "OrderServiceSoapV2")
        binding.addnext(clone)
        port = d.one("//wsdl:port[@name='OrderServiceSoap']")
        port_clone = copy.deepcopy(port)
        port_clone.set("name", "OrderServiceSoapV2")
        port_clone.set("binding", "tns:OrderServiceSoapV2")
        port.addnext(port_clone)

    assert verdicts(compare(add)) == {
        ("binding OrderServiceSoapV2", "binding-added", "binding", False),
        ("port OrderService/OrderServiceSoapV2", "port-added", "binding", False),
    }


def test_port_moved_to_another_binding_breaks(compare: Comparer) -> None:
    found = compare(
        lambda d: d.one("//wsdl:port[@name='OrderServiceSoap12']").set(
            "binding", "tns:OrderServiceSoap"
        )
    )
    assert verdicts(found) == {
        ("port OrderService/OrderServiceSoap12", "port-binding-changed", "binding", True)
    }


def test_soap_address_is_not_compared(compare: Comparer) -> None:
    def move(d: Docs) -> None:
        for address in d.all("//*[local-name()='address']"):
            address.set("location", "https://orders.example.net/v1/OrderService")

    assert compare(move) == []
