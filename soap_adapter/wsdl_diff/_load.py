"""The comparable model of a contract, built from the one contract model (`soap_adapter.contract`).

The reader resolves imports, includes, groups, references and derivations; here each body,
header and fault element becomes a tree of `Node`s: nested groups flattened (occurrences
multiply, a choice makes its alternatives optional), a named type already being expanded above
left as a recursion marker, and the number of nodes bounded.
"""

from __future__ import annotations

import dataclasses
import pathlib
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import etree

from soap_adapter import _ns
from soap_adapter import contract as model
from soap_adapter.contract import ContractError, Source
from soap_adapter.wsdl_diff._model import (
    Binding,
    Bound,
    BoundOperation,
    Contract,
    Name,
    Node,
    Operation,
    Simple,
)

MAX_NODES = 200_000  # expanded elements per contract: a bound on pathological schemas
_NOWHERE = Source("(contract)", 0)

_BUILTIN_NAMESPACES = {_ns.XS: "xs", _ns.SOAP_ENCODING: "soapenc"}
_BOUNDS = (
    ("minInclusive", "lower", False),
    ("minExclusive", "lower", True),
    ("maxInclusive", "upper", False),
    ("maxExclusive", "upper", True),
)
_COUNTS = (
    ("length", "min_length"),
    ("length", "max_length"),
    ("minLength", "min_length"),
    ("maxLength", "max_length"),
    ("totalDigits", "total_digits"),
    ("fractionDigits", "fraction_digits"),
)


def _name(clark: str) -> Name:
    qname = etree.QName(clark)
    return Name(qname.namespace, qname.localname)


def _label(declared: model.Type | None) -> str:
    """A type as messages name it: `Money`, `xs:string`, `(anonymous)`."""
    if declared is None or declared.name is None:
        return "(anonymous)"
    name = _name(declared.name)
    prefix = _BUILTIN_NAMESPACES.get(name.namespace or "")
    return f"{prefix}:{name.local}" if prefix else name.local


