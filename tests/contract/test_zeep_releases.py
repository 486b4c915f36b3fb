"""zeep clients generated from each release's served `?wsdl` call every operation of their
release on both bindings, with PasswordText and PasswordDigest, on one system; every answer they
read is checked against their release's XSD. Covers what static exchanges cannot: the 30-day
boundary between Confirmed and Scheduled computed from today, and each release's view of the
other's writes."""

from __future__ import annotations

import datetime
import decimal

import pytest
import zeep
import zeep.exceptions
from zeep.plugins import HistoryPlugin
from zeep.wsse.username import UsernameToken

import mappings
from soap_adapter import Release
from tests.contract.test_zeep import SchemaCheck
from tests.system import OPERATOR, READER, System

V2011 = mappings.release("2011-03").release
V2026 = mappings.release("2026-12").release
T2026 = "http://legacy.example.com/schemas/Orders/2026/12"
SHIP_TO = {"Street": "Havenweg 7", "City": "Antwerpen", "PostalCode": "2030", "CountryCode": "BE"}
LINES = {"NewOrderLine": [{"Sku": "PEN-BLU-50", "Quantity": 2}]}  # 24.50


class Client:
    """A client generated from one release's served WSDL, bound to one of its bindings."""

    def __init__(
        self, system: System, release: Release, binding: str, user: tuple[str, str], digest: bool
    ) -> None:
        url = system.url(release)
        self.history = HistoryPlugin()
        self.client = zeep.Client(
            url + "?wsdl",
            wsse=UsernameToken(*user, use_digest=digest),
            plugins=[self.history, SchemaCheck(url)],
        )
        binding_name = next(
            name for name in self.client.wsdl.bindings if name.endswith("}" + binding)
        )
        self.service = self.client.create_service(binding_name, url)

    def detail(self, fault: zeep.exceptions.Fault, element: str) -> object:
        assert fault.detail is not None, "the fault has no detail"
        (child,) = list(fault.detail)
        assert child.tag == f"{{{T2026}}}{element}"
        return self.client.get_element(f"{{{T2026}}}{element}").parse(child, self.client.wsdl.types)


