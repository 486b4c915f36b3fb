"""Reads XML into values of the contract model, checking structure as it goes (MODEL.md's value
convention): one `CodecError` with the path of the first problem, never a partial value."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from soap_adapter import _ns
from soap_adapter.contract import _codec_values as values
from soap_adapter.contract._codec_common import (
    XSI_NIL,
    XSI_TYPE,
    CodecError,
    candidates,
    elements_of,
    emptiable,
    encoded_simple,
    is_any_type,
    local,
)
from soap_adapter.contract._model import (
    SOAP_ENC,
    XS,
    XSI,
    ComplexType,
    Element,
    ModelGroup,
    SimpleType,
    Type,
)
from soap_adapter.contract._model import (
    Any as AnyParticle,
)

XSI_1999 = "http://www.w3.org/1999/XMLSchema-instance"  # Axis 1.x and SOAP::Lite still send it
_NIL = (XSI_NIL, f"{{{XSI_1999}}}null", f"{{{XSI_1999}}}nil")
_NIL_TYPE = (f"{{{XSI_1999}}}type",)
# Attributes that belong to SOAP or XSI, never to the schema of the element that carries them.
_FOREIGN = (XSI, XSI_1999, _ns.SOAP11_ENV, _ns.SOAP12_ENV, SOAP_ENC)
_ENCODING_ATTRIBUTES = ("id", "href", "root")


@dataclasses.dataclass(slots=True)
class _Content:
    """The content of one complex value being read, as `group`, `once` and `particle` pass it
    down: the element's child elements, the value read so far, and the path that errors name."""

    children: list[etree._Element]
    out: dict[str, Any]
    path: str


