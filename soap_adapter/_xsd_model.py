"""Spyne types generated at start-up from the contract's XSD: one source of truth, no copy."""

from __future__ import annotations

import decimal
from typing import Any

from lxml import etree
from spyne import ComplexModel, Unicode
from spyne.model import ModelBase

from soap_adapter import _ns, _xsd_types

UNBOUNDED = decimal.Decimal("inf")  # how Spyne spells maxOccurs="unbounded"


class SchemaModel:
    """Every named type and global element of a set of XSDs, as Spyne classes."""

    def __init__(self, schema_roots: list[etree._Element]) -> None:
        self._simple: dict[etree.QName, etree._Element] = {}
        self._complex: dict[etree.QName, etree._Element] = {}
        self._elements: dict[etree.QName, etree._Element] = {}
        self._built: dict[tuple[str, etree.QName], type[ModelBase]] = {}
        for schema in schema_roots:
            tns = schema.get("targetNamespace")
            for child in schema:
                name = child.get("name")
                if name is None:
                    continue
                qname = etree.QName(tns, name)
                if child.tag == f"{{{_ns.XS}}}simpleType":
                    self._simple[qname] = child
                elif child.tag == f"{{{_ns.XS}}}complexType":
                    self._complex[qname] = child
                elif child.tag == f"{{{_ns.XS}}}element":
                    self._elements[qname] = child

    def element(self, qname: etree.QName) -> type[ModelBase]:
        """The Spyne class of a global element (its anonymous or named type)."""
        key = ("element", qname)
        if key not in self._built:
            decl = self._elements[qname]
            self._built[key] = self._element_type(decl, qname.namespace or "", qname.localname)
        return self._built[key]

    def named_type(self, qname: etree.QName) -> type[ModelBase]:
        """The Spyne class of a named simple or complex type."""
        key = ("type", qname)
        if key in self._built:
            return self._built[key]
        if qname.namespace == _ns.XS:
            return _xsd_types.spyne_class(qname.localname)
        if qname in self._simple:
            built = self._simple_type(self._simple[qname], qname.namespace or "", qname.localname)
        else:
            # Register before building the members so that recursive types terminate.
            built = self._complex_type(self._complex[qname], qname.namespace or "", qname.localname)
        self._built[key] = built
        return built

    def _resolve(self, context: etree._Element, prefixed: str) -> etree.QName:
        prefix, _, local = prefixed.rpartition(":")
        return etree.QName(context.nsmap.get(prefix or None), local)

    def _element_type(self, decl: etree._Element, tns: str, name: str) -> type[ModelBase]:
        if decl.get("type"):
            return self.named_type(self._resolve(decl, decl.get("type")))
        complex_decl = decl.find(f"{{{_ns.XS}}}complexType")
        if complex_decl is not None:
            return self._complex_type(complex_decl, tns, name)
        simple_decl = decl.find(f"{{{_ns.XS}}}simpleType")
        if simple_decl is not None:
            return self._simple_type(simple_decl, tns, None)
        return Unicode

    def _simple_type(self, decl: etree._Element, tns: str, name: str | None) -> type[ModelBase]:
        restriction = decl.find(f"{{{_ns.XS}}}restriction")
        if restriction is None:
            raise ValueError(f"simpleType {name}: only restrictions are supported")
        base = self.named_type(self._resolve(restriction, restriction.get("base")))
        facets: dict[str, Any] = {}
        values = [f.get("value") for f in restriction.iterfind(f"{{{_ns.XS}}}enumeration")]
        if values:
            facets["values"] = values
        pattern = restriction.find(f"{{{_ns.XS}}}pattern")
        if pattern is not None:
            facets["pattern"] = pattern.get("value")
        for facet, attr in (("length", None), ("minLength", "min_len"), ("maxLength", "max_len")):
            el = restriction.find(f"{{{_ns.XS}}}{facet}")
            if el is None:
                continue
            if attr is None:
                facets["min_len"] = facets["max_len"] = int(el.get("value"))
            else:
                facets[attr] = int(el.get("value"))
        fraction = restriction.find(f"{{{_ns.XS}}}fractionDigits")
        if fraction is not None:
            digits = int(fraction.get("value"))
            facets["fraction_digits"] = digits
        total = restriction.find(f"{{{_ns.XS}}}totalDigits")
        if total is not None:
            facets["total_digits"] = int(total.get("value"))
        if name is not None:
            facets["type_name"] = name
        built = base.customize(**facets)
        if name is not None:
            built.__namespace__ = tns
        return built

    def _complex_type(self, decl: etree._Element, tns: str, name: str) -> type[ModelBase]:
        members: list[tuple[str, type[ModelBase]]] = []
        sequence = decl.find(f"{{{_ns.XS}}}sequence")
        for child in sequence if sequence is not None else ():
            if child.tag != f"{{{_ns.XS}}}element":
                raise ValueError(f"complexType {name}: only sequences of elements are supported")
            child_type = self._element_type(child, tns, child.get("name"))
            max_occurs = child.get("maxOccurs", "1")
            members.append(
                (
                    child.get("name"),
                    child_type.customize(
                        min_occurs=int(child.get("minOccurs", "1")),
                        max_occurs=UNBOUNDED if max_occurs == "unbounded" else int(max_occurs),
                        nillable=child.get("nillable") == "true",
                    ),
                )
            )
        return ComplexModel.produce(tns, name, members)
