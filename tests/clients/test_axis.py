"""Axis 1.4, as its users run it: WSDL2Java on a saved copy of the served WSDL, then its stubs.

Axis 1.4 cannot read the faults of the SOAP 1.2 binding, so its users save `?wsdl` to a file and
strip that binding and its port before WSDL2Java. The saved file has no OrderTypes.xsd beside it:
the schema import must be an absolute URL for WSDL2Java to find the types."""

from __future__ import annotations

import pathlib
import subprocess

import requests
from lxml import etree

from tests.clients import _axis
from tests.system import OPERATOR, System

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"
CLIENT = pathlib.Path(__file__).with_name("AxisClient.java")


def without_soap12(wsdl: bytes) -> bytes:
    """The WSDL with the SOAP 1.2 binding and its port removed, as Axis users edit it."""
    root = etree.fromstring(wsdl)
    removed = set()
    for binding in root.findall(f"{{{WSDL}}}binding"):
        if binding.find(f"{{{WSDL_SOAP12}}}binding") is not None:
            removed.add(binding.get("name"))
            root.remove(binding)
    for port in list(root.iter(f"{{{WSDL}}}port")):
        if (port.get("binding") or "").rpartition(":")[2] in removed:
            port.getparent().remove(port)  # type: ignore[union-attr]
    assert removed == {"OrderServiceSoap12"}, removed
    assert f"{{{WSDL_SOAP12}}}".encode() not in etree.tostring(root.find(f"{{{WSDL}}}service"))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def run(argv: list[str], cwd: pathlib.Path) -> str:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{argv[:4]} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


def test_an_axis_1_4_client_from_a_saved_wsdl(system: System, tmp_path: pathlib.Path) -> None:
    classpath = _axis.classpath()
    system.reset()
    served = requests.get(f"{system.soap_url}?wsdl", timeout=30)
    assert served.status_code == 200
    saved = tmp_path / "OrderService.wsdl"  # alone in its folder, as a saved copy is
    saved.write_bytes(without_soap12(served.content))

    run(
        ["java", "-cp", classpath, "org.apache.axis.wsdl.WSDL2Java", "-o", "src", saved.name],
        tmp_path,
    )
    sources = sorted(str(p) for p in (tmp_path / "src").rglob("*.java"))
    assert any(s.endswith("OrderServiceSoapStub.java") for s in sources), sources
    (tmp_path / "classes").mkdir()
    run(
        [
            "javac",
            "-nowarn",
            "-encoding",
            "UTF-8",
            "-cp",
            classpath,
            "-d",
            "classes",
            *sources,
            str(CLIENT),
        ],
        tmp_path,
    )
    output = run(
        [
            "java",
            "-Duser.timezone=UTC",
            "-cp",
            f"classes:{classpath}",
            "AxisClient",
            system.soap_url,
            *OPERATOR,
        ],
        tmp_path,
    )
    seen = dict(line.split("=", 1) for line in output.splitlines() if "=" in line)
    assert seen == {
        "GetCustomer.Name": "Acme Industrial Supply",
        "GetCustomer.CreditLimit": "5000.00",
        "GetCustomer.BillingAddress.City": "Rotterdam",
        "GetOrder.Status": "Shipped",
        "GetOrder.OrderDate": "2011-02-28",
        "GetOrder.TotalAmount": "1144.00",
        "GetOrder.Lines": "2",
        "GetOrder.Lines[1].Sku": "TON-HP-305A",
        "CreateOrder.Status": "Confirmed",
        "CreateOrder.TotalAmount": "129.48",
        "CreateOrder.Read.OrderId": "true",
        "CreateOrder.Read.Notes": "Leave at reception",
        "CreateOrder.Read.Quantity": "12",
        "CustomerNotFoundFault.CustomerId": "C-000999",
        "CustomerNotFoundFault.faultString": "Customer C-000999 was not found.",
    }
