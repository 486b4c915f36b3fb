"""Writes values of the contract model as XML (MODEL.md's value convention): element order from
the content model, `xsi:nil` for None where nillable, nothing for an absent optional element,
`xsi:type` where a derived type is written (and on every named type when SOAP-encoded)."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import weakref
from collections.abc import Mapping
from typing import Any, cast

from lxml import etree

from soap_adapter.contract import _codec_values as values
from soap_adapter.contract._codec_common import (
    ANY_TYPE,
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

ARRAY_TYPE = f"{{{SOAP_ENC}}}arrayType"
SOAP_ENC_ARRAY = f"{{{SOAP_ENC}}}Array"
# Prefixes for the namespaces every SOAP stack knows by sight.
PREFERRED = {XSI: "xsi", XS: "xsd", SOAP_ENC: "soapenc"}
_RESERVED = ("#header",)  # keys of a value that are not content (the header parts)
_SLOW_SIMPLE = ("QName", "anyType")  # simple values written with prefixes or a type of their own


def _plain(t: Type) -> bool:
    """Whether `t` is an atomic simple type written without prefixes (no QName, no anyType)."""
    found: bool | None = t.__dict__.get("_codec_plain")
    if found is None:
        found = (
            isinstance(t, SimpleType) and t.variety == "atomic" and t.builtin not in _SLOW_SIMPLE
        )
        t.__dict__["_codec_plain"] = found
    return found


_MISSING = object()


def _sequence(t: ComplexType) -> tuple[tuple[str, Element], ...] | None:
    """The elements of `t` when its content is a plain sequence of them (once, no wildcard, no
    substitution group, no abstract element): what the writer takes the short way."""
    if "_codec_sequence" in t.__dict__:
        found: tuple[tuple[str, Element], ...] | None = t.__dict__["_codec_sequence"]
        return found
    group = t.content
    found = None
    if (
        group is not None
        and group.kind == "sequence"
        and group.min_occurs == 1
        and group.max_occurs == 1
        and all(
            isinstance(p, Element) and not p.substitutes and not p.abstract for p in group.particles
        )
    ):
        found = tuple((local(p.name), p) for p in group.particles if isinstance(p, Element))
    t.__dict__["_codec_sequence"] = found
    return found


def _no_prefixes(namespace: str) -> str:
    raise AssertionError(f"no QName is written without prefixes ({namespace})")


_NO_PREFIXES = _no_prefixes


def _new(
    parent: etree._Element | None, tag: str, nsmap: dict[str | None, str] | None
) -> etree._Element:
    if parent is None:
        return etree.Element(tag, nsmap=nsmap)
    return etree.SubElement(parent, tag, nsmap=nsmap or None)


class _Prefixes:
    """Prefixes for QName texts (xsi:type, xs:QName values) of an element about to be made:
    those in scope at `parent`, else new ones, declared on the element (`declare`)."""

    def __init__(self, parent: etree._Element | None, nsmap: dict[str | None, str] | None) -> None:
        self.parent = parent
        self.declare: dict[str | None, str] = dict(nsmap or {})
        self._scope: dict[str, str] | None = None

    def __call__(self, namespace: str) -> str:
        if self._scope is None:
            inherited = self.parent.nsmap if self.parent is not None else {}
            self._scope = {ns: p for p, ns in {**inherited, **self.declare}.items() if p}
        prefix = self._scope.get(namespace)
        if prefix is not None:
            return prefix
        base = PREFERRED.get(namespace, "ns")
        taken = set(self._scope.values())
        prefix = (
            base
            if base not in taken and base != "ns"
            else next(f"{base}{n}" for n in range(1, 10_000) if f"{base}{n}" not in taken)
        )
        self.declare[prefix] = namespace
        self._scope[namespace] = prefix
        return prefix

    def qname(self, name: str) -> str:
        if not name.startswith("{"):
            return name
        namespace, _, local_name = name[1:].partition("}")
        return f"{self(namespace)}:{local_name}"


_PYTHON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "long"),
    (decimal.Decimal, "decimal"),
    (float, "double"),
    (datetime.datetime, "dateTime"),
    (datetime.date, "date"),
    (datetime.time, "time"),
    (bytes, "base64Binary"),
    (str, "string"),
)

_ITEMS: weakref.WeakKeyDictionary[Any, Element] = weakref.WeakKeyDictionary()


def _keyed(decl: Element) -> tuple[tuple[str, Element], ...]:
    """The elements that may stand for `decl` (itself at least), with their keys."""
    found: tuple[tuple[str, Element], ...] | None = decl.__dict__.get("_codec_keyed")
    if found is None:
        found = tuple((local(e.name), e) for e in candidates(decl) or [decl])
        decl.__dict__["_codec_keyed"] = found  # the codec's plans ride on the model's objects
    return found


def _item(item_type: Type) -> Element:
    """The declaration of an encoded array's `<item>`."""
    found = _ITEMS.get(item_type)
    if found is None:
        found = _ITEMS[item_type] = Element("item", item_type, 0, None, nillable=True)
    return found


