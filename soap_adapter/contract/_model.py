"""The contract model: one WSDL 1.1 service and its XSD, as every part of the adapter reads it.

Names are Clark strings, `{namespace}local` (`local` alone when unqualified), as lxml spells tags.
Types may refer to themselves through their content, so the classes compare by identity.
`max_occurs` is None for `unbounded`. Every declaration keeps its `Source` (file and line), so
that a refusal, a mapping check or a wsdl-diff finding can point at it.
"""

from __future__ import annotations

import dataclasses
import pathlib
from typing import Literal

XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a construct is declared: the file (as the contract names it) and the line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


# ---- XSD ---------------------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class SimpleType:
    """An atomic, list or union type. `builtin` is the XSD built-in it is or restricts
    (`string`, `int`, `decimal`, `dateTime`, `base64Binary`, ...; `anySimpleType` for a union)."""

    name: str | None
    builtin: str
    variety: Literal["atomic", "list", "union"] = "atomic"
    item: SimpleType | None = None  # list: the item type
    members: tuple[SimpleType, ...] = ()  # union: the member types, in order
    enumeration: tuple[str, ...] = ()
    facets: dict[str, str] = dataclasses.field(default_factory=dict)  # pattern, maxLength, ...
    source: Source | None = None
    # Added for wsdl-diff: the patterns of every restriction step, base first (a value matches
    # one pattern of each step); `facets["pattern"]` is the last step's alone.
    patterns: tuple[tuple[str, ...], ...] = ()


@dataclasses.dataclass(eq=False)
class Attribute:
    name: str
    type: SimpleType
    required: bool = False
    default: str | None = None
    fixed: str | None = None
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class AnyAttribute:
    namespace: str = "##any"
    process_contents: Literal["strict", "lax", "skip"] = "strict"
    # The targetNamespace of the schema declaring the wildcard: what `##targetNamespace` and
    # `##other` in `namespace` are relative to (None: a schema without one).
    target_namespace: str | None = None


@dataclasses.dataclass(eq=False)
class Element:
    """An element declaration or reference as it occurs in a content model (or a global one).

    `substitutes` are the global elements of its substitution group (transitively) that may
    stand in its place; for an abstract element one of them must."""

    name: str
    type: ComplexType | SimpleType
    min_occurs: int = 1
    max_occurs: int | None = 1
    nillable: bool = False
    abstract: bool = False
    default: str | None = None
    fixed: str | None = None
    is_global: bool = False  # a global declaration, or a `ref=` to one (it carries its name)
    substitutes: tuple[Element, ...] = ()
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class Any:
    """`xs:any`: elements not declared here, kept as they come."""

    namespace: str = "##any"
    process_contents: Literal["strict", "lax", "skip"] = "strict"
    min_occurs: int = 1
    max_occurs: int | None = 1
    target_namespace: str | None = None  # as AnyAttribute.target_namespace


@dataclasses.dataclass(eq=False)
class ModelGroup:
    kind: Literal["sequence", "choice", "all"]
    particles: list[Particle] = dataclasses.field(default_factory=list)
    min_occurs: int = 1
    max_occurs: int | None = 1


Particle = Element | Any | ModelGroup


@dataclasses.dataclass(eq=False)
class ComplexType:
    """A complex type with its effective content: what it inherits is already in `content` and
    `attributes` (an extension is the base's sequence followed by its own particles).

    `derived` lists every named type derived from it, directly or not: what `xsi:type` may name
    in its place. `array_item` is set for a SOAP-encoded array (a restriction of
    soapenc:Array): the type of its items, from `wsdl:arrayType`."""

    name: str | None
    content: ModelGroup | None = None
    simple_content: SimpleType | None = None
    attributes: list[Attribute] = dataclasses.field(default_factory=list)
    any_attribute: AnyAttribute | None = None
    mixed: bool = False
    abstract: bool = False
    base: ComplexType | SimpleType | None = None
    derivation: Literal["extension", "restriction"] | None = None
    derived: list[ComplexType] = dataclasses.field(default_factory=list)
    array_item: ComplexType | SimpleType | None = None
    source: Source | None = None


