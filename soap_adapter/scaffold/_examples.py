"""Example values valid for a schema, in MODEL.md's value convention (the codec writes them).

Every optional element and attribute is filled, so a sample shows all a message can carry;
a choice takes its first alternative, an abstract type its first concrete derived type (with
`@xsi:type`), an abstract element its first substitute; an optional element whose type is
already being filled above it (a recursive type) is left out. Facets are respected: the first
enumeration value, lengths, numeric bounds, digits, and patterns made of plain regex pieces.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from lxml import etree

from soap_adapter.contract import Any as AnyParticle
from soap_adapter.contract import (
    BindingOperation,
    Body,
    ComplexType,
    Contract,
    Element,
    SimpleType,
    Type,
)
from soap_adapter.contract._codec_write import Writer
from soap_adapter.scaffold import _pattern
from soap_adapter.scaffold._tree import (
    MAX_DEPTH,
    alternatives,
    concrete,
    is_any_type,
    local,
    occurrences,
    part_type,
    simple_of,
)

ANY_NAMESPACE = "urn:example:any"
_INTEGERS = {
    "integer": (None, None),
    "long": (None, None),
    "int": (None, None),
    "short": (None, None),
    "byte": (None, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "unsignedLong": (0, None),
    "unsignedInt": (0, None),
    "unsignedShort": (0, None),
    "unsignedByte": (0, None),
}
_TEXTS = {
    "language": "en",
    "anyURI": "http://example.com/",
    "duration": "P1D",
    "dayTimeDuration": "P1D",
    "yearMonthDuration": "P1Y",
    "gYear": "2026",
    "gYearMonth": "2026-01",
    "gMonth": "--01",
    "gMonthDay": "--01-15",
    "gDay": "---15",
    "QName": "example",
}
_UTC = datetime.UTC


def parse(builtin: str, text: str) -> Any:
    """A lexical value (an enumeration, a fixed or default value) as a Python value."""
    if builtin in _INTEGERS:
        return int(text)
    if builtin == "decimal":
        return decimal.Decimal(text)
    if builtin in ("float", "double"):
        return float(text)
    if builtin == "boolean":
        return text.strip() in ("true", "1")
    if builtin in ("dateTime", "dateTimeStamp"):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if builtin == "date":
        return datetime.date.fromisoformat(text[:10])
    if builtin == "time":
        return datetime.time.fromisoformat(text.replace("Z", "+00:00"))
    if builtin == "base64Binary":
        import base64

        return base64.b64decode(text)
    if builtin == "hexBinary":
        return bytes.fromhex(text)
    return text


def _bounded(value: decimal.Decimal, facets: dict[str, str]) -> decimal.Decimal:
    low = facets.get("minInclusive")
    high = facets.get("maxInclusive")
    if low is not None and value < decimal.Decimal(low):
        value = decimal.Decimal(low)
    if high is not None and value > decimal.Decimal(high):
        value = decimal.Decimal(high)
    if "minExclusive" in facets and value <= decimal.Decimal(facets["minExclusive"]):
        value = decimal.Decimal(facets["minExclusive"]) + 1
    if "maxExclusive" in facets and value >= decimal.Decimal(facets["maxExclusive"]):
        value = decimal.Decimal(facets["maxExclusive"]) - 1
    return value


def _integer(builtin: str, facets: dict[str, str]) -> int:
    low, high = _INTEGERS[builtin]
    value = decimal.Decimal(1 if low is None or low <= 1 else low)
    if high is not None and value > high:
        value = decimal.Decimal(high)
    value = _bounded(value, facets)
    if "totalDigits" in facets:
        value = min(value, decimal.Decimal(10 ** int(facets["totalDigits"]) - 1))
    return int(value)


def _decimal(facets: dict[str, str]) -> decimal.Decimal:
    fraction = int(facets.get("fractionDigits", "2"))
    total = int(facets.get("totalDigits", "18"))
    fraction = min(fraction, max(total - 1, 0))
    value = decimal.Decimal("1") + (decimal.Decimal("0.5") if fraction else 0)
    value = _bounded(value, facets)
    return value.quantize(decimal.Decimal(1).scaleb(-min(fraction, 1)))


def _sized(text: str, facets: dict[str, str]) -> str:
    if "length" in facets:
        size = int(facets["length"])
        return (text * (size // max(len(text), 1) + 1))[:size]
    if "minLength" in facets and len(text) < int(facets["minLength"]):
        size = int(facets["minLength"])
        text = (text * (size // max(len(text), 1) + 1))[:size]
    if "maxLength" in facets and len(text) > int(facets["maxLength"]):
        text = text[: int(facets["maxLength"])]
    return text


def simple_value(simple: SimpleType) -> Any:
    if simple.variety == "list":
        item = simple_value(simple.item) if simple.item is not None else "example"
        return [item] * max(
            int(simple.facets.get("minLength", simple.facets.get("length", "1"))), 1
        )
    if simple.variety == "union":
        return simple_value(simple.members[0]) if simple.members else "example"
    if simple.enumeration:
        return parse(simple.builtin, simple.enumeration[0])
    builtin, facets = simple.builtin, simple.facets
    if builtin in _INTEGERS:
        return _integer(builtin, facets)
    if builtin == "decimal":
        return _decimal(facets)
    if builtin in ("float", "double"):
        return float(_bounded(decimal.Decimal("1.5"), facets))
    if builtin == "boolean":
        return True
    if builtin in ("dateTime", "dateTimeStamp"):
        return datetime.datetime(2026, 1, 15, 10, 30, tzinfo=_UTC)
    if builtin == "date":
        return datetime.date(2026, 1, 15)
    if builtin == "time":
        return datetime.time(10, 30, tzinfo=_UTC)
    if builtin == "base64Binary":
        return _sized("example", facets).encode("ascii")
    if builtin == "hexBinary":
        return _sized("\x01\x02", facets).encode("ascii")
    if "pattern" in facets:
        made = _pattern.example(facets["pattern"])
        if made is not None:
            return made
    return _sized(_TEXTS.get(builtin, "example"), facets)


class _Values:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def element(self, element: Element, path: tuple[Type, ...]) -> Any:
        """One occurrence's value."""
        if element.fixed is not None and isinstance(element.type, SimpleType):
            return parse(element.type.builtin, element.fixed)
        return self.type(element.type, path)

    def type(self, type_: Type, path: tuple[Type, ...]) -> Any:
        simple = simple_of(type_)
        if simple is not None:
            return simple_value(simple)
        if isinstance(type_, SimpleType) or is_any_type(type_):
            return "example"
        if type_.array_item is not None:
            return [self.type(type_.array_item, (*path, type_))]
        written = concrete(type_)
        if written is None:
            return {}
        value: dict[str, Any] = {}
        if written is not type_:
            value["@xsi:type"] = written.name
        value.update(self.content(written, (*path, type_)))
        return value

    def content(self, ctype: ComplexType, path: tuple[Type, ...]) -> dict[str, Any]:
        value: dict[str, Any] = {}
        for attribute in ctype.attributes:
            text = attribute.fixed if attribute.fixed is not None else attribute.default
            value[f"@{local(attribute.name)}"] = (
                simple_value(attribute.type)
                if text is None
                else parse(attribute.type.builtin, text)
            )
        if ctype.simple_content is not None:
            value["$"] = simple_value(ctype.simple_content)
        for occ in occurrences(ctype.content) if ctype.content is not None else ():
            if not occ.first:
                continue
            particle = occ.particle
            if isinstance(particle, AnyParticle):
                if particle.min_occurs > 0:
                    value["##any"] = [self.any_element(particle)] * particle.min_occurs
                continue
            chosen = alternatives(particle)
            if not chosen:
                continue
            element = chosen[0]
            optional = particle.min_occurs == 0
            if optional and (self.recursive(element.type, path) or len(path) >= MAX_DEPTH):
                continue
            count = max(particle.min_occurs, 1)
            if occ.repeated:
                value[local(element.name)] = [self.element(element, path) for _ in range(count)]
            else:
                value[local(element.name)] = self.element(element, path)
        return value

    @staticmethod
    def recursive(type_: Type, path: tuple[Type, ...]) -> bool:
        if isinstance(type_, SimpleType):
            return False
        return type_ in path or (type_.array_item is not None and type_.array_item in path)

    def any_element(self, particle: AnyParticle) -> etree._Element:
        """An element the wildcard accepts. A strict one (the default) takes only a declared
        element: the contract's first global element of a simple type in a namespace it allows,
        written by the codec; lax and skip take an element of a namespace of examples."""
        own = particle.target_namespace or self.contract.target_namespace
        allowed = particle.namespace.split()

        def fits(name: str) -> bool:
            namespace = name[1:].partition("}")[0] if name.startswith("{") else ""
            if "##any" in allowed:
                return True
            if "##other" in allowed:
                return namespace not in ("", own)
            return namespace in [
                {"##targetNamespace": own, "##local": ""}.get(n, n) for n in allowed
            ]

        declared = [
            e
            for e in self.contract.elements.values()
            if fits(e.name) and not e.abstract and simple_of(e.type) is not None
        ]
        if particle.process_contents == "strict" and declared:
            element = declared[0]
            node = Writer().write(None, element, element.name, self.element(element, ()), "/")
            assert node is not None
            return node
        namespace = next((n for n in allowed if not n.startswith("##")), None)
        if "##local" in allowed:
            tag = "Example"
        elif "##targetNamespace" in allowed:
            tag = f"{{{own}}}Example"
        else:
            tag = f"{{{namespace or ANY_NAMESPACE}}}Example"
        node = etree.Element(tag)
        node.text = "example"
        return node


def body_value(contract: Contract, operation: BindingOperation, body: Body) -> Any:
    """The request (or response) value a mapping sees for `body`, as MODEL.md defines it."""
    values = _Values(contract)
    parts = body.parts
    if operation.style == "document":
        if len(parts) == 1 and parts[0].element is not None:
            return values.element(parts[0].element, ())
        return {local(p.element.name): values.element(p.element, ()) for p in parts if p.element}
    return {
        p.name: values.element(p.element, ()) if p.element else values.type(part_type(p), ())
        for p in parts
    }


def headers_value(contract: Contract, body: Body) -> dict[str, Any]:
    values = _Values(contract)
    return {
        h.part.name: values.element(h.part.element, ())
        if h.part.element
        else values.type(part_type(h.part), ())
        for h in body.headers
    }
