"""A zeep client generated from the served 2011-03 `?wsdl` calls every operation on both bindings,
with both passwords; every answer it reads is checked against the release's XSD."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
import zeep
import zeep.exceptions
from lxml import etree
from zeep.plugins import HistoryPlugin, Plugin
from zeep.wsse.username import UsernameToken

from tests.system import OPERATOR, READER, System, assert_schema_valid

TNS = "http://legacy.example.com/OrderService/2011/03"
T = "http://legacy.example.com/schemas/Orders/2011/03"


class SchemaCheck(Plugin):
    """Every envelope the client receives is valid against the XSD of the release it called."""

    def __init__(self, url: str) -> None:
        self.url = url

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> tuple[Any, Any]:
        assert_schema_valid(etree.tostring(envelope), self.url)
        return envelope, http_headers


class Legacy:
    """A generated client bound to one binding of the running edge, with its history."""

    def __init__(self, system: System, binding: str, user: tuple[str, str], digest: bool):
        self.history = HistoryPlugin()
        self.client = zeep.Client(
            system.soap_url + "?wsdl",
            wsse=UsernameToken(*user, use_digest=digest),
            plugins=[self.history, SchemaCheck(system.soap_url)],
        )
        self.service = self.client.create_service(f"{{{TNS}}}{binding}", system.soap_url)
        self.system = system

    def typed_detail(self, fault: zeep.exceptions.Fault, element: str) -> object:
        """Read the fault's detail as the declared fault element, as a generated client does."""
        assert fault.detail is not None, "the fault has no detail"
        (child,) = list(fault.detail)
        assert child.tag == f"{{{T}}}{element}"
        return self.client.get_element(f"{{{T}}}{element}").parse(child, self.client.wsdl.types)


@pytest.fixture(params=["OrderServiceSoap", "OrderServiceSoap12"])
def binding(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=[False, True], ids=["PasswordText", "PasswordDigest"])
def operator(system: System, binding: str, request: pytest.FixtureRequest) -> Legacy:
    system.reset()
    return Legacy(system, binding, OPERATOR, digest=request.param)


def test_get_customer(operator: Legacy) -> None:
    customer = operator.service.GetCustomer(CustomerId="C-000101")
    assert customer.Name == "Acme Industrial Supply"
    assert customer.Balance == decimal.Decimal("1250.40")
    assert customer.BillingAddress.City == "Rotterdam"
    assert customer.CreatedAt == datetime.datetime(2009, 4, 17, 9, 30, tzinfo=datetime.UTC)
    nil_address = operator.service.GetCustomer(CustomerId="C-000104")
    # zeep reads a nil complex element as an object of Nones; the wire says xsi:nil.
    received = operator.history.last_received["envelope"]
    (address,) = received.iter(f"{{{T}}}BillingAddress")
    assert address.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
    assert len(address) == 0
    assert nil_address.BillingAddress.City is None
    assert operator.service.GetCustomer(CustomerId="C-000102").Email is None


def test_search_customers(operator: Legacy) -> None:
    page = operator.service.SearchCustomers(NameContains="ACME", PageNumber=1, PageSize=1)
    assert page.TotalCount == 2
    assert [c.CustomerId for c in page.Customers.Customer] == ["C-000101"]
    second = operator.service.SearchCustomers(NameContains="acme", PageNumber=2, PageSize=1)
    assert [c.CustomerId for c in second.Customers.Customer] == ["C-000107"]
    suspended = operator.service.SearchCustomers(Status="Suspended", PageNumber=1, PageSize=10)
    assert [c.CustomerId for c in suspended.Customers.Customer] == ["C-000103"]