Type = ComplexType | SimpleType


# ---- WSDL 1.1 ----------------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Part:
    """A message part: by `element` (document style) or by `type` (rpc style)."""

    name: str
    element: Element | None = None
    type: Type | None = None


@dataclasses.dataclass(eq=False)
class Message:
    name: str
    parts: list[Part] = dataclasses.field(default_factory=list)
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class PortTypeOperation:
    name: str
    input: Message | None
    output: Message | None  # None: one-way
    faults: dict[str, Message] = dataclasses.field(default_factory=dict)
    documentation: str = ""
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class PortType:
    name: str
    operations: dict[str, PortTypeOperation] = dataclasses.field(default_factory=dict)
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class Header:
    """A soap:header of a bound input or output: one part of a (possibly other) message."""

    message: Message
    part: Part
    use: Literal["literal", "encoded"] = "literal"
    namespace: str | None = None
    encoding_style: str | None = None


@dataclasses.dataclass(eq=False)
class Body:
    """What a bound input or output carries: the body parts (soap:body `parts` applied), how
    they are written, and its headers."""

    message: Message
    parts: list[Part]
    use: Literal["literal", "encoded"] = "literal"
    namespace: str | None = None  # soap:body/@namespace: the rpc wrapper's namespace
    encoding_style: str | None = None
    headers: list[Header] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class Fault:
    """A bound fault: its message has one part, the fault's detail element (or type)."""

    name: str
    message: Message
    use: Literal["literal", "encoded"] = "literal"
    namespace: str | None = None


@dataclasses.dataclass(eq=False)
class BindingOperation:
    name: str
    operation: PortTypeOperation
    soap_action: str
    style: Literal["document", "rpc"]
    input: Body
    output: Body | None  # None: one-way
    faults: dict[str, Fault] = dataclasses.field(default_factory=dict)
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class Binding:
    name: str
    port_type: PortType
    soap_version: Literal["1.1", "1.2"]
    transport: str
    operations: dict[str, BindingOperation] = dataclasses.field(default_factory=dict)
    source: Source | None = None
    style: Literal["document", "rpc"] = "document"  # soap:binding/@style, the operations' default


@dataclasses.dataclass(eq=False)
class HttpBinding:
    """An HTTP GET/POST binding (`http:binding`, as .NET's ASMX publishes beside SOAP): never
    served, kept so that wsdl-diff can compare it. `locations`: operation -> http:operation
    location."""

    name: str
    port_type: PortType
    verb: str
    locations: dict[str, str] = dataclasses.field(default_factory=dict)
    source: Source | None = None


@dataclasses.dataclass(eq=False)
class Port:
    name: str
    binding: Binding
    address: str  # soap:address/@location as published


@dataclasses.dataclass(eq=False)
class Service:
    name: str
    ports: list[Port] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class Document:
    """One file of the contract as read: the WSDL, an imported WSDL, or a schema.

    `name` is unique within the contract and safe in a URL (the edge serves the document under
    it); `links` maps every location written in this document (wsdl:import/@location,
    xs:import/xs:include/@schemaLocation) to the `name` of the document it resolved to."""

    name: str
    url: str  # where it was read from (file path or URL, after the catalog)
    data: bytes
    kind: Literal["wsdl", "xsd"]
    links: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(eq=False)
class Contract:
    """A WSDL and everything it imports, read once."""

    wsdl: pathlib.Path
    target_namespace: str
    services: list[Service]
    bindings: dict[str, Binding]
    port_types: dict[str, PortType]
    messages: dict[str, Message]
    elements: dict[str, Element]  # global elements
    types: dict[str, Type]  # named types, built-ins that are used included
    documents: dict[str, Document]  # by Document.name; the main WSDL first
    http_bindings: dict[str, HttpBinding] = dataclasses.field(default_factory=dict)  # not served
