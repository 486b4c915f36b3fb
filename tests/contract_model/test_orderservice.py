"""Both releases of the OrderService read into the model: operations, SOAPActions, bindings,
headers and the fault detail elements each operation declares."""

from __future__ import annotations

import pathlib

import pytest

from soap_adapter.contract import load

WSDL = pathlib.Path(__file__).parents[2] / "wsdl"
FAULTS = {
    "GetCustomer": {"CustomerNotFoundFault"},
    "SearchCustomers": {"ValidationFault"},
    "CreateOrder": {"CustomerNotFoundFault", "ValidationFault", "BusinessRuleFault"},
    "GetOrder": {"OrderNotFoundFault"},
    "ListOrders": {"CustomerNotFoundFault", "ValidationFault"},
    "CancelOrder": {"OrderNotFoundFault", "BusinessRuleFault"},
}
FAULTS_2026 = {
    **FAULTS,
    "UpdateCustomerContact": {"CustomerNotFoundFault", "ValidationFault"},
    "UpdateShippingAddress": {"OrderNotFoundFault", "BusinessRuleFault"},
}


@pytest.mark.parametrize(
    ("release", "path", "faults"),
    [
        ("2011/03", "2011-03/OrderService.wsdl", FAULTS),
        ("2026/12", "2026-12/OrderService.wsdl", FAULTS_2026),
    ],
)
def test_orderservice_release_reads(release: str, path: str, faults: dict[str, set[str]]) -> None:
    contract = load(WSDL / path)
    service_ns = f"http://legacy.example.com/OrderService/{release}"
    types_ns = f"http://legacy.example.com/schemas/Orders/{release}"

    assert contract.target_namespace == service_ns
    [service] = contract.services
    assert service.name == f"{{{service_ns}}}OrderService"
    assert [(p.name, p.binding.soap_version) for p in service.ports] == [
        ("OrderServiceSoap", "1.1"),
        ("OrderServiceSoap12", "1.2"),
    ]
    assert list(contract.documents) == ["OrderService.wsdl", "OrderTypes.xsd"]
    assert contract.documents["OrderService.wsdl"].links == {"OrderTypes.xsd": "OrderTypes.xsd"}
    for port in service.ports:
        operations = port.binding.operations
        assert set(operations) == set(faults)
        for name, operation in operations.items():
            assert operation.soap_action == f"{service_ns}/{name}"
            assert operation.style == "document"
            assert [p.element.name for p in operation.input.parts if p.element] == [
                f"{{{service_ns}}}{name}"
            ]
            assert operation.output is not None
            assert [p.element.name for p in operation.output.parts if p.element] == [
                f"{{{service_ns}}}{name}Response"
            ]
            assert [h.part.element.name for h in operation.input.headers if h.part.element] == [
                f"{{{service_ns}}}AuditHeader"
            ]
            assert set(operation.faults) == faults[name]
            for fault_name, fault in operation.faults.items():
                [detail] = fault.message.parts
                assert detail.element is not None
                assert detail.element.name == f"{{{types_ns}}}{fault_name}"
