"""Contract models built by hand for the codec's tests: the classes of `soap_adapter.contract`
put together the way the reader makes them, one XSD construct at a time."""

from __future__ import annotations

from typing import Any, Literal

from lxml import etree

from soap_adapter.contract import (
    Attribute,
    BindingOperation,
    Body,
    ComplexType,
    Element,
    Fault,
    Header,
    Message,
    ModelGroup,
    Part,
    PortTypeOperation,
    SimpleType,
)
from soap_adapter.contract._model import SOAP_ENC, XS, XSI

TNS = "urn:example:orders"
OTHER = "urn:example:common"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
XSI_TYPE = f"{{{XSI}}}type"


def q(local: str, namespace: str = TNS) -> str:
    return f"{{{namespace}}}{local}"


def builtin(name: str) -> SimpleType:
    return SimpleType(f"{{{XS}}}{name}", name)


def el(name: str, type_: ComplexType | SimpleType | str, **kw: Any) -> Element:
    return Element(name, builtin(type_) if isinstance(type_, str) else type_, **kw)


def seq(*particles: Any, **kw: Any) -> ModelGroup:
    return ModelGroup("sequence", list(particles), **kw)


def choice(*particles: Any, **kw: Any) -> ModelGroup:
    return ModelGroup("choice", list(particles), **kw)


def complex_(name: str | None, *particles: Any, **kw: Any) -> ComplexType:
    return ComplexType(name, content=seq(*particles) if particles else None, **kw)


def attr(name: str, type_: str = "string", **kw: Any) -> Attribute:
    return Attribute(name, builtin(type_), **kw)


def extend(base: ComplexType, name: str, *particles: Any, **kw: Any) -> ComplexType:
    """A complexContent extension: the base's sequence followed by its own, as the reader does."""
    assert base.content is not None
    derived = ComplexType(
        name,
        content=seq(*base.content.particles, *particles),
        attributes=list(base.attributes),
        base=base,
        derivation="extension",
        **kw,
    )
    base.derived.append(derived)
    return derived


def document(
    name: str,
    request: Element | None,
    response: Element | None,
    *,
    headers_in: tuple[Element, ...] = (),
    headers_out: tuple[Element, ...] = (),
    faults: dict[str, Element] | None = None,
) -> BindingOperation:
    """A document/literal operation over global elements (wrapped or bare)."""
    inputs = Message(f"{name}In", [Part("parameters", element=request)] if request else [])
    outputs = Message(f"{name}Out", [Part("parameters", element=response)] if response else [])
    return _operation(
        name, "document", inputs, outputs, "literal", None, headers_in, headers_out, faults
    )


def rpc(
    name: str,
    request: list[Part],
    response: list[Part],
    *,
    use: Literal["literal", "encoded"] = "literal",
    namespace: str = TNS,
    faults: dict[str, Element] | None = None,
) -> BindingOperation:
    return _operation(
        name,
        "rpc",
        Message(f"{name}Request", request),
        Message(f"{name}Response", response),
        use,
        namespace,
        (),
        (),
        faults,
    )


def _operation(
    name: str,
    style: Literal["document", "rpc"],
    inputs: Message,
    outputs: Message,
    use: Literal["literal", "encoded"],
    namespace: str | None,
    headers_in: tuple[Element, ...],
    headers_out: tuple[Element, ...],
    faults: dict[str, Element] | None,
) -> BindingOperation:
    def headers(elements: tuple[Element, ...]) -> list[Header]:
        found = []
        for index, element in enumerate(elements):
            part = Part(f"h{index}", element=element)
            found.append(Header(Message(f"H{index}", [part]), part))
        return found

    encoding = SOAP_ENC if use == "encoded" else None
    fault_messages = {
        fname: Message(fname, [Part("fault", element=detail)])
        for fname, detail in (faults or {}).items()
    }
    port_op = PortTypeOperation(name, inputs, outputs, fault_messages)
    return BindingOperation(
        name,
        port_op,
        f"urn:action:{name}",
        style,
        Body(inputs, list(inputs.parts), use, namespace, encoding, headers(headers_in)),
        Body(outputs, list(outputs.parts), use, namespace, encoding, headers(headers_out)),
        {fname: Fault(fname, message, use, namespace) for fname, message in fault_messages.items()},
    )


def body(xml: str) -> etree._Element:
    """A soap:Body holding `xml` (namespace prefixes tns, c, xsi, xsd, soapenc declared)."""
    return etree.fromstring(
        f'<soap:Body xmlns:soap="{SOAP11}" xmlns:tns="{TNS}" xmlns:c="{OTHER}" '
        f'xmlns:xsi="{XSI}" xmlns:xsd="{XS}" xmlns:soapenc="{SOAP_ENC}">{xml}</soap:Body>'
    )


def header(xml: str) -> etree._Element:
    return etree.fromstring(
        f'<soap:Header xmlns:soap="{SOAP11}" xmlns:tns="{TNS}" xmlns:xsi="{XSI}">{xml}</soap:Header>'
    )


def canon(node: etree._Element) -> str:
    """Canonical XML (C14N 2.0) with prefixes rewritten, xsi:type values included: two
    documents compare equal when they differ in nothing but their prefixes."""
    return etree.canonicalize(
        etree.tostring(node, encoding="unicode"),
        rewrite_prefixes=True,
        qname_aware_attrs=[XSI_TYPE],
    )
