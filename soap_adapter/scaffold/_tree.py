"""What a scaffolded mapping lists: every element and attribute of a message, as a tree of members.

A `Node` is one `Field`, `Group` or `Each` to be: its SOAP path (MODEL.md's value convention:
local names, `@attr`, `$`, `##any`, `#header`), its snake_case REST name, the codec for its XSD
type. The mapping module, the stub's OpenAPI schemas and its example answers are all written
from these trees, so they cannot disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Literal

from mappings import _xsd_codecs as x
from soap_adapter.contract import (
    Any,
    BindingOperation,
    Body,
    ComplexType,
    Element,
    ModelGroup,
    Part,
    SimpleType,
    Type,
)
from soap_adapter.contract._model import SOAP_ENC, XS
from soap_adapter.mapping import Codec
from soap_adapter.scaffold._names import Names, snake

# Below this many levels a complex element is handed over whole (an opaque field), so that a
# type that contains itself, directly or through others, still gives a finite mapping.
MAX_DEPTH = 10


@dataclasses.dataclass(eq=False)
class Node:
    kind: Literal["field", "group", "each"]
    soap: str
    rest: str
    codec: Codec | None = None  # a field's, or the items' of an Each of simple values
    children: list[Node] = dataclasses.field(default_factory=list)
    simple: SimpleType | None = None  # a field's type, for the OpenAPI schema
    note: str = ""  # a comment beside the member in the generated module


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def codec_of(simple: SimpleType) -> Codec:
    if simple.variety == "list":
        return x.list_of(codec_of(simple.item)) if simple.item is not None else x.ANY_SIMPLE
    if simple.variety == "union":
        return x.ANY_SIMPLE
    try:
        return x.codec_for(simple.builtin)
    except ValueError:
        return x.ANY_SIMPLE


def codec_source(codec: Codec) -> str:
    """How the generated module names the codec: `x.DECIMAL`, `x.list_of(x.INTEGER)`."""
    if codec.name.startswith("list_of_"):
        item = next(c for c in x.FOR_BUILTIN.values() if c.name == codec.name[len("list_of_") :])
        return f"x.list_of({codec_source(item)})"
    for name in x.__all__:
        if getattr(x, name) is codec:
            return f"x.{name}"
    raise ValueError(f"codec {codec.name} is not one of mappings._xsd_codecs")


def simple_of(type_: Type) -> SimpleType | None:
    """The simple type a value of `type_` is read as: a simple type, or soapenc's `string` and
    kin (simple content with SOAP encoding's id/href), which rpc/encoded contracts use."""
    if isinstance(type_, SimpleType):
        return None if type_.builtin == "anyType" else type_
    if type_.simple_content is not None and (type_.name or "").startswith(f"{{{SOAP_ENC}}}"):
        return type_.simple_content
    return None


def is_any_type(type_: Type) -> bool:
    """xs:anyType: its value is whatever was sent (text, or child elements under `##any`)."""
    if isinstance(type_, SimpleType):
        return type_.builtin == "anyType"
    return type_.name == f"{{{XS}}}anyType"


def concrete(ctype: ComplexType) -> ComplexType | None:
    """The type a value of `ctype` is written as: itself, or for an abstract type the first
    concrete type derived from it (sent with xsi:type). None: no type can stand in."""
    if not ctype.abstract:
        return ctype
    return next((d for d in ctype.derived if not d.abstract), None)


def alternatives(element: Element) -> list[Element]:
    """The elements that may occur where `element` is declared: itself unless abstract, then
    its substitution group."""
    found = [] if element.abstract else [element]
    return found + [s for s in element.substitutes if not s.abstract and s is not element]


@dataclasses.dataclass
class Occurrence:
    particle: Element | Any
    repeated: bool  # it or a group around it may occur more than once
    first: bool  # on the path that takes every choice's first alternative


def occurrences(
    group: ModelGroup, repeated: bool = False, first: bool = True
) -> Iterator[Occurrence]:
    repeated = repeated or group.max_occurs != 1
    for i, particle in enumerate(group.particles):
        on_first = first and (group.kind != "choice" or i == 0)
        if isinstance(particle, ModelGroup):
            yield from occurrences(particle, repeated, on_first)
        elif particle.max_occurs != 0:
            yield Occurrence(particle, repeated or particle.max_occurs != 1, on_first)


class _Builder:
    def __init__(self) -> None:
        self.cut: list[str] = []  # the types handed over whole, for the module's comment

    def shape(self, ctype: ComplexType, path: tuple[Type, ...]) -> list[Node]:
        names = Names()
        elements: list[tuple[Element | Any, bool]] = []
        seen: set[str] = set()
        for occ in occurrences(ctype.content) if ctype.content is not None else ():
            if isinstance(occ.particle, Any):
                key = "##any"
                if key not in seen:
                    seen.add(key)
                    elements.append((occ.particle, occ.repeated))
                continue
            for element in alternatives(occ.particle):
                if local(element.name) not in seen:
                    seen.add(local(element.name))
                    elements.append((element, occ.repeated))
        # Elements get the plain names; an attribute or the text that clashes gets a suffix.
        element_names = [names("any" if isinstance(p, Any) else snake(p.name)) for p, _ in elements]
        nodes: list[Node] = []
        for attribute in ctype.attributes:
            nodes.append(
                self.field(
                    f"@{local(attribute.name)}", names(snake(attribute.name)), attribute.type
                )
            )
        if ctype.simple_content is not None:
            nodes.append(self.field("$", names("value"), ctype.simple_content))
        if ctype.array_item is not None:
            # A SOAP-encoded array inside a type's content has no element names of its own.
            item = Element(name="item", type=ctype.array_item)
            nodes.append(self.repeated("item", names("items"), item, path))
        for (particle, repeated), rest in zip(elements, element_names, strict=True):
            if isinstance(particle, Any):
                nodes.append(
                    Node("field", "##any", rest, x.ANY, note="xs:any: the elements as XML text")
                )
            elif repeated:
                nodes.append(self.repeated(local(particle.name), rest, particle, path))
            else:
                nodes.append(self.single(local(particle.name), rest, particle.type, path))
        return nodes

    def field(self, soap: str, rest: str, simple: SimpleType) -> Node:
        return Node("field", soap, rest, codec_of(simple), simple=simple)

    def single(self, soap: str, rest: str, type_: Type, path: tuple[Type, ...]) -> Node:
        """One element's member: a field, a group, or an Each for a SOAP-encoded array."""
        simple = simple_of(type_)
        if simple is not None:
            return self.field(soap, rest, simple)
        if isinstance(type_, SimpleType) or is_any_type(type_):
            return Node("field", soap, rest, x.OPAQUE, note="xs:anyType: whatever is sent")
        if type_.array_item is not None:
            item = Element(name="item", type=type_.array_item)
            return self.repeated(soap, rest, item, path, note="SOAP-encoded array")
        return self.group(soap, rest, type_, path)

    def repeated(
        self, soap: str, rest: str, element: Element, path: tuple[Type, ...], note: str = ""
    ) -> Node:
        inner = self.single("", "", element.type, path)
        if inner.codec is x.OPAQUE:  # items handed over whole: the list is, as one JSON array
            return Node("field", soap, rest, x.OPAQUE, note=inner.note)
        if inner.kind != "group":  # simple items, or items handed over whole
            return Node("each", soap, rest, inner.codec, [inner], note=note or inner.note)
        return Node("each", soap, rest, children=inner.children, note=note or inner.note)

    def group(self, soap: str, rest: str, ctype: ComplexType, path: tuple[Type, ...]) -> Node:
        if ctype.simple_content is not None and not ctype.attributes and not ctype.content:
            return Node("group", soap, rest, children=self.shape(ctype, path))
        written = concrete(ctype)
        if written is None:
            return Node(
                "field",
                soap,
                rest,
                x.OPAQUE,
                note=f"abstract type {local(ctype.name or '?')} has no concrete type",
            )
        if ctype in path or len(path) >= MAX_DEPTH:
            name = local(ctype.name or "anonymous")
            self.cut.append(name)
            why = "contains itself" if ctype in path else f"is more than {MAX_DEPTH} levels deep"
            return Node(
                "field",
                soap,
                rest,
                x.OPAQUE,
                note=f"{name} {why}: handed over whole (its decoded value as JSON)",
            )
        children = self.shape(written, (*path, ctype))
        note = ""
        if written is not ctype:
            taken = tuple(c.rest for c in children)
            children.insert(0, Node("field", "@xsi:type", Names(taken)("xsi_type"), x.QNAME))
            note = f"abstract {local(ctype.name or '?')}: written as {local(written.name or '?')}"
        return Node("group", soap, rest, children=children, note=note)


def part_type(part: Part) -> Type:
    """A part's type: its element's, or the one it names (rpc style)."""
    type_ = part.element.type if part.element is not None else part.type
    if type_ is None:
        raise ValueError(f"message part {part.name} has neither an element nor a type")
    return type_


@dataclasses.dataclass
class Message:
    """A bound input or output as the mapping sees it: its members, and the types cut short."""

    nodes: list[Node]
    cut: list[str]


def _body_nodes(builder: _Builder, body: Body, style: str, names: Names) -> list[Node]:
    parts = body.parts
    if style == "document" and len(parts) == 1 and parts[0].element is not None:
        # The element's own value: a wrapper's children, or a bare element's content.
        element = parts[0].element
        if isinstance(element.type, ComplexType) and element.type.array_item is None:
            written = concrete(element.type)
            if written is not None and written is element.type:
                nodes = builder.shape(written, (element.type,))
                for node in nodes:
                    names.taken.add(node.rest)
                return nodes
        return [builder.single("", names("value"), element.type, ())]
    nodes = []
    for part in parts:
        if style == "document" and part.element is not None:
            key, type_ = local(part.element.name), part.element.type
        else:
            key, type_ = part.name, part_type(part)
        nodes.append(builder.single(key, names(snake(key)), type_, ()))
    return nodes


def message(operation: BindingOperation, direction: Literal["input", "output"]) -> Message:
    body = operation.input if direction == "input" else operation.output
    if body is None:
        return Message([], [])
    builder = _Builder()
    names = Names()
    nodes = _body_nodes(builder, body, operation.style, names)
    if direction == "input" and body.headers:
        headers = Names()
        members = [
            builder.single(h.part.name, headers(snake(h.part.name)), part_type(h.part), ())
            for h in body.headers
        ]
        nodes.append(
            Node(
                "group",
                "#header",
                names("soap_header"),
                children=members,
                note="the SOAP headers, by part name",
            )
        )
    return Message(nodes, builder.cut)


def fault_detail(operation: BindingOperation, name: str) -> tuple[str, Message]:
    """A declared fault's detail element's local name and its members."""
    fault_message = operation.operation.faults[name]
    part = fault_message.parts[0]
    builder = _Builder()
    # The detail element's local name, or (a part by type, rpc/encoded) the fault's own name.
    element = local(part.element.name) if part.element is not None else name
    type_ = part_type(part)
    if isinstance(type_, ComplexType) and type_.array_item is None and concrete(type_) is type_:
        return element, Message(builder.shape(type_, (type_,)), builder.cut)
    return element, Message([builder.single("", "value", type_, ())], builder.cut)
