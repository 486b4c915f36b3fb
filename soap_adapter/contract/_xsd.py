"""XSD 1.0 schemas (inline in a WSDL or in files) read into the contract model.

Written on lxml directly rather than on `xmlschema`: xmlschema parses with ElementTree, so its
components carry no line numbers (every declaration here keeps file and line, and every refusal
names them); its `Wsdl11Document` cannot read WSDLs whose inline schemas refer to each other
(Salesforce's partner.wsdl fails with "unknown type 'tns:ID'"); and it builds its meta-schema on
every process start. What the wire needs of XSD is a few hundred lines: includes (chameleon ones
too), imports, redefines, named and anonymous types, groups, derivation, substitution groups.
XSD 1.1 constructs (`xs:override`, `xs:assert`, `xs:alternative`, open content) are refused.

Reading goes in three steps: index every global declaration of every schema document; build
each named component once (complex types as shells first, their content filled afterwards, so that
recursive types and types that reach their own derived types work); then link substitution groups
and derived types. Identity constraints (`xs:key`, `xs:keyref`, `xs:unique`), `xs:annotation` and
`xs:notation` are not read: they never change what is on the wire.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Literal

from lxml import etree

from soap_adapter.contract._errors import ContractError
from soap_adapter.contract._model import (
    SOAP_ENC,
    XS,
    Any,
    AnyAttribute,
    Attribute,
    ComplexType,
    Element,
    ModelGroup,
    Particle,
    SimpleType,
    Source,
    Type,
)

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_ARRAY_TYPE = f"{{{WSDL_NS}}}arrayType"

# The XSD 1.0 built-in datatypes (Part 2, 3 and 4) and the built-in each one restricts; the three
# list types are lists of their item type.
_BUILTIN_BASE: dict[str, str] = {
    "anySimpleType": "anySimpleType",
    # primitive
    "string": "anySimpleType",
    "boolean": "anySimpleType",
    "decimal": "anySimpleType",
    "float": "anySimpleType",
    "double": "anySimpleType",
    "duration": "anySimpleType",
    "dateTime": "anySimpleType",
    "time": "anySimpleType",
    "date": "anySimpleType",
    "gYearMonth": "anySimpleType",
    "gYear": "anySimpleType",
    "gMonthDay": "anySimpleType",
    "gDay": "anySimpleType",
    "gMonth": "anySimpleType",
    "hexBinary": "anySimpleType",
    "base64Binary": "anySimpleType",
    "anyURI": "anySimpleType",
    "QName": "anySimpleType",
    "NOTATION": "anySimpleType",
    # derived
    "normalizedString": "string",
    "token": "normalizedString",
    "language": "token",
    "NMTOKEN": "token",
    "NMTOKENS": "NMTOKEN",
    "Name": "token",
    "NCName": "Name",
    "ID": "NCName",
    "IDREF": "NCName",
    "IDREFS": "IDREF",
    "ENTITY": "NCName",
    "ENTITIES": "ENTITY",
    "integer": "decimal",
    "nonPositiveInteger": "integer",
    "negativeInteger": "nonPositiveInteger",
    "long": "integer",
    "int": "long",
    "short": "int",
    "byte": "short",
    "nonNegativeInteger": "integer",
    "unsignedLong": "nonNegativeInteger",
    "unsignedInt": "unsignedLong",
    "unsignedShort": "unsignedInt",
    "unsignedByte": "unsignedShort",
    "positiveInteger": "nonNegativeInteger",
}
BUILTINS = frozenset(_BUILTIN_BASE)
_LIST_BUILTINS = {"NMTOKENS", "IDREFS", "ENTITIES"}

_FACETS = {
    "length",
    "minLength",
    "maxLength",
    "pattern",
    "whiteSpace",
    "maxInclusive",
    "maxExclusive",
    "minInclusive",
    "minExclusive",
    "totalDigits",
    "fractionDigits",
}
# XSD 1.1 (and other) constructs with no place in the model: refused where they occur.
_XSD11 = {
    "assert",
    "assertion",
    "alternative",
    "openContent",
    "defaultOpenContent",
    "override",
    "explicitTimezone",
}
_IGNORED = {"annotation", "key", "keyref", "unique", "notation"}
_MODEL_GROUPS = {"sequence", "choice", "all"}


def _xs(tag: str) -> str:
    return f"{{{XS}}}{tag}"


def _local(tag: object) -> str | None:
    """The local name of an xs: element, None for anything else (comments, foreign elements)."""
    if isinstance(tag, str) and tag.startswith(f"{{{XS}}}"):
        return tag[len(XS) + 2 :]
    return None


def _clark(namespace: str | None, local: str) -> str:
    return f"{{{namespace}}}{local}" if namespace else local


@dataclasses.dataclass(eq=False)
class SchemaDoc:
    """One schema as read: an `xs:schema` element, the namespace its declarations land in (the
    includer's for a chameleon include) and the document it is in."""

    root: etree._Element
    target_namespace: str | None
    chameleon: bool
    document: str  # Document.name
    qualified_elements: bool
    qualified_attributes: bool

    def source(self, node: etree._Element) -> Source:
        return Source(self.document, node.sourceline or 0)

    def refuse(self, node: etree._Element, message: str | None = None) -> ContractError:
        construct = f"xs:{_local(node.tag) or node.tag}"
        return ContractError(
            message or f"{construct} is not supported", construct, self.source(node)
        )

    def qname(self, node: etree._Element, value: str, attribute: str) -> str:
        """A QName attribute value as a Clark name, in the scope of `node`."""
        value = value.strip()
        prefix, _, local = value.rpartition(":")
        namespace: str | None
        if prefix == "xml":
            namespace = XML_NS  # bound by definition, never declared
        elif prefix:
            namespace = node.nsmap.get(prefix)
            if namespace is None:
                raise ContractError(
                    f"{attribute}='{value}': the prefix '{prefix}' is not declared",
                    f"xs:{_local(node.tag)}",
                    self.source(node),
                )
        else:
            namespace = node.nsmap.get(None)
        if not namespace and self.chameleon:
            namespace = self.target_namespace  # a chameleon include takes the includer's namespace
        return _clark(namespace, local)


_KINDS = ("element", "complexType", "simpleType", "group", "attributeGroup", "attribute")


class Schemas:
    """Every schema of a contract, indexed by global declaration, and the model built from them."""

    def __init__(self, load_well_known: Callable[[str], bool]) -> None:
        # load_well_known(namespace): load a schema the adapter knows for a namespace nobody
        # imported (Axis WSDLs use soapenc:Array without importing it); True when it did.
        self._load_well_known = load_well_known
        self.docs: list[SchemaDoc] = []
        self.index: dict[str, dict[str, tuple[etree._Element, SchemaDoc]]] = {k: {} for k in _KINDS}
        self.namespaces: set[str | None] = set()
        self.unresolved: dict[str, Source] = {}  # namespace-only imports nothing resolved
        self.elements: dict[str, Element] = {}
        self.types: dict[str, Type] = {}
        self._building_simple: set[str] = set()
        self._to_fill: dict[int, tuple[ComplexType, etree._Element, SchemaDoc]] = {}
        self._filling: set[int] = set()
        self._refs: list[tuple[Element, Element]] = []  # (reference, global declaration)
        self._heads: list[tuple[Element, str, etree._Element, SchemaDoc]] = []
        self._any_type: ComplexType | None = None
        self._self_refs: dict[etree._Element, str] = {}  # xs:redefine's references to itself

    # ---- step 1: index ------------------------------------------------------------------------

    def add(
        self,
        root: etree._Element,
        document: str,
        include_namespace: str | None = None,
        redefined: frozenset[tuple[str, str]] = frozenset(),
    ) -> SchemaDoc:
        """Index one `xs:schema`; `include_namespace` is the includer's for an `xs:include` or
        `xs:redefine`; `redefined` the (kind, name) of the components an `xs:redefine` of this
        schema replaces: they are kept under a name of their own, for the redefinition's
        reference to itself (`original()`)."""
        own = root.get("targetNamespace")
        chameleon = own is None and include_namespace is not None
        schema = SchemaDoc(
            root=root,
            target_namespace=own if own is not None else include_namespace,
            chameleon=chameleon,
            document=document,
            qualified_elements=root.get("elementFormDefault") == "qualified",
            qualified_attributes=root.get("attributeFormDefault") == "qualified",
        )
        self.docs.append(schema)
        self.namespaces.add(schema.target_namespace)
        for child in root:
            kind = _local(child.tag)
            if kind is None or kind in _IGNORED or kind in ("import", "include"):
                continue  # imports and includes: followed by the reader (they need the loader)
            if kind == "redefine":
                for component in child:
                    if _local(component.tag) not in (None, *_IGNORED):
                        self._redefinition(component, schema)
                continue
            if kind not in _KINDS:
                raise schema.refuse(child)
            name = child.get("name")
            if name is None:
                raise schema.refuse(child, f"a global xs:{kind} without a name")
            clark = _clark(schema.target_namespace, name)
            if (kind, clark) in redefined:
                clark = original(clark)
            # The first declaration of a name wins: the same file reached twice (by two
            # addresses) declares everything twice.
            self.index[kind].setdefault(clark, (child, schema))
        return schema

    def _redefinition(self, node: etree._Element, schema: SchemaDoc) -> None:
        """Index a component of `xs:redefine` in place of the one it redefines, and note where it
        refers to itself: that reference means the original (XSD 1.0 part 1, 4.2.2)."""
        kind = _local(node.tag)
        if kind not in ("complexType", "simpleType", "group", "attributeGroup"):
            raise schema.refuse(node, f"xs:{kind} cannot be redefined")
        name = _clark(schema.target_namespace, node.get("name", ""))
        refs: list[etree._Element] = []
        if kind in ("complexType", "simpleType"):
            refs = [
                d
                for d in node.iter(_xs("restriction"), _xs("extension"))
                if d.get("base") and schema.qname(d, d.get("base", ""), "base") == name
            ]
            if not refs:
                raise schema.refuse(
                    node, f"the redefinition of '{name}' must derive from the type it redefines"
                )
        else:
            refs = [
                d
                for d in node.iter(_xs(kind))
                if d.get("ref") and schema.qname(d, d.get("ref", ""), "ref") == name
            ]
        for ref in refs:
            self._self_refs[ref] = original(name)
        self.index[kind][name] = (node, schema)

    def _resolve(self, node: etree._Element, name: str) -> str:
        """`name` as referred to at `node`: the original for a redefinition's self-reference."""
        return self._self_refs.get(node, name)

    # ---- step 2: build ------------------------------------------------------------------------

    def build(self) -> None:
        """Build every global element and named type, then link substitution groups and
        derivations."""
        done: set[tuple[str, str]] = set()
        while True:
            todo = [
                (kind, name)
                for kind in ("complexType", "simpleType", "element")
                for name in self.index[kind]
                if (kind, name) not in done
            ]
            if not todo and not self._to_fill:
                break
            for kind, name in todo:
                done.add((kind, name))
                node, schema = self.index[kind][name]
                if kind == "element":
                    self.global_element(name, node, schema)
                else:
                    self.named_type(name, node, schema)
            while self._to_fill:
                self._fill(next(iter(self._to_fill.values()))[0])
        self._link()

    def global_named(self, name: str, kind: Literal["element", "type"]) -> Element | Type | None:
        """A global element or named type (built-ins included) for a WSDL part, after `build()`;
        None when no schema declares it."""
        table: dict[str, Element] | dict[str, Type] = (
            self.elements if kind == "element" else self.types
        )
        namespace, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
        if kind == "type" and namespace == XS:
            if local == "anyType":
                return self.any_type()
            return self.builtin(local) if local in BUILTINS else None
        if (
            name not in table
            and namespace not in self.namespaces
            and self._load_well_known(namespace)
        ):
            self.build()
        return table.get(name)

    def global_element(self, name: str, site: etree._Element, schema: SchemaDoc) -> Element:
        found = self.elements.get(name)
        if found is not None:
            return found
        node, home, _ = self._lookup(("element",), name, site, schema)
        element = Element(
            name=name,
            type=self.any_type(),
            nillable=node.get("nillable") == "true",
            abstract=node.get("abstract") == "true",
            default=node.get("default"),
            fixed=node.get("fixed"),
            is_global=True,
            source=home.source(node),
        )
        self.elements[name] = element
        head = node.get("substitutionGroup")
        if head is not None:
            head_name = home.qname(node, head, "substitutionGroup")
            self._heads.append((element, head_name, node, home))
            if node.get("type") is None and not _children(node, "complexType", "simpleType"):
                element.type = self.global_element(head_name, node, home).type
                _refuse_xsd11(node, home)
                return element
        element.type = self._element_type(node, home)
        return element

    def named_type(self, name: str, site: etree._Element, schema: SchemaDoc) -> Type:
        found = self.types.get(name)
        if found is not None:
            return found
        namespace, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
        if namespace == XS:
            return self._builtin_or_any(local, site, schema)
        node, home, kind = self._lookup(("complexType", "simpleType"), name, site, schema)
        if kind == "complexType":
            return self._complex_shell(name, node, home)
        return self._simple(name, node, home)

    def any_type(self) -> ComplexType:
        if self._any_type is None:
            self._any_type = ComplexType(
                name=_xs("anyType"),
                content=ModelGroup(
                    "sequence", [Any(process_contents="lax", min_occurs=0, max_occurs=None)]
                ),
                any_attribute=AnyAttribute(process_contents="lax"),
                mixed=True,
            )
            self.types[_xs("anyType")] = self._any_type
        return self._any_type

    def builtin(self, local: str) -> SimpleType:
        name = _xs(local)
        found = self.types.get(name)
        if isinstance(found, SimpleType):
            return found
        if local in _LIST_BUILTINS:
            simple = SimpleType(
                name=name, builtin=local, variety="list", item=self.builtin(_BUILTIN_BASE[local])
            )
        else:
            simple = SimpleType(name=name, builtin=local)
        self.types[name] = simple
        return simple

    def _builtin_or_any(self, local: str, site: etree._Element, schema: SchemaDoc) -> Type:
        if local == "anyType":
            return self.any_type()
        if local in BUILTINS:
            return self.builtin(local)
        raise ContractError(
            f"xs:{local} is not an XSD 1.0 built-in type",
            f"xs:{_local(site.tag)}",
            schema.source(site),
        )

    def _lookup(
        self, kinds: tuple[str, ...], name: str, site: etree._Element, schema: SchemaDoc
    ) -> tuple[etree._Element, SchemaDoc, str]:
        """The global declaration of one of `kinds` named `name`, referred to at `site`."""
        for attempt in range(2):
            for kind in kinds:
                if name in self.index[kind]:
                    node, home = self.index[kind][name]
                    return node, home, kind
            namespace = name[1:].partition("}")[0] if name.startswith("{") else ""
            # A namespace nobody imported whose schema the adapter knows (Axis WSDLs use
            # soapenc:Array without importing soapenc): load it and look again.
            if attempt or namespace in self.namespaces or not self._load_well_known(namespace):
                break
        what = "type" if kinds == ("complexType", "simpleType") else kinds[0]
        hint = ""
        if namespace in self.unresolved:
            hint = (
                f" (its namespace is imported at {self.unresolved[namespace]} without a "
                "schemaLocation that could be read: add a catalog entry for it)"
            )
        elif namespace not in self.namespaces:
            hint = f" (no schema of namespace '{namespace}' is imported)"
        raise ContractError(
            f"unknown {what} '{name}'{hint}", f"xs:{_local(site.tag)}", schema.source(site)
        )

    # -- types ----------------------------------------------------------------------------------

    def _type_ref(
        self, node: etree._Element, value: str, attribute: str, schema: SchemaDoc
    ) -> Type:
        return self.named_type(
            self._resolve(node, schema.qname(node, value, attribute)), node, schema
        )

    def _simple_ref(
        self, node: etree._Element, value: str, attribute: str, schema: SchemaDoc
    ) -> SimpleType:
        found = self._type_ref(node, value, attribute, schema)
        if not isinstance(found, SimpleType):
            raise ContractError(
                f"{attribute}='{value}' names a complex type where a simple type is required",
                f"xs:{_local(node.tag)}",
                schema.source(node),
            )
        return found

    def _element_type(self, node: etree._Element, schema: SchemaDoc) -> Type:
        _refuse_xsd11(node, schema)  # xs:alternative (type alternatives)
        if node.get("type") is not None:
            return self._type_ref(node, node.get("type", ""), "type", schema)
        for child in node:
            kind = _local(child.tag)
            if kind == "complexType":
                return self._complex_shell(None, child, schema)
            if kind == "simpleType":
                return self._simple(None, child, schema)
        return self.any_type()

    def _complex_shell(
        self, name: str | None, node: etree._Element, schema: SchemaDoc
    ) -> ComplexType:
        complex_type = ComplexType(
            name=_shown(name),
            mixed=node.get("mixed") == "true",
            abstract=node.get("abstract") == "true",
            source=schema.source(node),
        )
        if name is not None:
            self.types[name] = complex_type
        self._to_fill[id(complex_type)] = (complex_type, node, schema)
        return complex_type

    def _ensure_filled(
        self, complex_type: ComplexType, site: etree._Element, schema: SchemaDoc
    ) -> None:
        if id(complex_type) in self._filling:
            raise ContractError(
                f"type '{complex_type.name}' is derived from itself",
                f"xs:{_local(site.tag)}",
                schema.source(site),
            )
        if id(complex_type) in self._to_fill:
            self._fill(complex_type)

    def _fill(self, complex_type: ComplexType) -> None:
        _, node, schema = self._to_fill.pop(id(complex_type))
        self._filling.add(id(complex_type))
        try:
            self._fill_content(complex_type, node, schema)
        finally:
            self._filling.discard(id(complex_type))

    def _fill_content(self, ct: ComplexType, node: etree._Element, schema: SchemaDoc) -> None:
        own_attributes: list[etree._Element] = []
        for child in node:
            kind = _local(child.tag)
            if kind is None or kind in _IGNORED:
                continue
            if kind == "simpleContent":
                self._simple_content(ct, child, schema)
            elif kind == "complexContent":
                if child.get("mixed") is not None:
                    ct.mixed = child.get("mixed") == "true"
                self._complex_content(ct, child, schema)
            elif kind in _MODEL_GROUPS or kind == "group":
                group = self._particle(child, schema)
                assert isinstance(group, ModelGroup)
                ct.content = group
            elif kind in ("attribute", "attributeGroup", "anyAttribute"):
                own_attributes.append(child)
            else:
                raise schema.refuse(child)
        if own_attributes:
            attributes, wildcard = self._attributes(own_attributes, schema)
            ct.attributes = attributes
            ct.any_attribute = wildcard

    def _derivation(self, node: etree._Element, schema: SchemaDoc) -> tuple[str, etree._Element]:
        for child in node:
            kind = _local(child.tag)
            if kind in ("extension", "restriction"):
                return kind, child
            if kind is not None and kind not in _IGNORED:
                raise schema.refuse(child)
        raise schema.refuse(node, f"xs:{_local(node.tag)} without xs:extension or xs:restriction")

    def _simple_content(self, ct: ComplexType, node: etree._Element, schema: SchemaDoc) -> None:
        how, derivation = self._derivation(node, schema)
        if derivation.get("base") is None:
            raise schema.refuse(derivation, f"xs:{how} without a base")
        base = self._type_ref(derivation, derivation.get("base", ""), "base", schema)
        ct.base = base
        ct.derivation = "extension" if how == "extension" else "restriction"
        inherited: list[Attribute] = []
        base_wildcard: AnyAttribute | None = None
        if isinstance(base, ComplexType):
            self._ensure_filled(base, derivation, schema)
            inherited, base_wildcard = list(base.attributes), base.any_attribute
            value_type = base.simple_content or self.builtin("anySimpleType")
        else:
            value_type = base
        own = [
            c
            for c in derivation
            if _local(c.tag) in ("attribute", "attributeGroup", "anyAttribute")
        ]
        attributes, wildcard = self._attributes(own, schema)
        if how == "extension":
            ct.simple_content = value_type
            ct.attributes = inherited + attributes
            ct.any_attribute = wildcard or base_wildcard
            for child in derivation:
                kind = _local(child.tag)
                if kind is not None and kind not in _IGNORED and child not in own:
                    raise schema.refuse(child)
            return
        # restriction: the value type narrowed by the facets given here (or an inline simpleType)
        inline = _children(derivation, "simpleType")
        if inline:
            value_type = self._simple(None, inline[0], schema)
        ct.simple_content = self._restricted(None, value_type, derivation, schema, skip=set(own))
        ct.attributes = _restrict_attributes(inherited, attributes, derivation, schema)
        ct.any_attribute = wildcard

    def _complex_content(self, ct: ComplexType, node: etree._Element, schema: SchemaDoc) -> None:
        how, derivation = self._derivation(node, schema)
        if derivation.get("base") is None:
            raise schema.refuse(derivation, f"xs:{how} without a base")
        base = self._type_ref(derivation, derivation.get("base", ""), "base", schema)
        if not isinstance(base, ComplexType):
            raise schema.refuse(
                derivation, f"xs:complexContent derives from the simple type '{base.name}'"
            )
        self._ensure_filled(base, derivation, schema)
        ct.base = base
        ct.derivation = "extension" if how == "extension" else "restriction"
        own_group: ModelGroup | None = None
        own: list[etree._Element] = []
        for child in derivation:
            kind = _local(child.tag)
            if kind is None or kind in _IGNORED:
                continue
            if kind in _MODEL_GROUPS or kind == "group":
                particle = self._particle(child, schema)
                assert isinstance(particle, ModelGroup)
                own_group = particle
            elif kind in ("attribute", "attributeGroup", "anyAttribute"):
                own.append(child)
            else:
                raise schema.refuse(child)
        attributes, wildcard = self._attributes(own, schema)
        is_any = base is self._any_type
        if how == "extension":
            ct.content = _extend(None if is_any else base.content, own_group)
            ct.attributes = [*base.attributes, *attributes] if not is_any else attributes
            ct.any_attribute = wildcard or (None if is_any else base.any_attribute)
        else:
            ct.content = own_group
            ct.attributes = _restrict_attributes(
                [] if is_any else base.attributes, attributes, derivation, schema
            )
            ct.any_attribute = wildcard
        if base.name == f"{{{SOAP_ENC}}}Array" or base.array_item is not None:
            ct.array_item = self._array_item(own, own_group, schema) or base.array_item
            if ct.array_item is None:
                ct.array_item = self.any_type()

    def _array_item(
        self, attributes: list[etree._Element], group: ModelGroup | None, schema: SchemaDoc
    ) -> Type | None:
        """The item type of a soapenc array: `wsdl:arrayType="ns:T[]"` on the attribute that
        restricts soapenc:arrayType, else the one element its content repeats."""
        for node in attributes:
            value = node.get(_ARRAY_TYPE)
            if value is None:
                continue
            match = re.fullmatch(r"\s*([^\[\s]+)((?:\[[\d,\s]*\])+)\s*", value)
            if match is None:
                raise schema.refuse(node, f"wsdl:arrayType='{value}' is not 'prefix:Type[]'")
            if "," in match.group(2):
                raise schema.refuse(
                    node,
                    f"wsdl:arrayType='{value}': multi-dimensional soapenc arrays are not supported",
                )
            item = self._type_ref(node, match.group(1), "wsdl:arrayType", schema)
            # `T[][]` is an array of arrays of T: each inner level an anonymous array type.
            for _ in range(match.group(2).count("[") - 1):
                item = ComplexType(
                    name=None,
                    base=self.named_type(f"{{{SOAP_ENC}}}Array", node, schema),
                    derivation="restriction",
                    array_item=item,
                    source=schema.source(node),
                )
            return item
        if group is not None and len(group.particles) == 1:
            only = group.particles[0]
            if isinstance(only, Element):
                return only.type
        return None

    # -- simple types ---------------------------------------------------------------------------

    def _simple(self, name: str | None, node: etree._Element, schema: SchemaDoc) -> SimpleType:
        if name is not None:
            found = self.types.get(name)
            if isinstance(found, SimpleType):
                return found
            if name in self._building_simple:
                raise schema.refuse(node, f"the simple type '{name}' is derived from itself")
            self._building_simple.add(name)
        try:
            simple = self._simple_body(_shown(name), node, schema)
        finally:
            if name is not None:
                self._building_simple.discard(name)
        if name is not None:
            self.types[name] = simple
        return simple

    def _simple_body(self, name: str | None, node: etree._Element, schema: SchemaDoc) -> SimpleType:
        for child in node:
            kind = _local(child.tag)
            if kind is None or kind in _IGNORED:
                continue
            if kind == "restriction":
                if child.get("base") is not None:
                    base = self._simple_ref(child, child.get("base", ""), "base", schema)
                else:
                    inline = _children(child, "simpleType")
                    if not inline:
                        raise schema.refuse(child, "xs:restriction without a base")
                    base = self._simple(None, inline[0], schema)
                return self._restricted(name, base, child, schema, skip=set())
            if kind == "list":
                if child.get("itemType") is not None:
                    item = self._simple_ref(child, child.get("itemType", ""), "itemType", schema)
                else:
                    inline = _children(child, "simpleType")
                    if not inline:
                        raise schema.refuse(child, "xs:list without an item type")
                    item = self._simple(None, inline[0], schema)
                return SimpleType(
                    name=name,
                    builtin="anySimpleType",
                    variety="list",
                    item=item,
                    source=schema.source(node),
                )
            if kind == "union":
                members = [
                    self._simple_ref(child, value, "memberTypes", schema)
                    for value in (child.get("memberTypes") or "").split()
                ]
                members += [self._simple(None, c, schema) for c in _children(child, "simpleType")]
                if not members:
                    raise schema.refuse(child, "xs:union without member types")
                return SimpleType(
                    name=name,
                    builtin="anySimpleType",
                    variety="union",
                    members=tuple(members),
                    source=schema.source(node),
                )
            raise schema.refuse(child)
        raise schema.refuse(node, "xs:simpleType without xs:restriction, xs:list or xs:union")

    def _restricted(
        self,
        name: str | None,
        base: SimpleType,
        node: etree._Element,
        schema: SchemaDoc,
        skip: set[etree._Element],
    ) -> SimpleType:
        enumeration: list[str] = []
        facets = dict(base.facets)
        patterns: list[str] = []
        for facet in node:
            kind = _local(facet.tag)
            if kind is None or kind in _IGNORED or facet in skip or kind == "simpleType":
                continue
            if kind == "enumeration":
                enumeration.append(facet.get("value", ""))
            elif kind == "pattern":
                patterns.append(facet.get("value", ""))
            elif kind in _FACETS:
                facets[kind] = facet.get("value", "")
            else:
                raise schema.refuse(facet)
        if patterns:
            # Patterns of one step are alternatives; each step's must hold too (kept as the
            # last step's: the base's pattern is in the base type).
            facets["pattern"] = "|".join(patterns) if len(patterns) > 1 else patterns[0]
        return SimpleType(
            name=name,
            builtin=base.builtin,
            variety=base.variety,
            item=base.item,
            members=base.members,
            enumeration=tuple(enumeration) if enumeration else base.enumeration,
            facets=facets,
            source=schema.source(node.getparent() if name is not None else node),
            patterns=(*base.patterns, tuple(patterns)) if patterns else base.patterns,
        )

    # -- content models -------------------------------------------------------------------------

    def _particle(self, node: etree._Element, schema: SchemaDoc, depth: int = 0) -> Particle:
        kind = _local(node.tag)
        min_occurs, max_occurs = _occurs(node, schema)
        if kind == "element":
            return self._local_element(node, schema, min_occurs, max_occurs)
        if kind == "any":
            return Any(
                namespace=node.get("namespace", "##any"),
                process_contents=_process_contents(node, schema),
                min_occurs=min_occurs,
                max_occurs=max_occurs,
                target_namespace=schema.target_namespace,
            )
        if kind in _MODEL_GROUPS:
            assert kind is not None
            group = ModelGroup(kind, [], min_occurs, max_occurs)  # type: ignore[arg-type]
            for child in node:
                child_kind = _local(child.tag)
                if child_kind is None or child_kind in _IGNORED:
                    continue
                if child_kind not in ("element", "any", "group", *_MODEL_GROUPS):
                    raise schema.refuse(child)
                group.particles.append(self._particle(child, schema, depth))
            return group
        if kind == "group":
            ref = node.get("ref")
            if ref is None:
                raise schema.refuse(node, "xs:group without ref= in a content model")
            name = self._resolve(node, schema.qname(node, ref, "ref"))
            if depth > 64:
                raise schema.refuse(node, f"the group '{name}' contains itself")
            definition, home, _ = self._lookup(("group",), name, node, schema)
            inner = [c for c in definition if _local(c.tag) in _MODEL_GROUPS]
            if len(inner) != 1:
                raise home.refuse(
                    definition, "xs:group must hold one xs:sequence, xs:choice or xs:all"
                )
            inner_group = self._particle(inner[0], home, depth + 1)
            assert isinstance(inner_group, ModelGroup)
            inner_group.min_occurs, inner_group.max_occurs = min_occurs, max_occurs
            return inner_group
        raise schema.refuse(node)

    def _local_element(
        self, node: etree._Element, schema: SchemaDoc, min_occurs: int, max_occurs: int | None
    ) -> Element:
        ref = node.get("ref")
        if ref is not None:
            name = schema.qname(node, ref, "ref")
            target = self.global_element(name, node, schema)
            reference = dataclasses.replace(
                target, min_occurs=min_occurs, max_occurs=max_occurs, source=schema.source(node)
            )
            self._refs.append((reference, target))
            return reference
        local = node.get("name")
        if local is None:
            raise schema.refuse(node, "xs:element without name= or ref=")
        form = node.get("form")
        qualified = form == "qualified" if form is not None else schema.qualified_elements
        return Element(
            name=_clark(schema.target_namespace if qualified else None, local),
            type=self._element_type(node, schema),
            min_occurs=min_occurs,
            max_occurs=max_occurs,
            nillable=node.get("nillable") == "true",
            default=node.get("default"),
            fixed=node.get("fixed"),
            source=schema.source(node),
        )

    # -- attributes -----------------------------------------------------------------------------

    def _attributes(
        self, nodes: list[etree._Element], schema: SchemaDoc, seen: frozenset[str] = frozenset()
    ) -> tuple[list[Attribute], AnyAttribute | None]:
        attributes: list[Attribute] = []
        wildcard: AnyAttribute | None = None
        for node in nodes:
            kind = _local(node.tag)
            if kind == "attribute":
                # use="prohibited" only takes a base's attribute away (_restrict_attributes)
                if node.get("use") != "prohibited":
                    attributes.append(self._attribute(node, schema))
            elif kind == "anyAttribute":
                wildcard = AnyAttribute(
                    namespace=node.get("namespace", "##any"),
                    process_contents=_process_contents(node, schema),
                    target_namespace=schema.target_namespace,
                )
            elif kind == "attributeGroup":
                ref = node.get("ref")
                if ref is None:
                    raise schema.refuse(node, "xs:attributeGroup without ref= in a type")
                name = self._resolve(node, schema.qname(node, ref, "ref"))
                if name in seen:
                    raise schema.refuse(node, f"the attribute group '{name}' contains itself")
                definition, home, _ = self._lookup(("attributeGroup",), name, node, schema)
                inner = [
                    c
                    for c in definition
                    if _local(c.tag) is not None and _local(c.tag) not in _IGNORED
                ]
                for child in inner:
                    if _local(child.tag) not in ("attribute", "attributeGroup", "anyAttribute"):
                        raise home.refuse(child)
                group_attributes, group_wildcard = self._attributes(inner, home, seen | {name})
                attributes += group_attributes
                wildcard = wildcard or group_wildcard
        return attributes, wildcard

    def _attribute(self, node: etree._Element, schema: SchemaDoc) -> Attribute:
        ref = node.get("ref")
        if ref is not None:
            name = schema.qname(node, ref, "ref")
            declaration, home, _ = self._lookup(("attribute",), name, node, schema)
            simple = self._attribute_type(declaration, home)
            default = node.get("default", declaration.get("default"))
            fixed = node.get("fixed", declaration.get("fixed"))
        else:
            local = node.get("name")
            if local is None:
                raise schema.refuse(node, "xs:attribute without name= or ref=")
            form = node.get("form")
            qualified = form == "qualified" if form is not None else schema.qualified_attributes
            name = _clark(schema.target_namespace if qualified else None, local)
            simple = self._attribute_type(node, schema)
            default, fixed = node.get("default"), node.get("fixed")
        return Attribute(
            name=name,
            type=simple,
            required=node.get("use") == "required",
            default=default,
            fixed=fixed,
            source=schema.source(node),
        )

    def _attribute_type(self, node: etree._Element, schema: SchemaDoc) -> SimpleType:
        if node.get("type") is not None:
            return self._simple_ref(node, node.get("type", ""), "type", schema)
        inline = _children(node, "simpleType")
        if inline:
            return self._simple(None, inline[0], schema)
        return self.builtin("anySimpleType")

    # ---- step 3: link -------------------------------------------------------------------------

    def _link(self) -> None:
        members: dict[str, list[Element]] = {}
        for element, head_name, node, schema in self._heads:
            self.global_element(head_name, node, schema)
            members.setdefault(head_name, []).append(element)
        for head_name, head in self.elements.items():
            if head_name not in members:
                continue
            block = (self.index["element"][head_name][0].get("block") or "").split()
            if "substitution" in block or "#all" in block:
                continue
            found: list[Element] = []
            stack = list(members[head_name])
            while stack:
                member = stack.pop(0)
                if member in found:
                    continue
                found.append(member)
                stack += members.get(member.name, [])
            head.substitutes = tuple(m for m in found if not m.abstract)
        for reference, target in self._refs:
            reference.type = target.type
            reference.substitutes = target.substitutes
        named = [t for t in self.types.values() if isinstance(t, ComplexType)]
        for complex_type in named:
            complex_type.derived.clear()  # build() may run again after a late well-known load
        for complex_type in named:
            if complex_type.name is None:
                continue  # a type xs:redefine replaced: no xsi:type can name it
            base = complex_type.base
            while isinstance(base, ComplexType) and base is not self._any_type:
                base.derived.append(complex_type)
                base = base.base


_ORIGINAL = " (before xs:redefine)"


def original(name: str) -> str:
    """The key a component replaced by xs:redefine is kept under (never a Clark name)."""
    return name + _ORIGINAL


def _shown(name: str | None) -> str | None:
    """The model's name for a component: None for one that xs:redefine replaced."""
    return None if name is None or name.endswith(_ORIGINAL) else name


def _restrict_attributes(
    inherited: list[Attribute],
    own: list[Attribute],
    node: etree._Element,
    schema: SchemaDoc,
) -> list[Attribute]:
    """A restriction's attributes: the base's, each replaced by the one redeclared here, less
    the ones prohibited here."""
    prohibited = {
        schema.qname(c, c.get("ref", ""), "ref") if c.get("ref") else _attr_name(c, schema)
        for c in _descendant_attributes(node)
        if c.get("use") == "prohibited"
    }
    mine = {a.name: a for a in own}
    result = [mine.pop(a.name, a) for a in inherited if a.name not in prohibited]
    return result + [a for a in own if a.name in mine]


def _descendant_attributes(node: etree._Element) -> Iterator[etree._Element]:
    for child in node:
        if _local(child.tag) == "attribute":
            yield child


def _attr_name(node: etree._Element, schema: SchemaDoc) -> str:
    form = node.get("form")
    qualified = form == "qualified" if form is not None else schema.qualified_attributes
    return _clark(schema.target_namespace if qualified else None, node.get("name", ""))


def _extend(base: ModelGroup | None, own: ModelGroup | None) -> ModelGroup | None:
    """An extension's content: the base's particles, then its own, in one sequence."""
    groups = [g for g in (base, own) if g is not None and (g.particles or g.kind != "sequence")]
    if not groups:
        return own or base
    if len(groups) == 1:
        return groups[0]
    particles: list[Particle] = []
    for group in groups:
        if group.kind == "sequence" and group.min_occurs == 1 and group.max_occurs == 1:
            particles += group.particles
        else:
            particles.append(group)
    return ModelGroup("sequence", particles)


def _refuse_xsd11(node: etree._Element, schema: SchemaDoc) -> None:
    for child in node:
        if _local(child.tag) in _XSD11:
            raise schema.refuse(child)


def _children(node: etree._Element, *kinds: str) -> list[etree._Element]:
    return [c for c in node if _local(c.tag) in kinds]


def _occurs(node: etree._Element, schema: SchemaDoc) -> tuple[int, int | None]:
    try:
        low = int(node.get("minOccurs", "1"))
        high_text = node.get("maxOccurs", "1").strip()
        high = None if high_text == "unbounded" else int(high_text)
    except ValueError as exc:
        raise schema.refuse(node, f"minOccurs/maxOccurs is not a number: {exc}") from exc
    return low, high


def _process_contents(node: etree._Element, schema: SchemaDoc) -> Literal["strict", "lax", "skip"]:
    value = node.get("processContents", "strict")
    if value == "strict" or value == "lax" or value == "skip":
        return value
    raise schema.refuse(node, f"processContents='{value}' is not strict, lax or skip")
