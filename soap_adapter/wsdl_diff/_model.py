"""A WSDL and its XSDs read into a comparable model: operations, element trees, bindings."""

from __future__ import annotations

import dataclasses
import decimal
import pathlib
from urllib.parse import urljoin

import requests
from lxml import etree

from soap_adapter import _ns
from soap_adapter._contract import SAFE_PARSER

UNBOUNDED = 10**9


@dataclasses.dataclass(frozen=True)
class Simple:
    """A simple type with its restrictions, followed down to the built-in base."""

    base: str
    enumeration: frozenset[str] | None = None
    patterns: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    total_digits: int | None = None
    fraction_digits: int | None = None
    min_value: decimal.Decimal | None = None
    max_value: decimal.Decimal | None = None


@dataclasses.dataclass
class Node:
    """One element: its occurrence, nillability, and a simple type or ordered children."""

    qname: etree.QName
    min_occurs: int
    max_occurs: int
    nillable: bool
    simple: Simple | None
    children: list[Node]


@dataclasses.dataclass
class Operation:
    name: str
    request: Node | None
    response: Node | None
    faults: dict[str, Node | None]
    headers: dict[str, Node | None]


@dataclasses.dataclass
class Binding:
    version: str
    style: str
    transport: str
    operations: dict[str, dict[str, str]]  # operation -> {soapAction, style, input-use, output-use}


@dataclasses.dataclass
class Contract:
    target_namespace: str
    operations: dict[str, Operation]
    bindings: dict[str, Binding]
    ports: dict[str, str]  # port name -> binding name


def _fetch(location: str) -> bytes:
    if location.startswith(("http://", "https://")):
        response = requests.get(location, timeout=10)
        response.raise_for_status()
        return response.content
    return pathlib.Path(location).read_bytes()


def _xs(local: str) -> str:
    return f"{{{_ns.XS}}}{local}"


def _wsdl(local: str) -> str:
    return f"{{{_ns.WSDL}}}{local}"


class _Schemas:
    def __init__(self) -> None:
        self.elements: dict[etree.QName, etree._Element] = {}
        self.complex: dict[etree.QName, etree._Element] = {}
        self.simple: dict[etree.QName, etree._Element] = {}
        self.seen: set[str] = set()

    def add(self, schema: etree._Element, base: str) -> None:
        tns = schema.get("targetNamespace")
        for child in schema:
            name = child.get("name")
            if name is not None:
                table = {
                    _xs("element"): self.elements,
                    _xs("complexType"): self.complex,
                    _xs("simpleType"): self.simple,
                }.get(child.tag)
                if table is not None:
                    table[etree.QName(tns, name)] = child
            elif child.tag in (_xs("import"), _xs("include")) and child.get("schemaLocation"):
                location = urljoin(base, child.get("schemaLocation"))
                if location not in self.seen:
                    self.seen.add(location)
                    self.add(etree.fromstring(_fetch(location), SAFE_PARSER), location)

    @staticmethod
    def resolve(context: etree._Element, prefixed: str) -> etree.QName:
        prefix, _, local = prefixed.rpartition(":")
        return etree.QName(context.nsmap.get(prefix or None), local)

    def simple_type(self, decl: etree._Element) -> Simple:
        restriction = decl.find(_xs("restriction"))
        if restriction is None:
            return Simple(base="anySimpleType")
        base_name = self.resolve(restriction, restriction.get("base", "xs:string"))
        base = (
            self.simple_type(self.simple[base_name])
            if base_name in self.simple
            else Simple(base=base_name.localname)
        )
        facets: dict[str, object] = {}
        values = frozenset(f.get("value") for f in restriction.iterfind(_xs("enumeration")))
        if values:
            facets["enumeration"] = (
                values if base.enumeration is None else values & base.enumeration
            )
        patterns = tuple(p.get("value") for p in restriction.iterfind(_xs("pattern")))
        if patterns:
            facets["patterns"] = base.patterns + patterns
        for tag, field, pick in (
            ("length", "min_length", max),
            ("length", "max_length", min),
            ("minLength", "min_length", max),
            ("maxLength", "max_length", min),
            ("totalDigits", "total_digits", min),
            ("fractionDigits", "fraction_digits", min),
        ):
            element = restriction.find(_xs(tag))
            if element is not None:
                value = int(element.get("value"))
                current = getattr(base, field)
                facets[field] = value if current is None else pick(current, value)
        for tag, field in (
            ("minInclusive", "min_value"),
            ("maxInclusive", "max_value"),
            ("minExclusive", "min_value"),
            ("maxExclusive", "max_value"),
        ):
            element = restriction.find(_xs(tag))
            if element is not None:
                facets[field] = decimal.Decimal(element.get("value"))
        return dataclasses.replace(base, **facets)  # type: ignore[arg-type]

    def node(self, decl: etree._Element, tns: str | None, depth: int = 0) -> Node:
        if decl.get("ref"):
            ref = self.resolve(decl, decl.get("ref"))
            target = self.elements[ref]
            node = self.node(target, ref.namespace, depth)
            node.min_occurs, node.max_occurs = _occurs(decl)
            return node
        qname = etree.QName(tns, decl.get("name"))
        min_occurs, max_occurs = _occurs(decl)
        simple: Simple | None = None
        children: list[Node] = []
        type_name = decl.get("type")
        complex_decl = decl.find(_xs("complexType"))
        if type_name:
            resolved = self.resolve(decl, type_name)
            if resolved in self.complex:
                complex_decl = self.complex[resolved]
            elif resolved in self.simple:
                simple = self.simple_type(self.simple[resolved])
            else:
                simple = Simple(base=resolved.localname)
        elif decl.find(_xs("simpleType")) is not None:
            simple = self.simple_type(decl.find(_xs("simpleType")))
        elif complex_decl is None:
            simple = Simple(base="anyType")
        if complex_decl is not None and depth < 20:
            # Local elements take the namespace of the schema that declares their type.
            schema = next(complex_decl.iterancestors(_xs("schema")), None)
            qualified = schema is not None and schema.get("elementFormDefault") == "qualified"
            child_tns = schema.get("targetNamespace") if qualified and schema is not None else None
            for particle in complex_decl.iterfind(f"{_xs('sequence')}/{_xs('element')}"):
                children.append(self.node(particle, child_tns, depth + 1))
        return Node(qname, min_occurs, max_occurs, decl.get("nillable") == "true", simple, children)