@dataclasses.dataclass
class Reader:
    """Reads the elements of one message. `refs`: the Body's elements by `id`, for the
    `href="#id"` of SOAP encoding; `types`: the contract's named types, for `xsi:type`."""

    encoded: bool = False
    refs: dict[str, etree._Element] = dataclasses.field(default_factory=dict)
    types: Mapping[str, Type] = dataclasses.field(default_factory=dict)

    # ---- elements ------------------------------------------------------------------------------

    def deref(self, node: etree._Element, path: str) -> etree._Element:
        """The element that holds the value: itself, or what its `href="#id"` points at."""
        seen = 0
        while self.encoded and (href := node.get("href")) is not None:
            target = self.refs.get(href.removeprefix("#")) if href.startswith("#") else None
            if target is None or seen > 64:
                raise CodecError(path, f"href {href[:80]} points at no element of the Body")
            node, seen = target, seen + 1
        return node

    def element(self, decl: Element, node: etree._Element, path: str) -> Any:
        """The value of `node`, an occurrence of `decl` (or of one of its substitutes)."""
        if self.encoded:
            node = self.deref(node, path)
        if _is_nil(node, self.encoded):
            if not (decl.nillable or self.encoded):
                raise CodecError(path, "xsi:nil on an element that is not nillable")
            if len(node):
                raise CodecError(path, "an element with xsi:nil must be empty")
            return None
        return self.typed(decl.type, node, path, default=decl.default or decl.fixed)

    def typed(
        self, declared: Type, node: etree._Element, path: str, default: str | None = None
    ) -> Any:
        if node.get(XSI_TYPE) is None and not self.encoded and not _abstract(declared):
            actual, sent = declared, None  # the common case: no xsi:type sent
        else:
            actual, sent = self.xsi_type(declared, node, path)
        if isinstance(actual, SimpleType):
            if actual.builtin == "anyType":
                return self.any_type(node, path)
            return self.simple(actual, node, path, default)
        simple = encoded_simple(actual)
        if simple is not None:
            return self.simple(simple, node, path, default)
        if is_any_type(actual):
            return self.any_type(node, path)
        if actual.array_item is not None or actual.name == f"{{{SOAP_ENC}}}Array":
            return self.array(actual, node, path)
        out: dict[str, Any] = {}
        if sent is not None and actual is not declared:
            out["@xsi:type"] = sent
        self.attributes(actual, node, out, path)
        children = [c for c in node if isinstance(c.tag, str)]
        if actual.simple_content is not None:
            if children:
                raise CodecError(path, "simple content has no child elements")
            out["$"] = self.simple(actual.simple_content, node, path, default)
            return out
        if actual.content is None:
            if children:
                raise CodecError(f"{path}/{local(children[0].tag)}", "unexpected element")
            return out
        if self.encoded and actual.content.kind != "choice":
            self.struct(actual.content, children, out, path)
            return out
        end = self.group(_Content(children, out, path), actual.content, 0, False)
        if end < len(children):
            raise CodecError(f"{path}/{local(children[end].tag)}", "unexpected element")
        return out

    def xsi_type(self, declared: Type, node: etree._Element, path: str) -> tuple[Type, str | None]:
        """The type `node` is written in: its xsi:type (one derived from the declared, a built-in
        for anyType and encoded parts) or the declared one; and the Clark name sent."""
        text = node.get(XSI_TYPE) or next((node.get(a) for a in _NIL_TYPE if node.get(a)), None)
        if text is None:
            if isinstance(declared, ComplexType) and declared.abstract:
                raise CodecError(
                    path,
                    f"the type {local(declared.name or '')} is abstract: xsi:type must name one derived from it",
                )
            return declared, None
        try:
            name = values.parse_builtin("QName", text, node.nsmap)
        except ValueError as exc:
            raise CodecError(path, f"xsi:type: {exc}") from None
        if name == declared.name:
            return declared, name
        if isinstance(declared, ComplexType):
            for derived in declared.derived:
                if derived.name == name:
                    if derived.abstract:
                        raise CodecError(path, f"xsi:type {local(name)} is abstract")
                    return derived, name
        namespace, _, local_name = name[1:].partition("}")
        if isinstance(declared, SimpleType) or is_any_type(declared) or self.encoded:
            if namespace in (XS, "http://www.w3.org/1999/XMLSchema") and values.is_builtin(
                local_name
            ):
                builtin = values.builtin_type(local_name)
                # A simple declared type keeps its facets; xsi:type only says how it was written.
                return (declared if isinstance(declared, SimpleType) else builtin), name
            found = self.types.get(name)
            if found is not None and (is_any_type(declared) or self.encoded):
                return found, name
        if namespace == SOAP_ENC and isinstance(declared, SimpleType | ComplexType):
            return declared, name  # soapenc:string for an xsd:string and the like
        raise CodecError(
            path,
            f"xsi:type {local(name)} is not a type derived from {local(declared.name or 'the declared type')}",
        )

    def simple(
        self, simple: SimpleType, node: etree._Element, path: str, default: str | None
    ) -> Any:
        if len(node) and any(isinstance(c.tag, str) for c in node):
            raise CodecError(path, "a simple value has no child elements")
        text = node.text or ""
        if text == "" and default is not None:
            text = default
        try:
            return values.parse(simple, text, _Scope(node))
        except ValueError as exc:
            raise CodecError(path, f"{exc}: {_clip(text)!r}") from None

    def any_type(self, node: etree._Element, path: str) -> Any:
        """xs:anyType without xsi:type: its child elements as they are, or its text."""
        children = [c for c in node if isinstance(c.tag, str)]
        if children:
            return {"##any": children}
        return node.text or ""

    def array(self, t: ComplexType, node: etree._Element, path: str) -> list[Any]:
        """A SOAP-encoded array: every child is an item (`<item>`, or any name), in order."""
        item_type: Type = t.array_item or self.sent_item_type(node, path)
        items: list[Any] = []
        for index, child in enumerate(c for c in node if isinstance(c.tag, str)):
            where = f"{path}[{index + 1}]"
            child = self.deref(child, where)
            if _is_nil(child):
                items.append(None)
                continue
            items.append(self.typed(item_type, child, where))
        return items

    def sent_item_type(self, node: etree._Element, path: str) -> Type:
        """The item type soapenc:arrayType names ("xsd:string[2]") where the contract declares
        a plain soapenc:Array; anyType when it names none the contract knows."""
        sent = (node.get(f"{{{SOAP_ENC}}}arrayType") or "").partition("[")[0]
        if sent:
            try:
                name = values.parse_builtin("QName", sent, _Scope(node))
            except ValueError as exc:
                raise CodecError(path, f"soapenc:arrayType: {exc}") from None
            namespace, _, local_name = name[1:].partition("}")
            if namespace in (XS, "http://www.w3.org/1999/XMLSchema") and values.is_builtin(
                local_name
            ):
                return values.builtin_type(local_name)
            found = self.types.get(name)
            if found is not None:
                return found
        return values.builtin_type("anyType")

    def attributes(
        self, t: ComplexType, node: etree._Element, out: dict[str, Any], path: str
    ) -> None:
        declared = {a.name: a for a in t.attributes}
        for name, text in node.attrib.items():
            attribute = declared.get(name)
            if attribute is None:
                namespace = name[1:].partition("}")[0] if name.startswith("{") else ""
                if namespace in _FOREIGN or (namespace == _ns.XML and t.any_attribute is None):
                    continue
                if not namespace and self.encoded and name in _ENCODING_ATTRIBUTES:
                    continue
                if t.any_attribute is None:
                    raise CodecError(f"{path}/@{local(name)}", "unexpected attribute")
                out[f"@{name}"] = text
                continue
            try:
                out[f"@{local(name)}"] = values.parse(attribute.type, text, _Scope(node))
            except ValueError as exc:
                raise CodecError(f"{path}/@{local(name)}", f"{exc}: {_clip(text)!r}") from None
        for attribute in t.attributes:
            key = f"@{local(attribute.name)}"
            if key in out:
                continue
            if attribute.required:
                raise CodecError(f"{path}/@{local(attribute.name)}", "required attribute missing")
            if attribute.fixed is not None or attribute.default is not None:
                text = attribute.fixed if attribute.fixed is not None else attribute.default
                out[key] = values.parse(attribute.type, text or "", _Scope(node))

    # ---- content models ------------------------------------------------------------------------

    def group(self, at: _Content, group: ModelGroup, index: int, repeated: bool) -> int:
        """Match `group` with its occurrences from `children[index]`; the index after it."""
        children, path = at.children, at.path
        repeated = repeated or group.max_occurs != 1
        occurs = 0
        while group.max_occurs is None or occurs < group.max_occurs:
            if index >= len(children) or not starts(group, children[index]):
                break
            index = self.once(at, group, index, repeated)
            occurs += 1
        if occurs < group.min_occurs and not emptiable(group):
            where = f"{path}/{local(children[index].tag)}" if index < len(children) else path
            expected = ", ".join(sorted(local(t) for t in first(group)[0])[:5])
            found = "unexpected element" if index < len(children) else "missing element"
            raise CodecError(where, f"{found}: expected {expected or 'more content'}")
        return index

    def once(self, at: _Content, group: ModelGroup, index: int, repeated: bool) -> int:
        children = at.children
        if group.kind == "choice":
            for particle in group.particles:
                if starts(particle, children[index]):
                    return self.particle(at, particle, index, repeated)
            return index
        if group.kind == "all":
            pending = list(group.particles)
            while index < len(children):
                chosen = next((p for p in pending if starts(p, children[index])), None)
                if chosen is None:
                    break
                pending.remove(chosen)
                index = self.particle(at, chosen, index, repeated)
            for particle in pending:
                self.required(at, particle, index)
            return index
        for particle in group.particles:
            index = self.particle(at, particle, index, repeated)
        return index

    def particle(
        self, at: _Content, particle: Element | AnyParticle | ModelGroup, index: int, repeated: bool
    ) -> int:
        children, out, path = at.children, at.out, at.path
        if isinstance(particle, ModelGroup):
            return self.group(at, particle, index, repeated)
        occurs = 0
        while (particle.max_occurs is None or occurs < particle.max_occurs) and index < len(
            children
        ):
            child = children[index]
            if not starts(particle, child):
                break
            if isinstance(particle, AnyParticle):
                out.setdefault("##any", []).append(child)
            else:
                decl = member(particle, child)
                key = local(child.tag)
                value = self.element(decl, child, f"{path}/{key}")
                if repeated or particle.max_occurs != 1:
                    out.setdefault(key, []).append(value)
                else:
                    out[key] = value
            index += 1
            occurs += 1
        if occurs < particle.min_occurs:
            self.required(at, particle, index)
        return index

    @staticmethod
    def required(at: _Content, particle: Element | AnyParticle | ModelGroup, index: int) -> None:
        children, path = at.children, at.path
        if emptiable(particle):
            return
        name = local(particle.name) if isinstance(particle, Element) else "an element"
        if index < len(children):
            raise CodecError(
                f"{path}/{local(children[index].tag)}", f"unexpected element: expected {name}"
            )
        raise CodecError(f"{path}/{name}", "required element missing")

    def struct(
        self, group: ModelGroup, children: list[etree._Element], out: dict[str, Any], path: str
    ) -> None:
        """An encoded struct: members by name in any order (SOAP 1.1 section 5.4.1)."""
        members = {local(e.name): e for e in elements_of(group)}
        for child in children:
            key = local(child.tag)
            decl = members.get(key)
            if decl is None:
                raise CodecError(f"{path}/{key}", "unexpected element")
            value = self.element(decl, child, f"{path}/{key}")
            if decl.max_occurs != 1:
                out.setdefault(key, []).append(value)
            elif key in out:
                raise CodecError(f"{path}/{key}", "element repeated")
            else:
                out[key] = value
        for key, decl in members.items():
            if key not in out and decl.min_occurs > 0 and not decl.nillable:
                raise CodecError(f"{path}/{key}", "required element missing")


