"""Spyne types generated at start-up from the contract model: one source of truth, no copy.

Only the OrderService's shape becomes Spyne classes: sequences of elements over the built-ins
the edge reads (`_xsd_types`). Any other type is refused here with its name, file and line; a
contract that needs it is served by the Spyne-free dispatcher (`soap-adapter serve --wsdl`).
"""

from __future__ import annotations

import decimal
from typing import Any

from lxml import etree
from spyne import ComplexModel, Unicode
from spyne.model import ModelBase

from soap_adapter import _ns, _xsd_types
from soap_adapter import contract as model

UNBOUNDED = decimal.Decimal("inf")  # how Spyne spells maxOccurs="unbounded"

# Restriction facets the generated classes carry, as Spyne names them; the others (bounds,
# whiteSpace) are checked by the contract's own XSD validator before Spyne reads a request.
_LENGTHS = {"minLength": "min_len", "maxLength": "max_len"}
_DIGITS = {"fractionDigits": "fraction_digits", "totalDigits": "total_digits"}


class UnsupportedType(ValueError):
    """A type of the contract the edge's Spyne classes cannot express; names it and where."""


def _where(declaration: model.Type | model.Element) -> str:
    return f"{declaration.source}: " if declaration.source is not None else ""


def _split(name: str) -> tuple[str, str]:
    qname = etree.QName(name)
    return qname.namespace or "", qname.localname


class SchemaModel:
    """The global elements and named types of a contract model, as Spyne classes."""

    def __init__(self, contract: model.Contract) -> None:
        self._contract = contract
        self._built: dict[int, type[ModelBase]] = {}  # by id() of the model's type
        self._building: set[int] = set()

    def element(self, qname: etree.QName | str) -> type[ModelBase]:
        """The Spyne class of a global element (its anonymous or named type)."""
        name = qname.text if isinstance(qname, etree.QName) else qname
        declaration = self._contract.elements.get(name)
        if declaration is None:
            raise UnsupportedType(f"element {name} is not declared in the contract")
        return self._member(declaration)

    def named_type(self, qname: etree.QName | str) -> type[ModelBase]:
        """The Spyne class of a named simple or complex type."""
        name = qname.text if isinstance(qname, etree.QName) else qname
        declared = self._contract.types.get(name)
        if declared is None:
            namespace, local = _split(name)
            if namespace == _ns.XS:
                return self._builtin(local, name)
            raise UnsupportedType(f"type {name} is not declared in the contract")
        return self._type(declared, name)

    def _type(self, declared: model.Type, owner: str) -> type[ModelBase]:
        """`declared`'s class; an anonymous type is named after the element `owner` holding it."""
        key = id(declared)
        if key not in self._built:
            if key in self._building:
                raise UnsupportedType(
                    f"{_where(declared)}type {declared.name or owner} contains itself: "
                    "recursive types are not generated as Spyne classes"
                )
            self._building.add(key)
            try:
                if isinstance(declared, model.SimpleType):
                    built = self._simple(declared)
                else:
                    built = self._complex(declared, declared.name or owner)
            finally:
                self._building.discard(key)
            self._built[key] = built
        return self._built[key]

    def _member(self, element: model.Element) -> type[ModelBase]:
        declared = element.type
        if declared.name is not None and _split(declared.name)[0] == _ns.XS:
            # A built-in has no place of its own: a refusal names the element's.
            return self._builtin(
                _split(declared.name)[1], f"{_where(element)}element {element.name}"
            )
        return self._type(declared, element.name)

    def _builtin(self, local: str, where: str) -> type[ModelBase]:
        if local == "anyType":  # an element declared without a type
            return Unicode
        try:
            return _xsd_types.spyne_class(local)
        except ValueError as exc:
            raise UnsupportedType(f"{where}: {exc}") from None

    def _simple(self, declared: model.SimpleType) -> type[ModelBase]:
        if declared.name is not None and _split(declared.name)[0] == _ns.XS:
            return self._builtin(declared.builtin, f"{_where(declared)}{declared.name}")
        label = f"{_where(declared)}simpleType {declared.name or '(anonymous)'}"
        if declared.variety != "atomic":
            raise UnsupportedType(f"{label}: xs:{declared.variety} is not supported by the edge")
        base = self._builtin(declared.builtin, label)
        facets: dict[str, Any] = {}
        if declared.enumeration:
            facets["values"] = list(declared.enumeration)
        if "pattern" in declared.facets:
            facets["pattern"] = declared.facets["pattern"]
        if "length" in declared.facets:
            facets["min_len"] = facets["max_len"] = int(declared.facets["length"])
        for facet, attribute in (*_LENGTHS.items(), *_DIGITS.items()):
            if facet in declared.facets:
                facets[attribute] = int(declared.facets[facet])
        if declared.name is None:
            return base.customize(**facets)
        namespace, local = _split(declared.name)
        built = base.customize(type_name=local, **facets)
        built.__namespace__ = namespace
        return built

    def _complex(self, declared: model.ComplexType, name: str) -> type[ModelBase]:
        label = f"{_where(declared)}complexType {declared.name or f'of element {name}'}"
        if declared.name == f"{{{_ns.XS}}}anyType":
            return Unicode
        refused = {
            "attributes": bool(declared.attributes) or declared.any_attribute is not None,
            "simple content": declared.simple_content is not None,
            "mixed content": declared.mixed,
            "an abstract type": declared.abstract,
            "derived types (xsi:type)": bool(declared.derived),
            "a SOAP-encoded array": declared.array_item is not None,
        }
        for construct, present in refused.items():
            if present:
                raise UnsupportedType(f"{label}: {construct} is not supported by the edge")
        namespace, local = _split(name)
        members: list[tuple[str, type[ModelBase]]] = []
        group = declared.content
        if group is not None:
            if group.kind != "sequence" or (group.min_occurs, group.max_occurs) != (1, 1):
                raise UnsupportedType(
                    f"{label}: only one sequence of elements is supported by the edge"
                )
            for particle in group.particles:
                if not isinstance(particle, model.Element) or particle.substitutes:
                    raise UnsupportedType(
                        f"{label}: only one sequence of elements is supported by the edge"
                    )
                member = self._member(particle)
                members.append(
                    (
                        _split(particle.name)[1],
                        member.customize(
                            min_occurs=particle.min_occurs,
                            max_occurs=(
                                UNBOUNDED if particle.max_occurs is None else particle.max_occurs
                            ),
                            nillable=particle.nillable,
                        ),
                    )
                )
        return ComplexModel.produce(namespace, local, members)