def _occurs(decl: etree._Element) -> tuple[int, int]:
    max_occurs = decl.get("maxOccurs", "1")
    return int(decl.get("minOccurs", "1")), UNBOUNDED if max_occurs == "unbounded" else int(
        max_occurs
    )


def load_contract(source: str) -> Contract:
    """Read a WSDL (file path or http(s) URL) and every schema it imports."""
    location = (
        source
        if source.startswith(("http://", "https://"))
        else str(pathlib.Path(source).resolve())
    )
    root = etree.fromstring(_fetch(location), SAFE_PARSER)
    if root.tag != _wsdl("definitions"):
        raise ValueError(f"{source} is not a WSDL 1.1 document")
    schemas = _Schemas()
    for schema in root.iterfind(f"{_wsdl('types')}/{_xs('schema')}"):
        schemas.add(schema, location)

    def element(prefixed: str | None) -> Node | None:
        if not prefixed:
            return None
        qname = schemas.resolve(root, prefixed)
        decl = schemas.elements.get(qname)
        return None if decl is None else schemas.node(decl, qname.namespace)

    messages = {}
    for message in root.iterfind(_wsdl("message")):
        part = message.find(_wsdl("part"))
        messages[message.get("name")] = part.get("element") if part is not None else None

    def message_node(holder: etree._Element | None) -> Node | None:
        if holder is None:
            return None
        return element(messages.get(schemas.resolve(holder, holder.get("message")).localname))

    bindings: dict[str, Binding] = {}
    headers: dict[str, dict[str, Node | None]] = {}
    for binding in root.iterfind(_wsdl("binding")):
        soap12 = binding.find(f"{{{_ns.WSDL_SOAP12}}}binding")
        soap = _ns.WSDL_SOAP12 if soap12 is not None else _ns.WSDL_SOAP11
        declared = soap12 if soap12 is not None else binding.find(f"{{{_ns.WSDL_SOAP11}}}binding")
        ops: dict[str, dict[str, str]] = {}
        for op in binding.iterfind(_wsdl("operation")):
            soap_op = op.find(f"{{{soap}}}operation")
            in_body = op.find(f"{_wsdl('input')}/{{{soap}}}body")
            out_body = op.find(f"{_wsdl('output')}/{{{soap}}}body")
            ops[op.get("name")] = {
                "soapAction": soap_op.get("soapAction", "") if soap_op is not None else "",
                "style": (soap_op.get("style") if soap_op is not None else None)
                or (declared.get("style", "document") if declared is not None else ""),
                "input-use": in_body.get("use", "") if in_body is not None else "",
                "output-use": out_body.get("use", "") if out_body is not None else "",
            }
            for header in op.iterfind(f"{_wsdl('input')}/{{{soap}}}header"):
                name = schemas.resolve(header, header.get("message")).localname
                headers.setdefault(op.get("name"), {})[name] = element(messages.get(name))
        bindings[binding.get("name")] = Binding(
            version="1.2" if soap12 is not None else "1.1",
            style=declared.get("style", "document") if declared is not None else "",
            transport=declared.get("transport", "") if declared is not None else "",
            operations=ops,
        )
    operations: dict[str, Operation] = {}
    for port_type in root.iterfind(_wsdl("portType")):
        for op in port_type.iterfind(_wsdl("operation")):
            name = op.get("name")
            operations[name] = Operation(
                name=name,
                request=message_node(op.find(_wsdl("input"))),
                response=message_node(op.find(_wsdl("output"))),
                faults={f.get("name"): message_node(f) for f in op.iterfind(_wsdl("fault"))},
                headers=headers.get(name, {}),
            )
    ports = {
        port.get("name"): schemas.resolve(port, port.get("binding")).localname
        for port in root.iterfind(f"{_wsdl('service')}/{_wsdl('port')}")
    }
    return Contract(root.get("targetNamespace", ""), operations, bindings, ports)