def _names(t: ComplexType) -> frozenset[str]:
    """The keys a value of `t` may have for its child elements."""
    found: frozenset[str] | None = t.__dict__.get("_codec_names")
    if found is None:
        found = frozenset(
            local(c.name)
            for e in (elements_of(t.content) if t.content is not None else [])
            for c in [e, *e.substitutes]
        )
        t.__dict__["_codec_names"] = found
    return found


@dataclasses.dataclass(slots=True)
class _Content:
    """The content of one complex value being written, as `group`, `once` and `particle` pass
    it down: the element written into, the value's keys, how many entries of each key are
    written so far (`cursor`), and the path that errors name."""

    node: etree._Element
    data: dict[str, Any]
    cursor: dict[str, int]
    path: str


@dataclasses.dataclass
class Writer:
    """Writes the elements of one message."""

    encoded: bool = False
    types: Mapping[str, Type] = dataclasses.field(default_factory=dict)

    def write(
        self,
        parent: etree._Element | None,
        decl: Element,
        tag: str,
        value: Any,
        path: str,
        nsmap: dict[str | None, str] | None = None,
    ) -> etree._Element | None:
        """One occurrence of `decl` named `tag` holding `value`; None when it is left out."""
        if value is None:
            if decl.nillable or self.encoded:
                node = _new(parent, tag, nsmap)
                node.set(XSI_NIL, "true")
                return node
            if decl.min_occurs == 0:
                return None
            raise CodecError(path, "required and not nillable, but the value is None")
        declared = decl.type
        if declared.__dict__.get("_codec_plain") and not self.encoded and decl.fixed is None:
            # The common case: a simple value of its declared type, no QName, no xsi:type.
            try:
                text = values.format_value(declared, value, _NO_PREFIXES)  # type: ignore[arg-type]
            except ValueError as exc:
                raise CodecError(path, str(exc)) from None
            node = _new(parent, tag, nsmap)
            node.text = text
            return node
        return self.typed(parent, tag, declared, value, path, nsmap, decl.fixed)

    def typed(
        self,
        parent: etree._Element | None,
        tag: str,
        declared: Type,
        value: Any,
        path: str,
        nsmap: dict[str | None, str] | None = None,
        fixed: str | None = None,
    ) -> etree._Element:
        if _plain(declared) and not self.encoded:
            # The common case, planned for: a simple value of its declared type, no QName.
            try:
                text = values.format_value(cast(SimpleType, declared), value, _NO_PREFIXES)
            except ValueError as exc:
                raise CodecError(path, str(exc)) from None
            if fixed is not None and text != fixed:
                raise CodecError(path, f"the value is fixed to {fixed!r}")
            node = _new(parent, tag, nsmap)
            node.text = text
            return node
        actual, named = self.choose(declared, value, path)
        prefixes = _Prefixes(parent, nsmap)
        type_name = prefixes.qname(actual.name) if named and actual.name else None
        if isinstance(actual, SimpleType) or encoded_simple(actual) is not None:
            simple = actual if isinstance(actual, SimpleType) else encoded_simple(actual)
            assert simple is not None
            try:
                text = values.format_value(simple, value, prefixes)
            except ValueError as exc:
                raise CodecError(path, str(exc)) from None
            if fixed is not None and text != fixed:
                raise CodecError(path, f"the value is fixed to {fixed!r}")
            node = _new(parent, tag, prefixes.declare)
            if type_name:
                node.set(XSI_TYPE, type_name)
            node.text = text
            return node
        if is_any_type(actual):
            return self.any_type(parent, tag, value, path, prefixes)
        if actual.array_item is not None or actual.name == SOAP_ENC_ARRAY:
            return self.array(parent, tag, actual, value, path, prefixes)
        if not isinstance(value, dict):
            raise CodecError(path, f"a {type(value).__name__} where an element with content is due")
        attributes = self.attributes(actual, value, path, prefixes)
        node = _new(parent, tag, prefixes.declare)
        if type_name:
            node.set(XSI_TYPE, type_name)
        for name, text in attributes:
            node.set(name, text)
        unknown = [
            key
            for key in value.keys() - _names(actual)
            if not key.startswith("@")
            and key not in _RESERVED
            and not (key == "$" and actual.simple_content is not None)
            and not (key == "##any" and actual.content is not None)
        ]
        if unknown:
            raise CodecError(
                f"{path}/{unknown[0]}",
                f"{local(actual.name or 'the type')} has no element {unknown[0]}",
            )
        if actual.simple_content is not None:
            if value.get("$") is None:
                raise CodecError(f"{path}/$", "simple content without a value")
            try:
                node.text = values.format_value(
                    actual.simple_content, value["$"], _Prefixes(node, None)
                )
            except ValueError as exc:
                raise CodecError(f"{path}/$", str(exc)) from None
        elif actual.content is not None:
            plan = None if self.encoded else _sequence(actual)
            if plan is not None:
                self.sequence(node, plan, value, path)
            else:
                self.group(_Content(node, value, {}, path), actual.content, False, required=True)
        return node

    def sequence(
        self,
        node: etree._Element,
        plan: tuple[tuple[str, Element], ...],
        data: dict[str, Any],
        path: str,
    ) -> None:
        """A plain sequence of elements (the common content model), in its order."""
        for key, decl in plan:
            value = data.get(key, _MISSING)
            if value is _MISSING:
                if decl.min_occurs > 0:
                    self.absent(node, decl, path)
                continue
            where = f"{path}/{key}"
            if decl.max_occurs == 1:
                self.write(node, decl, decl.name, value, where)
                continue
            entries = value if isinstance(value, list | tuple) else [value]
            if not entries and decl.min_occurs > 0:
                self.absent(node, decl, path)
            for entry in entries:
                self.write(node, decl, decl.name, entry, where)

    @staticmethod
    def absent(node: etree._Element, decl: Element, path: str) -> None:
        """A required element the value has no key for: its fixed or default text, or nil."""
        fixed = decl.fixed if decl.fixed is not None else decl.default
        if fixed is not None:
            etree.SubElement(node, decl.name).text = fixed
        elif decl.nillable:  # required but nillable: what has no value is nil
            etree.SubElement(node, decl.name).set(XSI_NIL, "true")
        else:
            raise CodecError(f"{path}/{local(decl.name)}", "required, but the value has none")

    def choose(self, declared: Type, value: Any, path: str) -> tuple[Type, bool]:
        """The type to write `value` in, and whether to name it with xsi:type."""
        sent = value.get("@xsi:type") if isinstance(value, dict) else None
        if (
            sent is None
            and declared.__class__ is ComplexType
            and not declared.abstract
            and (declared.name != ANY_TYPE or isinstance(value, dict))
        ):
            return declared, self.encoded and declared.name is not None
        if sent is not None:
            if sent == declared.name:
                return declared, True
            if isinstance(declared, ComplexType):
                for derived in declared.derived:
                    if derived.name == sent and not derived.abstract:
                        return derived, True
            if is_any_type(declared) or self.encoded:
                found = self.types.get(sent)
                if found is not None:
                    return found, True
                namespace, _, name = sent[1:].partition("}")
                if namespace == XS and values.is_builtin(name):
                    return values.builtin_type(name), True
            raise CodecError(
                path,
                f"xsi:type {local(sent)} is not derived from {local(declared.name or 'the declared type')}",
            )
        if isinstance(declared, ComplexType) and declared.abstract:
            keys = {k for k in (value if isinstance(value, dict) else {}) if not k.startswith("@")}
            for derived in declared.derived:
                if not derived.abstract and _fits(derived, keys):
                    return derived, True
            raise CodecError(
                path,
                f"the type {local(declared.name or '')} is abstract and no type derived from it has these elements: name one with @xsi:type",
            )
        if is_any_type(declared) and not isinstance(value, dict):
            kind = next((name for cls, name in _PYTHON_TYPES if isinstance(value, cls)), None)
            if kind is None:
                raise CodecError(path, f"a {type(value).__name__} cannot be written as xs:anyType")
            return values.builtin_type(kind), True
        return declared, self.encoded and declared.name is not None

    def any_type(
        self, parent: etree._Element | None, tag: str, value: Any, path: str, prefixes: _Prefixes
    ) -> etree._Element:
        node = _new(parent, tag, prefixes.declare)
        if isinstance(value, dict):
            for child in value.get("##any", ()):
                if not isinstance(child, etree._Element):
                    raise CodecError(path, "##any holds XML elements")
                node.append(_copy(child))
        return node

    def array(
        self,
        parent: etree._Element | None,
        tag: str,
        t: ComplexType,
        value: Any,
        path: str,
        prefixes: _Prefixes,
    ) -> etree._Element:
        """A SOAP-encoded array: soapenc:arrayType="ns:T[n]" and one `<item>` per value."""
        if not isinstance(value, list | tuple):
            raise CodecError(path, f"a {type(value).__name__} where an encoded array is due")
        item_type = t.array_item or values.builtin_type("anyType")
        item_name = item_type.name or f"{{{XS}}}anyType"
        array_type = f"{prefixes.qname(item_name)}[{len(value)}]"
        type_name = prefixes.qname(SOAP_ENC_ARRAY) if self.encoded else None
        node = _new(parent, tag, prefixes.declare)
        if type_name:
            node.set(XSI_TYPE, type_name)
        node.set(ARRAY_TYPE, array_type)
        item = _item(item_type)
        for index, entry in enumerate(value):
            self.write(node, item, "item", entry, f"{path}[{index + 1}]")
        return node

    def attributes(
        self, t: ComplexType, value: dict[str, Any], path: str, prefixes: _Prefixes
    ) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        declared = set()
        for attribute in t.attributes:
            key = f"@{local(attribute.name)}"
            declared.add(key)
            given = value.get(key)
            if given is None:
                if attribute.required:
                    if attribute.fixed is None:
                        raise CodecError(f"{path}/{key}", "required attribute without a value")
                    found.append((attribute.name, attribute.fixed))
                continue
            try:
                found.append((attribute.name, values.format_value(attribute.type, given, prefixes)))
            except ValueError as exc:
                raise CodecError(f"{path}/{key}", str(exc)) from None
        for key, given in value.items():
            if not key.startswith("@") or key in declared or key == "@xsi:type":
                continue
            if t.any_attribute is None:
                raise CodecError(
                    f"{path}/{key}", f"{local(t.name or 'the type')} has no attribute {key[1:]}"
                )
            if given is not None:
                found.append((key[1:], str(given)))
        return found

    # ---- content models ------------------------------------------------------------------------

    def group(self, at: _Content, group: ModelGroup, repeated: bool, required: bool) -> bool:
        """Write `group` with its occurrences; whether anything was written."""
        repeated = repeated or group.max_occurs != 1
        wrote = False
        occurs = 0
        while group.max_occurs is None or occurs < group.max_occurs:
            needed = required and occurs < group.min_occurs
            if not self.once(at, group, repeated, needed):
                break
            wrote = True
            occurs += 1
            if not repeated:
                break
        return wrote

    def once(self, at: _Content, group: ModelGroup, repeated: bool, required: bool) -> bool:
        if group.kind == "choice":
            for particle in group.particles:
                if _present(particle, at.data, at.cursor):
                    return self.particle(at, particle, repeated, required)
            if required and not emptiable(group):
                names = ", ".join(local(e.name) for e in elements_of(group)[:5])
                raise CodecError(at.path, f"one of {names} is required, but the value has none")
            return False
        wrote = False
        for particle in group.particles:
            wrote = self.particle(at, particle, repeated, required) or wrote
        return wrote

    def particle(
        self,
        at: _Content,
        particle: Element | AnyParticle | ModelGroup,
        repeated: bool,
        required: bool,
    ) -> bool:
        if isinstance(particle, ModelGroup):
            return self.group(at, particle, repeated, required)
        if isinstance(particle, AnyParticle):
            chunk = _wildcard(at.data, at.cursor, particle.max_occurs)
            for child in chunk:
                if not isinstance(child, etree._Element):
                    raise CodecError(f"{at.path}/##any", "##any holds XML elements")
                at.node.append(_copy(child))
            if not chunk and required and particle.min_occurs > 0:
                raise CodecError(f"{at.path}/##any", "required content (xs:any) missing")
            return bool(chunk)
        wrote = False
        for key, choice in _keyed(particle):
            if key not in at.data:
                continue
            for entry in _take(key, at.data, at.cursor, particle.max_occurs, repeated):
                self.write(at.node, choice, choice.name, entry, f"{at.path}/{key}")
                wrote = True
        if not wrote and required and particle.min_occurs > 0:
            self.absent(at.node, particle, at.path)
            wrote = True
        return wrote