def _times(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a * b


def _signature(simple: Simple) -> str:
    """A simple type as one string, for list item and union member types."""
    facets = [
        f"{field.name}={value!r}"
        for field in dataclasses.fields(simple)
        if field.name != "base"
        and (value := getattr(simple, field.name)) not in (None, frozenset())
    ]
    return simple.base + (f"({', '.join(sorted(facets))})" if facets else "")


def _simple(declared: model.SimpleType) -> Simple:
    """The built-in base and the restrictions of every derivation step."""
    if declared.variety == "list" and declared.item is not None:
        base = f"list of {_signature(_simple(declared.item))}"
    elif declared.variety == "union":
        base = "union of " + " | ".join(_signature(_simple(m)) for m in declared.members)
    elif declared.name is not None and _name(declared.name).namespace in _BUILTIN_NAMESPACES:
        base = _label(declared)
    else:
        base = f"xs:{declared.builtin}"
    facets = declared.facets
    counts: dict[str, int] = {}
    for facet, field in _COUNTS:
        if facet in facets:
            try:
                counts[field] = int(facets[facet])
            except ValueError:
                raise ContractError(
                    f"bad {facet} {facets[facet]!r}", f"xs:{facet}", declared.source or _NOWHERE
                ) from None
    bounds = {
        field: Bound(facets[facet].strip(), exclusive)
        for facet, field, exclusive in _BOUNDS
        if facet in facets
    }
    steps = declared.patterns or ((facets["pattern"],) if "pattern" in facets else ())
    return Simple(
        base=base,
        enumeration=frozenset(declared.enumeration) if declared.enumeration else None,
        patterns=frozenset(tuple(sorted(step)) for step in steps),
        **counts,  # type: ignore[arg-type]
        **bounds,  # type: ignore[arg-type]
    )


@dataclasses.dataclass(frozen=True)
class _Content:
    """What an element of some type holds; how often it occurs is the element's own."""

    label: str
    simple: Simple | None = None
    children: tuple[Node, ...] = ()
    attributes: tuple[Node, ...] = ()
    ordered: bool = True
    wildcard: bool = False
    recursion: str | None = None

    def node(
        self, name: Name, min_occurs: int = 1, max_occurs: int | None = 1, nillable: bool = False
    ) -> Node:
        return Node(
            name=name,
            type_label=self.label,
            min_occurs=min_occurs,
            max_occurs=max_occurs,
            nillable=nillable,
            simple=self.simple,
            children=self.children,
            attributes=self.attributes,
            ordered=self.ordered,
            wildcard=self.wildcard,
            recursion=self.recursion,
        )


class _Trees:
    """Element trees of one contract model, bounded to `max_nodes` elements."""

    def __init__(self, source: str, max_nodes: int) -> None:
        self.source = source
        self.max_nodes = max_nodes
        self.nodes = 0
        self.parts: dict[int, Node] = {}

    def part(self, part: model.Part) -> Node:
        """A message part: its global element, or its type under the part's name (rpc)."""
        if id(part) not in self.parts:
            if part.element is not None:
                node = self.element(part.element, 1, 1, ())
            else:
                node = self.content(part.type, ()).node(Name(None, part.name))
            self.parts[id(part)] = node
        return self.parts[id(part)]

    def element(
        self,
        element: model.Element,
        min_occurs: int,
        max_occurs: int | None,
        stack: tuple[int, ...],
    ) -> Node:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise ContractError(
                f"expands to more than {self.max_nodes} elements",
                "xs:element",
                element.source or Source(self.source, 0),
            )
        name = _name(element.name)
        if id(element.type) in stack:  # already being expanded above: not again
            what = f"type {_label(element.type)}" if element.type.name else f"element {name.local}"
            return Node(name, _label(element.type), min_occurs, max_occurs, recursion=what)
        content = self.content(element.type, stack)
        return content.node(name, min_occurs, max_occurs, element.nillable)

    def content(self, declared: model.Type | None, stack: tuple[int, ...]) -> _Content:
        label = _label(declared)
        if declared is None or declared.name == f"{{{_ns.XS}}}anyType":
            return _Content("xs:anyType", simple=Simple("xs:anyType"))
        if isinstance(declared, model.SimpleType):
            return _Content(label, simple=_simple(declared))
        stack = (*stack, id(declared))
        attributes = tuple(
            Node(
                _name(a.name),
                _label(a.type),
                int(a.required),
                1,
                simple=_simple(a.type),
                is_attribute=True,
            )
            for a in declared.attributes
        )
        if declared.simple_content is not None:
            return _Content(label, _simple(declared.simple_content), attributes=attributes)
        if declared.array_item is not None:  # a SOAP-encoded array: repeated `item` children
            item = self.content(declared.array_item, stack)
            array = dataclasses.replace(item, label=f"{item.label}[]")
            return _Content(label, children=(array.node(Name(None, "item"), 0, None),))
        children, ordered, wildcard = self.particles(declared.content, 1, 1, stack)
        return _Content(label, None, children, attributes, ordered, wildcard)

    def particles(
        self,
        group: model.ModelGroup | None,
        factor_min: int,
        factor_max: int | None,
        stack: tuple[int, ...],
    ) -> tuple[tuple[Node, ...], bool, bool]:
        """Flatten nested groups: occurrences multiply; a choice makes its elements optional."""
        if group is None:
            return (), True, False
        factor_min, factor_max = factor_min * group.min_occurs, _times(factor_max, group.max_occurs)
        if group.kind == "choice" and len(group.particles) > 1:
            factor_min = 0
        children: list[Node] = []
        ordered, wildcard = group.kind != "all", False
        for particle in group.particles:
            if isinstance(particle, model.Element):
                children.append(
                    self.element(
                        particle,
                        particle.min_occurs * factor_min,
                        _times(particle.max_occurs, factor_max),
                        stack,
                    )
                )
            elif isinstance(particle, model.Any):
                wildcard = True
            else:
                nested, nested_ordered, nested_wildcard = self.particles(
                    particle, factor_min, factor_max, stack
                )
                children.extend(nested)
                ordered, wildcard = ordered and nested_ordered, wildcard or nested_wildcard
        return tuple(children), ordered, wildcard


def _parts(trees: _Trees, message: model.Message | None) -> tuple[Node, ...] | None:
    return None if message is None else tuple(trees.part(p) for p in message.parts)


def _binding(
    trees: _Trees, binding: model.Binding, headers: dict[str, dict[str, dict[str, Node]]]
) -> Binding:
    operations: dict[str, BoundOperation] = {}
    for name, bound in binding.operations.items():
        details = {"soapAction": bound.soap_action, "style": bound.style}
        declared: dict[str, set[str]] = {"request": set(), "response": set()}
        for side, body in (("request", bound.input), ("response", bound.output)):
            if body is None:
                continue
            details[f"{side}/use"] = body.use
            details[f"{side}/encodingStyle"] = body.encoding_style or ""
            details[f"{side}/namespace"] = body.namespace or ""
            # The parts the body carries, whether soap:body lists them or leaves `parts` out.
            details[f"{side}/parts"] = " ".join(sorted(p.name for p in body.parts))
            for header in body.headers:
                node = trees.part(header.part)
                key = node.name.local
                declared[side].add(key)
                headers.setdefault(name, {}).setdefault(side, {}).setdefault(key, node)
                details[f"{side}/header/{key}/use"] = header.use
        for fault_name, fault in bound.faults.items():
            details[f"fault/{fault_name}/use"] = fault.use
        operations[name] = BoundOperation(
            details, frozenset(declared["request"]), frozenset(declared["response"])
        )
    return Binding(
        _name(binding.port_type.name).local,
        binding.soap_version,
        binding.style,
        binding.transport,
        operations,
    )


def _http_binding(binding: model.HttpBinding) -> Binding:
    """An HTTP GET/POST binding: what decides where a call goes is its verb and locations."""
    operations = {
        name: BoundOperation({"verb": binding.verb, "location": location}, frozenset(), frozenset())
        for name, location in binding.locations.items()
    }
    return Binding(_name(binding.port_type.name).local, _ns.WSDL_HTTP, "", "", operations)


def _location(source: str) -> str:
    """`source` as the reader takes it: an http(s) URL as given, a file as an absolute path."""
    scheme = urlsplit(source).scheme
    if scheme in ("http", "https"):
        return source
    if scheme == "file":
        return str(pathlib.Path(url2pathname(urlsplit(source).path)).resolve())
    return str(pathlib.Path(source).resolve())


def load_contract(
    source: str, *, catalog: str | None = None, max_nodes: int = MAX_NODES
) -> Contract:
    """Read a WSDL 1.1 (file path or http(s) URL) and every WSDL and schema it imports.

    `catalog` is an OASIS XML catalog for imports that cannot be fetched where they point;
    `max_nodes` bounds the elements the contract may expand to (ContractError beyond it)."""
    location = _location(source)
    read = model.load(location, catalog)
    trees = _Trees(location, max_nodes)
    headers: dict[str, dict[str, dict[str, Node]]] = {}
    bindings = {
        _name(name).local: _binding(trees, binding, headers)
        for name, binding in read.bindings.items()
    }
    bindings.update(
        (_name(name).local, _http_binding(binding)) for name, binding in read.http_bindings.items()
    )
    operations: dict[str, Operation] = {}
    for port_type in read.port_types.values():
        for op in port_type.operations.values():
            key = (
                op.name if op.name not in operations else f"{_name(port_type.name).local}.{op.name}"
            )
            operations[key] = Operation(
                name=op.name,
                request=_parts(trees, op.input),
                response=_parts(trees, op.output),
                faults={
                    fault: next(iter(_parts(trees, message) or ()), None)
                    for fault, message in op.faults.items()
                },
                request_headers=headers.get(op.name, {}).get("request", {}),
                response_headers=headers.get(op.name, {}).get("response", {}),
            )
    ports = {
        f"{_name(service.name).local}/{_name(port.name).local}": _name(port.binding.name).local
        for service in read.services
        for port in service.ports
    }
    return Contract(location, read.target_namespace, operations, bindings, ports)
