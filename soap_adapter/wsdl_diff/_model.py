"""The comparable shape of a contract: operations with element trees, bindings, ports."""

from __future__ import annotations

import dataclasses

from soap_adapter import _ns


@dataclasses.dataclass(frozen=True, order=True)
class Name:
    """A namespace-qualified name; namespace None for unqualified local elements."""

    namespace: str | None
    local: str

    def __str__(self) -> str:
        if self.namespace == _ns.XS:
            return f"xs:{self.local}"
        return self.local


@dataclasses.dataclass(frozen=True)
class Bound:
    """One end of a value range: minInclusive/minExclusive or maxInclusive/maxExclusive."""

    value: str
    exclusive: bool

    def __str__(self) -> str:
        return f"{self.value} ({'exclusive' if self.exclusive else 'inclusive'})"


@dataclasses.dataclass(frozen=True)
class Simple:
    """A simple type with the restrictions of every derivation step down to its built-in base."""

    base: str  # "xs:int", "list of xs:int", "union of xs:int xs:string", "soapenc:Array"
    enumeration: frozenset[str] | None = None
    patterns: frozenset[tuple[str, ...]] = frozenset()  # one tuple per derivation step
    min_length: int | None = None
    max_length: int | None = None
    total_digits: int | None = None
    fraction_digits: int | None = None
    lower: Bound | None = None
    upper: Bound | None = None


@dataclasses.dataclass(frozen=True)
class Node:
    """One element (or attribute) with its occurrence, its simple content, and its children."""

    name: Name
    type_label: str  # the declared type, for messages: "Money", "xs:string", "(anonymous)"
    min_occurs: int = 1
    max_occurs: int | None = 1  # None: unbounded
    nillable: bool = False
    simple: Simple | None = None  # text content: a simple type or simpleContent
    children: tuple[Node, ...] = ()  # element particles, in document order
    attributes: tuple[Node, ...] = ()
    ordered: bool = True  # False under xs:all
    wildcard: bool = False  # xs:any among the particles
    recursion: str | None = None  # a named type already being expanded above: not again
    is_attribute: bool = False


@dataclasses.dataclass(frozen=True)
class Operation:
    """A portType operation: body parts per direction, faults, and the headers bindings add."""

    name: str
    request: tuple[Node, ...] | None  # None: no input message
    response: tuple[Node, ...] | None  # None: no output message (one-way)
    faults: dict[str, Node | None]  # fault name -> detail element (None: no element part)
    request_headers: dict[str, Node]
    response_headers: dict[str, Node]


@dataclasses.dataclass(frozen=True)
class BoundOperation:
    """How one binding puts one operation on the wire."""

    details: dict[str, str]  # "soapAction", "style", "request/use", "fault/X/use", ...
    request_headers: frozenset[str]
    response_headers: frozenset[str]


@dataclasses.dataclass(frozen=True)
class Binding:
    port_type: str
    soap_version: str  # "1.1", "1.2", or the namespace of another binding extension
    style: str
    transport: str
    operations: dict[str, BoundOperation]


@dataclasses.dataclass(frozen=True)
class Contract:
    """One WSDL with everything it imports, read by `load_contract`."""

    source: str
    target_namespace: str
    operations: dict[str, Operation]
    bindings: dict[str, Binding]
    ports: dict[str, str]  # "Service/Port" -> binding name


@dataclasses.dataclass(frozen=True)
class Difference:
    """One difference between two contracts and whether it breaks clients of the old one."""

    path: str
    kind: str
    direction: str  # request, response, both, binding
    breaking: bool
    message: str