def _fits(t: ComplexType, keys: set[str]) -> bool:
    """Whether a value with these element keys can be of type `t`: no key it lacks, no
    element it requires missing."""
    if not keys <= _names(t) | {"##any", "$"}:
        return False
    if t.content is None or t.content.kind != "sequence":
        return True
    return all(
        local(p.name) in keys
        for p in t.content.particles
        if isinstance(p, Element) and p.min_occurs > 0 and not p.abstract
    )


def _take(
    key: str, data: dict[str, Any], cursor: dict[str, int], max_occurs: int | None, repeated: bool
) -> list[Any]:
    """The entries of `key` to write now: all of a repeated element, one per occurrence of a
    repeated group, the value itself once otherwise."""
    if key not in data:
        return []
    value = data[key]
    start = cursor.get(key, 0)
    if max_occurs == 1 and not repeated:
        cursor[key] = 1
        return [value] if start == 0 else []
    items = value if isinstance(value, list | tuple) else [value]
    end = len(items) if max_occurs != 1 else start + 1
    chunk = list(items[start:end])
    cursor[key] = start + len(chunk)
    return chunk


def _wildcard(data: dict[str, Any], cursor: dict[str, int], max_occurs: int | None) -> list[Any]:
    """The next elements of "##any" (always a list) for one occurrence of a wildcard."""
    given = data.get("##any")
    if given is None:
        return []
    items = given if isinstance(given, list | tuple) else [given]
    start = cursor.get("##any", 0)
    chunk = list(items[start:] if max_occurs is None else items[start : start + max_occurs])
    cursor["##any"] = start + len(chunk)
    return chunk