# ---- content model helpers --------------------------------------------------------------------


def first(
    particle: Element | AnyParticle | ModelGroup,
) -> tuple[frozenset[str], tuple[AnyParticle, ...]]:
    """The tags (and wildcards) an occurrence of `particle` can start with."""
    found: tuple[frozenset[str], tuple[AnyParticle, ...]] | None = particle.__dict__.get(
        "_codec_first"
    )
    if found is not None:
        return found
    tags: set[str] = set()
    wildcards: list[AnyParticle] = []
    if isinstance(particle, Element):
        tags.update(e.name for e in candidates(particle))
    elif isinstance(particle, AnyParticle):
        wildcards.append(particle)
    else:
        for inner in particle.particles:
            inner_tags, inner_any = first(inner)
            tags.update(inner_tags)
            wildcards.extend(inner_any)
            if particle.kind == "sequence" and not emptiable(inner):
                break
    found = (frozenset(tags), tuple(wildcards))
    particle.__dict__["_codec_first"] = found  # the codec's plans ride on the model's objects
    return found


def member(decl: Element, node: etree._Element) -> Element:
    if decl.name == node.tag and not decl.abstract:
        return decl
    return next((e for e in candidates(decl) if e.name == node.tag), decl)


def starts(particle: Element | AnyParticle | ModelGroup, node: etree._Element) -> bool:
    tags, wildcards = first(particle)
    if node.tag in tags:
        return True
    return bool(wildcards) and any(_fits(w, node) for w in wildcards)


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _fits(wildcard: AnyParticle, node: etree._Element) -> bool:
    namespace = _namespace(node.tag)
    allowed = wildcard.namespace.split()
    target = wildcard.target_namespace
    if target is None:  # a model made without it: the element holding the wildcard's namespace
        parent = node.getparent()
        target = _namespace(parent.tag) if parent is not None else None
    if "##any" in allowed:
        return True
    if "##other" in allowed:
        return namespace not in ("", target)
    if "##targetNamespace" in allowed and namespace == target:
        return True
    return namespace in allowed or ("##local" in allowed and namespace == "")


def _is_nil(node: etree._Element, encoded: bool = True) -> bool:
    """xsi:nil; SOAP-encoded messages may still say it the 1999 way (xsi:null)."""
    if node.get(_NIL[0]) in ("true", "1"):
        return True
    return encoded and any(node.get(name) in ("true", "1") for name in _NIL[1:])


def _abstract(t: Type) -> bool:
    return t.__class__ is ComplexType and t.abstract


class _Scope(Mapping[str | None, str]):
    """An element's in-scope namespaces, looked up only when a QName needs them."""

    def __init__(self, node: etree._Element) -> None:
        self.node = node
        self._nsmap: dict[str | None, str] | None = None

    def _map(self) -> dict[str | None, str]:
        if self._nsmap is None:
            self._nsmap = dict(self.node.nsmap)
        return self._nsmap

    def __getitem__(self, key: str | None) -> str:
        return self._map()[key]

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
