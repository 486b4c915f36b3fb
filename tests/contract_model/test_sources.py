"""Every declaration keeps the file and line it is declared at (for refusals, the mapping check and
wsdl-diff findings), in inline schemas as in imported ones."""

from __future__ import annotations

import pathlib

from soap_adapter.contract import ComplexType, Element, Source, load

WSDL = pathlib.Path(__file__).parents[2] / "wsdl" / "2011-03" / "OrderService.wsdl"
T = "{http://legacy.example.com/schemas/Orders/2011/03}"
TNS = "{http://legacy.example.com/OrderService/2011/03}"


def _line(path: pathlib.Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_declarations_point_at_their_file_and_line() -> None:
    contract = load(WSDL)
    types = WSDL.parent / "OrderTypes.xsd"

    order = contract.types[f"{T}Order"]
    assert isinstance(order, ComplexType)
    assert order.source == Source("OrderTypes.xsd", _line(types, '<xs:complexType name="Order">'))
    assert contract.elements[f"{T}OrderNotFoundFault"].source == Source(
        "OrderTypes.xsd", _line(types, '<xs:element name="OrderNotFoundFault"')
    )
    assert contract.elements[f"{TNS}GetOrder"].source == Source(
        "OrderService.wsdl", _line(WSDL, '<xs:element name="GetOrder">')
    )
    assert contract.messages[f"{TNS}OrderNotFoundFaultMessage"].source == Source(
        "OrderService.wsdl", _line(WSDL, '<wsdl:message name="OrderNotFoundFaultMessage">')
    )
    assert contract.port_types[f"{TNS}OrderServiceSoap"].source == Source(
        "OrderService.wsdl", _line(WSDL, '<wsdl:portType name="OrderServiceSoap">')
    )
    binding = contract.bindings[f"{TNS}OrderServiceSoap"]
    assert binding.source == Source(
        "OrderService.wsdl", _line(WSDL, '<wsdl:binding name="OrderServiceSoap"')
    )
    assert binding.operations["GetOrder"].source is not None
    assert order.content is not None
    first = order.content.particles[0]
    assert isinstance(first, Element) and first.source is not None
    assert first.source.file == "OrderTypes.xsd"