def _present(
    particle: Element | AnyParticle | ModelGroup, data: dict[str, Any], cursor: dict[str, int]
) -> bool:
    if isinstance(particle, ModelGroup):
        return any(_present(p, data, cursor) for p in particle.particles)
    keys = (
        ["##any"]
        if isinstance(particle, AnyParticle)
        else [local(c.name) for c in candidates(particle) or [particle]]
    )
    for key in keys:
        if key not in data:
            continue
        value = data[key]
        count = (
            len(value)
            if isinstance(value, list | tuple) and (particle.max_occurs != 1 or key == "##any")
            else 1
        )
        if cursor.get(key, 0) < count:
            return True
    return False


def _copy(node: etree._Element) -> etree._Element:
    """An `xs:any` element kept as it came: a copy, so the request's tree stays as it was."""
    return etree.fromstring(etree.tostring(node))


def namespaces(roots: list[Element | Type], encoded: bool) -> list[str]:
    """Every namespace the elements, attributes and (for xsi:type) types below `roots` use."""
    found: set[str] = set()
    seen: set[int] = set()
    pending: list[Any] = list(roots)

    def add(name: str | None) -> None:
        if name and name.startswith("{"):
            found.add(name[1:].partition("}")[0])

    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Element):
            add(item.name)
            pending.append(item.type)
            pending.extend(item.substitutes)
        elif isinstance(item, ModelGroup):
            pending.extend(p for p in item.particles if not isinstance(p, AnyParticle))
        elif isinstance(item, ComplexType):
            if encoded or item.abstract or item.derived:
                add(item.name)
            for attribute in item.attributes:
                add(attribute.name)
            if item.content is not None:
                pending.append(item.content)
            pending.extend(item.derived)
            if item.array_item is not None:
                add(item.array_item.name)
                pending.append(item.array_item)
        elif isinstance(item, SimpleType) and encoded:
            add(item.name)
    return sorted(found)
