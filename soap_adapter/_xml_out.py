"""Writes results and fault details as XML straight from the generated types, planned once.

Spyne's own serializer walks its class attributes for every value of every call (about half of
the edge's CPU for a small answer, and 0.5 ms per order of a long list); here each generated
type becomes a plan at start-up, and a call only formats values and makes elements. The rules
are those of the contract: XSD sequence order, children in their type's namespace, `xsi:nil`
for a nillable element without value, nothing for an optional one, money with its fraction
digits, xs:dateTime in UTC with `Z`.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
from collections.abc import Callable
from typing import Any

from lxml import etree
from spyne import Boolean, Date, DateTime, Decimal, Integer
from spyne.model import ModelBase
from spyne.model.complex import ComplexModelBase

from soap_adapter import _ns
from soap_adapter.exceptions import MappingError

_NIL = f"{{{_ns.XSI}}}nil"


def _utc_z(value: datetime.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _formatter(cls: type[ModelBase]) -> Callable[[Any], str]:
    """How one simple type's values are written."""
    if issubclass(cls, Decimal):
        digits = cls.Attributes.fraction_digits
        if isinstance(digits, int) and digits >= 0:
            return lambda value: f"{decimal.Decimal(value):.{digits}f}"
        return lambda value: format(decimal.Decimal(value), "f")
    if issubclass(cls, Date):  # before DateTime: Spyne's Date is one of its subclasses
        return lambda value: value.isoformat()
    if issubclass(cls, DateTime):
        return _utc_z
    if issubclass(cls, Boolean):
        return lambda value: "true" if value else "false"
    if issubclass(cls, Integer):
        return lambda value: str(int(value))
    return str


@dataclasses.dataclass
class _Member:
    name: str
    tag: str
    required: bool
    nillable: bool
    repeated: bool
    plan: Plan | None  # for complex members
    format: Callable[[Any], str] | None  # for simple members


@dataclasses.dataclass
class Plan:
    """The members of one complex type, in sequence order, each with what it takes to write it."""

    members: list[_Member] = dataclasses.field(default_factory=list)
    names: frozenset[str] = frozenset()  # the members' names, for the check of each call


def _is_complex(cls: type[ModelBase]) -> bool:
    return isinstance(cls, type) and issubclass(cls, ComplexModelBase)


class Writer:
    """Plans for the generated types, made once; `element` writes one value tree."""

    def __init__(self) -> None:
        self._plans: dict[type[ModelBase], Plan] = {}

    def plan(self, cls: type[ModelBase]) -> Plan:
        original = cls.__orig__ or cls
        if original in self._plans:
            return self._plans[original]
        plan = self._plans[original] = Plan()  # registered first: recursive types terminate
        namespace = original.get_namespace()
        for name, member in original._type_info.items():
            attrs = member.Attributes
            complex_member = _is_complex(member)
            plan.members.append(
                _Member(
                    name=name,
                    tag=f"{{{namespace}}}{name}",
                    required=attrs.min_occurs >= 1,
                    nillable=bool(attrs.nillable),
                    repeated=attrs.max_occurs > 1,
                    plan=self.plan(member) if complex_member else None,
                    format=None if complex_member else _formatter(member),
                )
            )
        plan.names = frozenset(member.name for member in plan.members)
        return plan

    def element(
        self,
        cls: type[ModelBase],
        tag: str,
        data: dict[str, Any],
        path: str,
        nsmap: dict[str | None, str] | None = None,
    ) -> etree._Element:
        """The element `tag` with `data` (nested dicts keyed by element name) as its content."""
        root = etree.Element(tag, nsmap=nsmap)
        self._fill(root, self.plan(cls), data, path)
        return root

    def _fill(self, parent: etree._Element, plan: Plan, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise MappingError(f"{path}: expected an element with children")
        if not plan.names.issuperset(data):
            unknown = sorted(set(data) - plan.names)[0]
            raise MappingError(f"{path}: the XSD has no element {unknown}")
        for member in plan.members:
            value = data.get(member.name)
            if value is None:
                if member.nillable:
                    etree.SubElement(parent, member.tag).set(_NIL, "true")
                elif member.required:
                    raise MappingError(
                        f"{path}/{member.name}: required, but the REST answer has no value"
                    )
                continue
            for item in value if member.repeated else (value,):
                child = etree.SubElement(parent, member.tag)
                if member.plan is not None:
                    self._fill(child, member.plan, item, f"{path}/{member.name}")
                else:
                    assert member.format is not None
                    child.text = member.format(item)


@dataclasses.dataclass(frozen=True)
class Payload:
    """A body element already written; the edge's SOAP protocols put it into the envelope."""

    element: etree._Element
