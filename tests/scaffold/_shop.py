"""A small contract built by hand in the contract model: the XSD constructs a scaffold must list.

PlaceOrder (document/literal wrapped, SOAP 1.1 and 1.2): a repeated wrapper (`Lines/Line`), a
choice, simple content with an attribute (`Money`), an attribute whose snake_case name clashes
with an element's, a recursive type (`Category`), a repeated simple element, `xs:any`, an
enumeration, a pattern, and a declared fault. Echo (rpc/literal): parts by type. The types of
an abstract element with a substitution group and of an abstract type derived twice are used
by GetItem.
"""

from __future__ import annotations

import pathlib

from soap_adapter.contract import (
    Any,
    Attribute,
    Binding,
    BindingOperation,
    Body,
    ComplexType,
    Contract,
    Element,
    Fault,
    Header,
    Message,
    ModelGroup,
    Part,
    Port,
    PortType,
    PortTypeOperation,
    Service,
    SimpleType,
)

NS = "urn:example:shop"


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def builtin(name: str) -> SimpleType:
    return SimpleType(f"{{http://www.w3.org/2001/XMLSchema}}{name}", name)


STRING, INT, DECIMAL = builtin("string"), builtin("int"), builtin("decimal")
DATETIME, BOOLEAN, DOUBLE, DATE = (
    builtin("dateTime"),
    builtin("boolean"),
    builtin("double"),
    builtin("date"),
)


def seq(*particles: Element | Any | ModelGroup, kind: str = "sequence") -> ModelGroup:
    return ModelGroup(kind, list(particles))  # type: ignore[arg-type]


def el(name: str, type_: ComplexType | SimpleType, **kw: object) -> Element:
    return Element(q(name), type_, **kw)  # type: ignore[arg-type]


def build() -> Contract:
    currency = SimpleType(q("Currency"), "string", enumeration=("EUR", "USD"))
    money = ComplexType(
        q("Money"),
        simple_content=DECIMAL,
        attributes=[Attribute("currency", currency, required=True)],
    )
    sku = SimpleType(q("Sku"), "string", facets={"pattern": r"[A-Z]{3}-\d{4}"})
    category = ComplexType(q("Category"))
    category.content = seq(el("Name", STRING), el("Parent", category, min_occurs=0))  # recursive
    line = ComplexType(
        q("Line"),
        content=seq(el("Sku", sku), el("Quantity", INT), el("Price", money)),
        attributes=[Attribute("sku", STRING)],  # clashes with Sku in snake_case
    )
    lines = ComplexType(None, content=seq(el("Line", line, max_occurs=None)))
    place_order = el(
        "PlaceOrder",
        ComplexType(
            None,
            content=seq(
                el("CustomerId", INT),
                el("Lines", lines),
                seq(el("Email", STRING), el("Phone", STRING), kind="choice"),
                el("Category", category),
                el("Note", STRING, min_occurs=0, nillable=True),
                el("Tag", STRING, min_occurs=0, max_occurs=None),
                Any(namespace="##other", process_contents="lax", min_occurs=0),
            ),
        ),
        is_global=True,
    )
    response = el(
        "PlaceOrderResponse",
        ComplexType(
            None,
            content=seq(
                el("OrderId", INT),
                el("Total", money),
                el("CreatedAt", DATETIME),
                el("Paid", BOOLEAN),
                el("Ratio", DOUBLE),
                el("ShipOn", DATE),
            ),
        ),
        is_global=True,
    )
    fault_element = el(
        "OrderFault",
        ComplexType(None, content=seq(el("Code", STRING), el("Message", STRING))),
        is_global=True,
    )
    # GetItem: an abstract element with two substitutes, and an abstract type with one
    # concrete type derived from it.
    item = ComplexType(q("Item"), abstract=True, content=seq(el("Title", STRING)))
    book = ComplexType(
        q("Book"),
        content=seq(el("Title", STRING), el("Isbn", STRING)),
        base=item,
        derivation="extension",
    )
    item.derived.append(book)
    thing = el("Thing", STRING, abstract=True, is_global=True)
    gadget = el("Gadget", STRING, is_global=True)
    widget = el("Widget", INT, is_global=True)
    thing.substitutes = (gadget, widget)
    get_item = el("GetItem", ComplexType(None, content=seq(el("Id", INT))), is_global=True)
    get_item_response = el(
        "GetItemResponse",
        ComplexType(None, content=seq(el("Item", item), thing)),
        is_global=True,
    )

    place_in = Message(q("PlaceOrderIn"), [Part("parameters", element=place_order)])
    place_out = Message(q("PlaceOrderOut"), [Part("parameters", element=response)])
    fault_message = Message(q("OrderFaultMessage"), [Part("fault", element=fault_element)])
    echo_in = Message(q("EchoIn"), [Part("text", type=STRING), Part("count", type=INT)])
    echo_out = Message(q("EchoOut"), [Part("return", type=STRING)])
    item_in = Message(q("GetItemIn"), [Part("parameters", element=get_item)])
    item_out = Message(q("GetItemOut"), [Part("parameters", element=get_item_response)])
    operations = {
        "PlaceOrder": PortTypeOperation(
            "PlaceOrder", place_in, place_out, faults={"OrderFault": fault_message}
        ),
        "Echo": PortTypeOperation("Echo", echo_in, echo_out),
        "GetItem": PortTypeOperation("GetItem", item_in, item_out),
    }
    port_type = PortType(q("ShopPort"), operations)

    def bind(version: str) -> Binding:
        binding = Binding(q(f"ShopSoap{version}"), port_type, version, "http")  # type: ignore[arg-type]
        for name, op in operations.items():
            style = "rpc" if name == "Echo" else "document"
            assert op.input is not None and op.output is not None
            binding.operations[name] = BindingOperation(
                name,
                op,
                f"urn:{name}",
                style,  # type: ignore[arg-type]
                Body(op.input, list(op.input.parts), namespace=NS if style == "rpc" else None),
                Body(op.output, list(op.output.parts), namespace=NS if style == "rpc" else None),
                faults={f: Fault(f, m) for f, m in op.faults.items()},
            )
        return binding

    soap11, soap12 = bind("1.1"), bind("1.2")
    elements = {
        e.name: e for e in (place_order, response, fault_element, thing, gadget, widget, get_item)
    }
    return Contract(
        wsdl=pathlib.Path("Shop.wsdl"),
        target_namespace=NS,
        services=[
            Service(
                "Shop",
                [
                    Port("ShopSoap", soap11, "http://example/shop"),
                    Port("ShopSoap12", soap12, "http://example/shop"),
                ],
            )
        ],
        bindings={soap11.name: soap11, soap12.name: soap12},
        port_types={port_type.name: port_type},
        messages={m.name: m for m in (place_in, place_out, fault_message, echo_in, echo_out)},
        elements=elements,
        types={t.name: t for t in (money, category, line, item, book) if t.name},
        documents={},
    )