def test_get_and_list_orders(operator: Legacy) -> None:
    order = operator.service.GetOrder(OrderId="SO-00004711")
    assert [(line.Sku, line.LineTotal) for line in order.Lines.OrderLine] == [
        ("PAP-A4-500", decimal.Decimal("495.00")),
        ("TON-HP-305A", decimal.Decimal("649.00")),
    ]
    assert order.TotalAmount == decimal.Decimal("1144.00")
    orders = operator.service.ListOrders(
        CustomerId="C-000101", FromDate=datetime.date(2011, 3, 1), ToDate=datetime.date(2011, 3, 31)
    )
    # zeep unwraps the ArrayOfOrder result into a list of orders.
    assert [o.OrderId for o in orders] == ["SO-00004712", "SO-00004717"]
    assert orders[1].Notes == 'Urgent: "rush" <priority> & fragile'
    shipped = operator.service.ListOrders(CustomerId="C-000101", Status="Shipped")
    assert [o.OrderId for o in shipped] == ["SO-00004711"]


def test_create_then_cancel_order(operator: Legacy) -> None:
    lines = {
        "NewOrderLine": [{"Sku": "PAP-A4-500", "Quantity": 2}, {"Sku": "PEN-BLU-50", "Quantity": 1}]
    }
    confirmation = operator.service.CreateOrder(
        CustomerId="C-000107",
        Currency="EUR",
        Lines=lines,
        Notes="zeep & <co>",
        ClientReference="z-1",
    )
    assert confirmation.Status == "Confirmed"
    assert confirmation.TotalAmount == decimal.Decimal("22.15")
    assert confirmation.OrderId == "SO-00004719"
    again = operator.service.CreateOrder(
        CustomerId="C-000107", Currency="EUR", Lines=lines, ClientReference="z-1"
    )
    assert again.OrderId == confirmation.OrderId
    cancelled = operator.service.CancelOrder(OrderId=confirmation.OrderId, Reason="Test")
    assert cancelled.Status == "Cancelled"
    assert cancelled.CancelReason == "Test"
    assert cancelled.Notes == "zeep & <co>"
    assert operator.service.GetCustomer(CustomerId="C-000107").Balance == decimal.Decimal("0.00")


def test_typed_faults(operator: Legacy) -> None:
    with pytest.raises(zeep.exceptions.Fault) as not_found:
        operator.service.GetCustomer(CustomerId="C-000999")
    assert not_found.value.message == "Customer C-000999 was not found."
    assert operator.typed_detail(not_found.value, "CustomerNotFoundFault").CustomerId == "C-000999"

    with pytest.raises(zeep.exceptions.Fault) as invalid:
        operator.service.SearchCustomers(PageNumber=0, PageSize=101)
    detail = operator.typed_detail(invalid.value, "ValidationFault")
    assert [(e.Field, e.Code) for e in detail.Errors.ValidationError] == [
        ("PageNumber", "OutOfRange"),
        ("PageSize", "OutOfRange"),
    ]

    with pytest.raises(zeep.exceptions.Fault) as rule:
        operator.service.CancelOrder(OrderId="SO-00004715", Reason="again")
    assert (
        operator.typed_detail(rule.value, "BusinessRuleFault").RuleCode == "OrderAlreadyCancelled"
    )

    with pytest.raises(zeep.exceptions.Fault) as missing_order:
        operator.service.GetOrder(OrderId="SO-00000001")
    assert operator.typed_detail(missing_order.value, "OrderNotFoundFault").OrderId == "SO-00000001"


def test_reader_reads_but_cannot_write(system: System, binding: str) -> None:
    system.reset()
    reader = Legacy(system, binding, READER, digest=True)
    assert reader.service.GetOrder(OrderId="SO-00004712").Status == "Confirmed"
    with pytest.raises(zeep.exceptions.Fault) as refused:
        reader.service.CancelOrder(OrderId="SO-00004712", Reason="no")
    assert refused.value.message == "Caller is not authorized for CancelOrder."
    assert (
        Legacy(system, binding, OPERATOR, digest=False)
        .service.GetOrder(OrderId="SO-00004712")
        .Status
        == "Confirmed"
    )


def test_wrong_password_is_failed_authentication(system: System, binding: str) -> None:
    client = Legacy(system, binding, ("backoffice", "wrong"), digest=True)
    with pytest.raises(zeep.exceptions.Fault) as failed:
        client.service.GetCustomer(CustomerId="C-000101")
    assert failed.value.message == "The security token could not be authenticated or authorized"