@pytest.fixture(params=["OrderServiceSoap", "OrderServiceSoap12"])
def binding(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=[False, True], ids=["PasswordText", "PasswordDigest"])
def digest(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def v2(system: System, binding: str, digest: bool) -> Client:
    system.reset()
    return Client(system, V2026, binding, OPERATOR, digest)


@pytest.fixture
def v1(system: System, binding: str, digest: bool) -> Client:
    return Client(system, V2011, binding, OPERATOR, digest)


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def test_every_operation_of_2026_12(v2: Client) -> None:
    customer = v2.service.GetCustomer(CustomerId="C-000101")
    assert customer.Balance == decimal.Decimal("1250.40") and customer.Phone is None
    page = v2.service.SearchCustomers(NameContains="acme", PageNumber=1, PageSize=10)
    assert [c.CustomerId for c in page.Customers.Customer] == ["C-000101", "C-000107"]

    confirmation = v2.service.CreateOrder(
        CustomerId="C-000107",
        Currency="EUR",
        Lines=LINES,
        ClientReference="zeep-2026",
        RequestedDeliveryDate=today() + datetime.timedelta(days=60),
        ShippingAddress=SHIP_TO,
    )
    assert confirmation.Status == "Scheduled"
    assert confirmation.TotalAmount == decimal.Decimal("24.50")
    order = v2.service.GetOrder(OrderId=confirmation.OrderId)
    assert order.ClientReference == "zeep-2026"
    assert order.RequestedDeliveryDate == today() + datetime.timedelta(days=60)
    assert order.ShippingAddress.City == "Antwerpen"

    listed = v2.service.ListOrders(
        CustomerId="C-000107", Status="Scheduled", PageNumber=1, PageSize=5
    )
    assert [o.OrderId for o in listed.Orders.Order] == [confirmation.OrderId]
    assert (listed.PageNumber, listed.PageSize, listed.TotalCount) == (1, 5, 1)

    moved = v2.service.UpdateShippingAddress(
        OrderId=confirmation.OrderId, ShippingAddress={**SHIP_TO, "City": "Gent"}
    )
    assert moved.ShippingAddress.City == "Gent" and moved.Status == "Scheduled"

    contact = v2.service.UpdateCustomerContact(CustomerId="C-000107", Phone="+3232123456")
    assert contact.Phone == "+3232123456" and contact.Email == "logistics@acme.example"

    cancelled = v2.service.CancelOrder(OrderId=confirmation.OrderId, Reason="zeep")
    assert cancelled.Status == "Cancelled" and cancelled.CancelReason == "zeep"
    assert v2.service.GetCustomer(CustomerId="C-000107").Balance == decimal.Decimal("0.00")


def test_typed_faults_of_2026_12(v2: Client) -> None:
    with pytest.raises(zeep.exceptions.Fault) as shipped:
        v2.service.UpdateShippingAddress(OrderId="SO-00004711", ShippingAddress=SHIP_TO)
    assert shipped.value.message == "Order SO-00004711 has shipped and its address cannot change."
    assert v2.detail(shipped.value, "BusinessRuleFault").RuleCode == "OrderAlreadyShipped"
    with pytest.raises(zeep.exceptions.Fault) as cancelled:
        v2.service.UpdateShippingAddress(OrderId="SO-00004715", ShippingAddress=SHIP_TO)
    assert v2.detail(cancelled.value, "BusinessRuleFault").RuleCode == "OrderCancelled"
    with pytest.raises(zeep.exceptions.Fault) as invalid:
        v2.service.UpdateCustomerContact(CustomerId="C-000101", Email="no-at-sign")
    detail = v2.detail(invalid.value, "ValidationFault")
    assert [(e.Field, e.Code, e.Message) for e in detail.Errors.ValidationError] == [
        ("Email", "Invalid", "Email is not valid.")
    ]
    with pytest.raises(zeep.exceptions.Fault) as missing:
        v2.service.UpdateCustomerContact(CustomerId="C-000999", Email="a@b")
    assert v2.detail(missing.value, "CustomerNotFoundFault").CustomerId == "C-000999"
    with pytest.raises(zeep.exceptions.Fault) as paging:
        v2.service.ListOrders(CustomerId="C-000101", PageNumber=0, PageSize=101)
    assert [e.Field for e in v2.detail(paging.value, "ValidationFault").Errors.ValidationError] == [
        "PageNumber",
        "PageSize",
    ]


def test_the_30_day_boundary_from_today(v2: Client, v1: Client) -> None:
    within = v2.service.CreateOrder(
        CustomerId="C-000107",
        Currency="EUR",
        Lines=LINES,
        ClientReference="day-30",
        RequestedDeliveryDate=today() + datetime.timedelta(days=30),
    )
    beyond = v2.service.CreateOrder(
        CustomerId="C-000107",
        Currency="EUR",
        Lines=LINES,
        ClientReference="day-31",
        RequestedDeliveryDate=today() + datetime.timedelta(days=31),
    )
    assert (within.Status, beyond.Status) == ("Confirmed", "Scheduled")
    # Through 2011-03 the Scheduled order is Confirmed, everywhere, without the new elements.
    seen = v1.service.GetOrder(OrderId=beyond.OrderId)
    assert seen.Status == "Confirmed"
    received = v1.history.last_received["envelope"]
    assert not list(received.iter("{*}RequestedDeliveryDate"))
    assert not list(received.iter("{*}ClientReference"))
    confirmed = v1.service.ListOrders(CustomerId="C-000107", Status="Confirmed")
    assert [o.OrderId for o in confirmed] == [within.OrderId, beyond.OrderId]
    assert {o.Status for o in confirmed} == {"Confirmed"}
    repeat = v1.service.CreateOrder(
        CustomerId="C-000107", Currency="EUR", Lines=LINES, ClientReference="day-31"
    )
    assert (repeat.OrderId, repeat.Status) == (beyond.OrderId, "Confirmed")
    # 2026-12 still filters by its own statuses.
    only_confirmed = v2.service.ListOrders(
        CustomerId="C-000107", Status="Confirmed", PageNumber=1, PageSize=10
    )
    assert [o.OrderId for o in only_confirmed.Orders.Order] == [within.OrderId]


def test_a_reader_may_not_call_the_new_operations(system: System, binding: str) -> None:
    system.reset()
    reader = Client(system, V2026, binding, READER, digest=True)
    assert reader.service.GetOrder(OrderId="SO-00004712").Status == "Confirmed"
    for call, operation in (
        (
            lambda: reader.service.UpdateCustomerContact(CustomerId="C-000101", Email="a@b"),
            "UpdateCustomerContact",
        ),
        (
            lambda: reader.service.UpdateShippingAddress(
                OrderId="SO-00004712", ShippingAddress=SHIP_TO
            ),
            "UpdateShippingAddress",
        ),
    ):
        with pytest.raises(zeep.exceptions.Fault) as refused:
            call()
        assert refused.value.message == f"Caller is not authorized for {operation}."