def build_kinds() -> Contract:
    """One operation, Tally (document/literal, SOAP 1.1), for the simple-type varieties, an
    encoded-style array type and a request header: `Counts` an xs:list of int, `Code` a
    union, `Batch` a SOAP-encoded array of strings, `Session` a header part."""
    counts = SimpleType(q("Counts"), "int", variety="list", item=INT)
    code = SimpleType(q("Code"), "anySimpleType", variety="union", members=(INT, STRING))
    batch = ComplexType(q("ArrayOfString"), array_item=STRING)
    tally = el(
        "Tally",
        ComplexType(None, content=seq(el("Counts", counts), el("Code", code), el("Batch", batch))),
        is_global=True,
    )
    total = el("TallyResponse", ComplexType(None, content=seq(el("Total", INT))), is_global=True)
    session = el("Session", ComplexType(None, content=seq(el("Token", STRING))), is_global=True)
    tally_in = Message(q("TallyIn"), [Part("parameters", element=tally)])
    tally_out = Message(q("TallyOut"), [Part("parameters", element=total)])
    session_message = Message(q("SessionIn"), [Part("session", element=session)])
    operation = PortTypeOperation("Tally", tally_in, tally_out)
    port_type = PortType(q("KindsPort"), {"Tally": operation})
    binding = Binding(q("KindsSoap"), port_type, "1.1", "http")
    binding.operations["Tally"] = BindingOperation(
        "Tally",
        operation,
        "urn:Tally",
        "document",
        Body(
            tally_in,
            list(tally_in.parts),
            headers=[Header(session_message, session_message.parts[0])],
        ),
        Body(tally_out, list(tally_out.parts)),
    )
    return Contract(
        wsdl=pathlib.Path("Kinds.wsdl"),
        target_namespace=NS,
        services=[Service("Kinds", [Port("KindsSoap", binding, "http://example/kinds")])],
        bindings={binding.name: binding},
        port_types={port_type.name: port_type},
        messages={m.name: m for m in (tally_in, tally_out, session_message)},
        elements={e.name: e for e in (tally, total, session)},
        types={t.name: t for t in (counts, code, batch) if t.name},
        documents={},
    )
