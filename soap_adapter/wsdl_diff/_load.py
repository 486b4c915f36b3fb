"""Reads a WSDL and every schema it imports (files or http(s) URLs) into the comparable model."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Iterable
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import requests
from lxml import etree

from soap_adapter import _ns, _xml
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

EXTERNAL = (
    _ns.XS,
    _ns.SOAP_ENCODING,
    _ns.XML,
    _ns.WSDL,
)  # namespaces whose schemas a WSDL names but never imports
HTTP_TIMEOUT = (5.0, 30.0)  # connect, read
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_NODES = 200_000  # expanded elements per contract: a bound on pathological schemas


class ContractError(Exception):
    """A contract that cannot be read; the message says which document and why, on one line."""


def _xs(local: str) -> str:
    return f"{{{_ns.XS}}}{local}"


def _wsdl(local: str) -> str:
    return f"{{{_ns.WSDL}}}{local}"


def _is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def _join(base: str, reference: str) -> str:
    """Where a schemaLocation or wsdl:import location points, seen from the document `base`."""
    scheme = urlsplit(reference).scheme
    if scheme in ("http", "https"):
        return reference
    if _is_url(base):
        if scheme:  # file:, ftp:, ... from a remote document: never read local files for it
            raise ContractError(f"{base}: refuses to follow {reference!r} from a remote document")
        return urljoin(base, reference)
    if scheme == "file":
        return str(pathlib.Path(url2pathname(urlsplit(reference).path)).resolve())
    if len(scheme) > 1:
        raise ContractError(f"{base}: cannot follow {reference!r} (scheme {scheme})")
    return str((pathlib.Path(base).parent / unquote(reference)).resolve())


def _fetch(location: str) -> bytes:
    if _is_url(location):
        try:
            with requests.get(location, timeout=HTTP_TIMEOUT, stream=True) as response:
                if response.status_code != 200:
                    raise ContractError(f"{location}: HTTP {response.status_code}")
                chunks, size = [], 0
                for chunk in response.iter_content(65536):
                    size += len(chunk)
                    if size > MAX_DOCUMENT_BYTES:
                        raise ContractError(f"{location}: larger than {MAX_DOCUMENT_BYTES} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except requests.RequestException as exc:
            raise ContractError(f"{location}: {type(exc).__name__}: {exc}") from exc
    path = pathlib.Path(location)
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise ContractError(f"{location}: larger than {MAX_DOCUMENT_BYTES} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise ContractError(f"{location}: {exc.strerror or exc}") from exc


def _parse(location: str) -> etree._Element:
    """Parse with the edge's hardened parser; refuse any DOCTYPE."""
    data = _fetch(location)
    try:
        return _xml.parse(data, base_url=location)
    except _xml.DoctypeRefused:
        raise ContractError(f"{location}: has a DOCTYPE; DTDs and entities are refused") from None
    except etree.XMLSyntaxError as exc:
        raise ContractError(f"{location}: not well-formed XML: {exc}") from exc


def _occurs(decl: etree._Element, where: str) -> tuple[int, int | None]:
    raw_min, raw_max = decl.get("minOccurs", "1"), decl.get("maxOccurs", "1")
    try:
        return int(raw_min), None if raw_max == "unbounded" else int(raw_max)
    except ValueError:
        raise ContractError(f"{where}: bad minOccurs/maxOccurs {raw_min!r}/{raw_max!r}") from None


def _times(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a * b


@dataclasses.dataclass(frozen=True)
class _Doc:
    """The schema document a declaration sits in: what its local names are qualified with."""

    location: str
    tns: str | None
    chameleon: bool  # included without a targetNamespace: takes the includer's
    qualified_elements: bool
    qualified_attributes: bool


@dataclasses.dataclass(frozen=True)
class _Content:
    label: str
    simple: Simple | None = None
    children: tuple[Node, ...] = ()
    attributes: tuple[Node, ...] = ()
    ordered: bool = True
    wildcard: bool = False
    recursion: str | None = None

    def node(
        self,
        name: Name,
        min_occurs: int = 1,
        max_occurs: int | None = 1,
        *,
        label: str | None = None,
        nillable: bool = False,
    ) -> Node:
        """An element of this content: what it holds is the content's, how often is its own."""
        return Node(
            name=name,
            type_label=self.label if label is None else label,
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


_Stack = tuple[tuple[str, Name], ...]
_Found = tuple[etree._Element, _Doc]


class _Schemas:
    """Every global schema component of a contract, and the element trees built from them."""

    def __init__(self, max_nodes: int = MAX_NODES) -> None:
        self.elements: dict[Name, _Found] = {}
        self.complex_types: dict[Name, _Found] = {}
        self.simple_types: dict[Name, _Found] = {}
        self.groups: dict[Name, _Found] = {}
        self.attribute_groups: dict[Name, _Found] = {}
        self.global_attributes: dict[Name, _Found] = {}
        self.loaded: set[tuple[str, str | None]] = set()
        self.nodes = 0
        self.max_nodes = max_nodes
        self.cache: dict[Name, Node] = {}

    # -- reading schema documents -------------------------------------------------------------

    def add(self, schema: etree._Element, location: str, includer_tns: str | None = None) -> None:
        own_tns = schema.get("targetNamespace")
        doc = _Doc(
            location,
            own_tns or includer_tns,
            own_tns is None and includer_tns is not None,
            schema.get("elementFormDefault") == "qualified",
            schema.get("attributeFormDefault") == "qualified",
        )
        tables = {
            _xs("element"): self.elements,
            _xs("complexType"): self.complex_types,
            _xs("simpleType"): self.simple_types,
            _xs("group"): self.groups,
            _xs("attributeGroup"): self.attribute_groups,
            _xs("attribute"): self.global_attributes,
        }
        for child in schema:
            table = tables.get(child.tag)
            if table is not None and child.get("name"):
                table.setdefault(Name(doc.tns, child.get("name")), (child, doc))
            elif child.tag in (_xs("import"), _xs("include"), _xs("redefine")):
                reference = child.get("schemaLocation")
                if not reference:
                    continue  # a namespace declared inline elsewhere, or a built-in one
                target = _join(location, reference)
                chameleon = None if child.tag == _xs("import") else doc.tns
                if (target, chameleon) in self.loaded:
                    continue
                self.loaded.add((target, chameleon))
                root = _parse(target)
                if root.tag != _xs("schema"):
                    raise ContractError(f"{target}: imported from {location}, not an XML schema")
                self.add(root, target, chameleon)

    def resolve(self, context: etree._Element, text: str | None, doc: _Doc | None) -> Name:
        if not text:
            where = doc.location if doc else "the WSDL"
            raise ContractError(f"{where}: <{etree.QName(context).localname}> lacks a reference")
        prefix, _, local = text.strip().rpartition(":")
        namespace = context.nsmap.get(prefix or None)
        if prefix and namespace is None:
            where = doc.location if doc else "the WSDL"
            raise ContractError(f"{where}: unknown namespace prefix in {text!r}")
        if namespace is None and doc is not None and doc.chameleon:
            namespace = doc.tns
        return Name(namespace, local)

    def _lookup(self, table: dict[Name, _Found], name: Name, what: str, where: str) -> _Found:
        found = table.get(name)
        if found is None:
            raise ContractError(
                f"{where}: refers to undeclared {what} {{{name.namespace}}}{name.local}"
            )
        return found

    # -- simple types ---------------------------------------------------------------------------

    def simple_type(self, decl: etree._Element, doc: _Doc, depth: int = 0) -> Simple:
        if depth > 50:
            raise ContractError(f"{doc.location}: simple type derivation does not end")
        restriction = decl.find(_xs("restriction"))
        if restriction is not None:
            return self.restrict(
                self._simple_ref(restriction, "base", doc, depth), restriction, doc
            )
        listed = decl.find(_xs("list"))
        if listed is not None:
            item = self._simple_ref(listed, "itemType", doc, depth)
            return Simple(base=f"list of {_signature(item)}")
        union = decl.find(_xs("union"))
        if union is not None:
            members = [
                self.simple_from_name(self.resolve(union, m, doc), doc, depth + 1)
                for m in (union.get("memberTypes") or "").split()
            ] + [self.simple_type(s, doc, depth + 1) for s in union.iterfind(_xs("simpleType"))]
            return Simple(base="union of " + " | ".join(_signature(m) for m in members))
        return Simple(base="xs:anySimpleType")

    def _simple_ref(self, holder: etree._Element, attribute: str, doc: _Doc, depth: int) -> Simple:
        if holder.get(attribute):
            return self.simple_from_name(
                self.resolve(holder, holder.get(attribute), doc), doc, depth + 1
            )
        inline = holder.find(_xs("simpleType"))
        return (
            Simple("xs:anySimpleType")
            if inline is None
            else self.simple_type(inline, doc, depth + 1)
        )

    def simple_from_name(self, name: Name, doc: _Doc, depth: int = 0) -> Simple:
        if name.namespace in (_ns.XS, _ns.SOAP_ENCODING):
            return Simple(base=_builtin_label(name))
        decl, decl_doc = self._lookup(self.simple_types, name, "simple type", doc.location)
        return self.simple_type(decl, decl_doc, depth)

    @staticmethod
    def restrict(base: Simple, restriction: etree._Element, doc: _Doc) -> Simple:
        """Apply one restriction step's facets on top of what the base already restricts."""
        facets: dict[str, object] = {}
        values = frozenset(e.get("value", "") for e in restriction.iterfind(_xs("enumeration")))
        if values:
            facets["enumeration"] = (
                values if base.enumeration is None else values & base.enumeration
            )
        patterns = tuple(sorted(p.get("value", "") for p in restriction.iterfind(_xs("pattern"))))
        if patterns:
            facets["patterns"] = base.patterns | {patterns}
        for tag, field, pick in (
            ("length", "min_length", max),
            ("length", "max_length", min),
            ("minLength", "min_length", max),
            ("maxLength", "max_length", min),
            ("totalDigits", "total_digits", min),
            ("fractionDigits", "fraction_digits", min),
        ):
            facet = restriction.find(_xs(tag))
            if facet is None:
                continue
            try:
                value = int(facet.get("value", ""))
            except ValueError:
                raise ContractError(f"{doc.location}: bad {tag} {facet.get('value')!r}") from None
            current = getattr(base, field)
            facets[field] = value if current is None else pick(current, value)
        for tag, field, exclusive in (
            ("minInclusive", "lower", False),
            ("minExclusive", "lower", True),
            ("maxInclusive", "upper", False),
            ("maxExclusive", "upper", True),
        ):
            facet = restriction.find(_xs(tag))
            if facet is not None:
                facets[field] = Bound(facet.get("value", "").strip(), exclusive)
        return dataclasses.replace(base, **facets)  # type: ignore[arg-type]

    # -- element trees --------------------------------------------------------------------------

    def global_element(self, name: Name, where: str) -> Node:
        if name not in self.cache:
            decl, doc = self._lookup(self.elements, name, "element", where)
            self.cache[name] = self.element(decl, doc, (("element", name),), is_global=True)
        return self.cache[name]

    def element(
        self, decl: etree._Element, doc: _Doc, stack: _Stack, is_global: bool = False
    ) -> Node:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise ContractError(f"{doc.location}: expands to more than {self.max_nodes} elements")
        if decl.get("ref"):
            ref = self.resolve(decl, decl.get("ref"), doc)
            min_occurs, max_occurs = _occurs(decl, doc.location)
            if ("element", ref) in stack:
                return Node(ref, str(ref), min_occurs, max_occurs, recursion=f"element {ref.local}")
            target, target_doc = self._lookup(self.elements, ref, "element", doc.location)
            node = self.element(target, target_doc, (*stack, ("element", ref)), is_global=True)
            return dataclasses.replace(node, min_occurs=min_occurs, max_occurs=max_occurs)
        local = decl.get("name")
        if not local:
            raise ContractError(f"{doc.location}: an element without name or ref")
        form = decl.get("form")
        qualified = is_global or form == "qualified" or (form is None and doc.qualified_elements)
        name = Name(doc.tns if qualified else None, local)
        min_occurs, max_occurs = (1, 1) if is_global else _occurs(decl, doc.location)
        content = self._element_content(decl, doc, stack)
        return content.node(
            name, min_occurs, max_occurs, nillable=decl.get("nillable") in ("true", "1")
        )

    def _element_content(self, decl: etree._Element, doc: _Doc, stack: _Stack) -> _Content:
        if decl.get("type"):
            return self.type_content(self.resolve(decl, decl.get("type"), doc), doc, stack)
        inline_simple = decl.find(_xs("simpleType"))
        if inline_simple is not None:
            return _Content("(anonymous)", simple=self.simple_type(inline_simple, doc))
        inline_complex = decl.find(_xs("complexType"))
        if inline_complex is not None:
            return self.complex_content(inline_complex, doc, stack)
        if decl.get("substitutionGroup"):
            head = self.resolve(decl, decl.get("substitutionGroup"), doc)
            head_decl, head_doc = self._lookup(self.elements, head, "element", doc.location)
            return self._element_content(head_decl, head_doc, stack)
        return _Content("xs:anyType", simple=Simple("xs:anyType"))

    def type_content(self, name: Name, doc: _Doc, stack: _Stack) -> _Content:
        if name.namespace in (_ns.XS, _ns.SOAP_ENCODING):
            return _Content(_builtin_label(name), simple=Simple(_builtin_label(name)))
        if name in self.simple_types:
            decl, decl_doc = self.simple_types[name]
            return _Content(str(name), simple=self.simple_type(decl, decl_doc))
        decl, decl_doc = self._lookup(self.complex_types, name, "type", doc.location)
        if ("type", name) in stack:
            return _Content(str(name), recursion=f"type {name.local}")
        content = self.complex_content(decl, decl_doc, (*stack, ("type", name)))
        return dataclasses.replace(content, label=str(name))

    def complex_content(self, decl: etree._Element, doc: _Doc, stack: _Stack) -> _Content:
        simple_content = decl.find(_xs("simpleContent"))
        if simple_content is not None:
            derivation = _derivation(simple_content, doc)
            base = self.type_content(
                self.resolve(derivation, derivation.get("base"), doc), doc, stack
            )
            simple = base.simple or Simple("xs:anySimpleType")
            if derivation.tag == _xs("restriction"):
                simple = self.restrict(simple, derivation, doc)
            attributes = _merge(base.attributes, self.attributes(derivation, doc))
            return _Content("(anonymous)", simple=simple, attributes=attributes)
        complex_derived = decl.find(_xs("complexContent"))
        if complex_derived is not None:
            derivation = _derivation(complex_derived, doc)
            base_name = self.resolve(derivation, derivation.get("base"), doc)
            base = (
                _Content("xs:anyType")
                if base_name == Name(_ns.XS, "anyType")
                else self.type_content(base_name, doc, stack)
            )
            children, ordered, wildcard = self.particles(derivation, doc, stack)
            attributes = _merge(base.attributes, self.attributes(derivation, doc))
            if base_name == Name(_ns.SOAP_ENCODING, "Array") and not children:
                children = self._encoded_array_item(derivation, doc, stack)
            if derivation.tag == _xs("extension"):
                children = base.children + children
                ordered = ordered and base.ordered
                wildcard = wildcard or base.wildcard
            return _Content("(anonymous)", None, children, attributes, ordered, wildcard)
        children, ordered, wildcard = self.particles(decl, doc, stack)
        return _Content(
            "(anonymous)", None, children, self.attributes(decl, doc), ordered, wildcard
        )

    def _encoded_array_item(
        self, restriction: etree._Element, doc: _Doc, stack: _Stack
    ) -> tuple[Node, ...]:
        """A soapenc:Array restriction: its wsdl:arrayType, as repeated `item` children."""
        for attribute in restriction.iterfind(_xs("attribute")):
            array_type = attribute.get(f"{{{_ns.WSDL}}}arrayType")
            if array_type:
                item_name = self.resolve(attribute, array_type.split("[", 1)[0], doc)
                content = self.type_content(item_name, doc, stack)
                label = content.label + "[]" * array_type.count("[")
                return (content.node(Name(None, "item"), 0, None, label=label),)
        return ()

    def particles(
        self, holder: etree._Element, doc: _Doc, stack: _Stack
    ) -> tuple[tuple[Node, ...], bool, bool]:
        for child in holder:
            if child.tag in (_xs("sequence"), _xs("choice"), _xs("all"), _xs("group")):
                return self._group(child, doc, stack, 1, 1)
        return (), True, False

    def _group(
        self,
        compositor: etree._Element,
        doc: _Doc,
        stack: _Stack,
        factor_min: int,
        factor_max: int | None,
    ) -> tuple[tuple[Node, ...], bool, bool]:
        """Flatten nested sequences, choices, groups: occurrences multiply; choice makes optional."""
        own_min, own_max = _occurs(compositor, doc.location)
        factor_min, factor_max = factor_min * own_min, _times(factor_max, own_max)
        if compositor.tag == _xs("group"):
            group_name = self.resolve(compositor, compositor.get("ref"), doc)
            group, group_doc = self._lookup(self.groups, group_name, "group", doc.location)
            if ("group", group_name) in stack:
                raise ContractError(f"{doc.location}: group {group_name.local} contains itself")
            return self.particles_in_group(
                group, group_doc, (*stack, ("group", group_name)), factor_min, factor_max
            )
        alternatives = [
            c
            for c in compositor
            if c.tag in (_xs("element"), _xs("sequence"), _xs("choice"), _xs("group"), _xs("any"))
        ]
        if compositor.tag == _xs("choice") and len(alternatives) > 1:
            factor_min = 0
        children: list[Node] = []
        ordered, wildcard = compositor.tag != _xs("all"), False
        for particle in alternatives:
            if particle.tag == _xs("element"):
                node = self.element(particle, doc, stack)
                children.append(
                    dataclasses.replace(
                        node,
                        min_occurs=node.min_occurs * factor_min,
                        max_occurs=_times(node.max_occurs, factor_max),
                    )
                )
            elif particle.tag == _xs("any"):
                wildcard = True
            else:
                nested, nested_ordered, nested_wildcard = self._group(
                    particle, doc, stack, factor_min, factor_max
                )
                children.extend(nested)
                ordered, wildcard = ordered and nested_ordered, wildcard or nested_wildcard
        return tuple(children), ordered, wildcard

    def particles_in_group(
        self,
        group: etree._Element,
        doc: _Doc,
        stack: _Stack,
        factor_min: int,
        factor_max: int | None,
    ) -> tuple[tuple[Node, ...], bool, bool]:
        for child in group:
            if child.tag in (_xs("sequence"), _xs("choice"), _xs("all")):
                return self._group(child, doc, stack, factor_min, factor_max)
        return (), True, False

    def attributes(self, holder: etree._Element, doc: _Doc) -> tuple[Node, ...]:
        found: list[Node] = []
        for child in holder:
            if child.tag == _xs("attribute"):
                node = self._attribute(child, doc)
                if node is not None:
                    found.append(node)
            elif child.tag == _xs("attributeGroup") and child.get("ref"):
                name = self.resolve(child, child.get("ref"), doc)
                group, group_doc = self._lookup(
                    self.attribute_groups, name, "attribute group", doc.location
                )
                found.extend(self.attributes(group, group_doc))
        return tuple(found)

    def _attribute(self, decl: etree._Element, doc: _Doc, is_global: bool = False) -> Node | None:
        use = decl.get("use", "optional")
        if use == "prohibited":
            return None
        if decl.get("ref"):
            ref = self.resolve(decl, decl.get("ref"), doc)
            if ref not in self.global_attributes and ref.namespace in EXTERNAL:
                label = f"{{{ref.namespace}}}{ref.local}" if ref.namespace != _ns.XS else str(ref)
                required = 1 if use == "required" else 0
                return Node(ref, label, required, 1, simple=Simple(label), is_attribute=True)
            target, target_doc = self._lookup(
                self.global_attributes, ref, "attribute", doc.location
            )
            node = self._attribute(target, target_doc, is_global=True)
            assert node is not None
            return dataclasses.replace(node, min_occurs=1 if use == "required" else 0)
        form = decl.get("form")
        qualified = is_global or form == "qualified" or (form is None and doc.qualified_attributes)
        name = Name(doc.tns if qualified else None, decl.get("name", ""))
        if decl.get("type"):
            content = self.type_content(self.resolve(decl, decl.get("type"), doc), doc, ())
            label, simple = content.label, content.simple
        else:
            inline = decl.find(_xs("simpleType"))
            label = "(anonymous)" if inline is not None else "xs:anySimpleType"
            simple = Simple("xs:anySimpleType") if inline is None else self.simple_type(inline, doc)
        return Node(name, label, 1 if use == "required" else 0, 1, simple=simple, is_attribute=True)


def _derivation(holder: etree._Element, doc: _Doc) -> etree._Element:
    derivation = holder.find(_xs("extension"))
    if derivation is None:
        derivation = holder.find(_xs("restriction"))
    if derivation is None:
        raise ContractError(f"{doc.location}: {etree.QName(holder).localname} without a derivation")
    return derivation


def _merge(base: Iterable[Node], own: Iterable[Node]) -> tuple[Node, ...]:
    merged = {a.name: a for a in base}
    merged.update((a.name, a) for a in own)
    return tuple(merged.values())


def _builtin_label(name: Name) -> str:
    return f"xs:{name.local}" if name.namespace == _ns.XS else f"soapenc:{name.local}"


def _signature(simple: Simple) -> str:
    """A simple type as one string, for list item and union member types."""
    facets = [
        f"{field.name}={value!r}"
        for field in dataclasses.fields(simple)
        if field.name != "base"
        and (value := getattr(simple, field.name)) not in (None, frozenset())
    ]
    return simple.base + (f"({', '.join(sorted(facets))})" if facets else "")


class _Wsdl:
    """The WSDL documents of one contract (wsdl:import followed), merged by qualified name."""

    def __init__(self, max_nodes: int = MAX_NODES) -> None:
        self.schemas = _Schemas(max_nodes)
        self.messages: dict[Name, list[etree._Element]] = {}
        self.port_types: dict[Name, etree._Element] = {}
        self.bindings: dict[Name, etree._Element] = {}
        self.services: list[etree._Element] = []
        self.seen: set[str] = set()

    def read(self, location: str, imported: bool = False) -> str:
        """Read one WSDL document and what it imports; return its targetNamespace."""
        self.seen.add(location)
        root = _parse(location)
        if imported and root.tag == _xs("schema"):  # wsdl:import of a schema, as some tools do
            self.schemas.add(root, location)
            return root.get("targetNamespace", "")
        if root.tag != _wsdl("definitions"):
            raise ContractError(f"{location}: not a WSDL 1.1 document (root {root.tag})")
        tns = root.get("targetNamespace", "")
        for wsdl_import in root.iterfind(_wsdl("import")):
            target = _join(location, wsdl_import.get("location", ""))
            if wsdl_import.get("location") and target not in self.seen:
                self.read(target, imported=True)
        for schema in root.iterfind(f"{_wsdl('types')}/{_xs('schema')}"):
            self.schemas.add(schema, location)
        for message in root.iterfind(_wsdl("message")):
            self.messages[Name(tns, message.get("name", ""))] = list(
                message.iterfind(_wsdl("part"))
            )
        for port_type in root.iterfind(_wsdl("portType")):
            self.port_types[Name(tns, port_type.get("name", ""))] = port_type
        for binding in root.iterfind(_wsdl("binding")):
            self.bindings[Name(tns, binding.get("name", ""))] = binding
        self.services.extend(root.iterfind(_wsdl("service")))
        return tns

    def parts(self, holder: etree._Element, where: str) -> tuple[Node, ...]:
        message = self.schemas.resolve(holder, holder.get("message"), None)
        if message not in self.messages:
            raise ContractError(f"{where}: refers to undeclared message {message.local}")
        return tuple(self.part(p, where) for p in self.messages[message])

    def part(self, part: etree._Element, where: str) -> Node:
        if part.get("element"):
            return self.schemas.global_element(
                self.schemas.resolve(part, part.get("element"), None), where
            )
        if part.get("type"):
            name = self.schemas.resolve(part, part.get("type"), None)
            doc = _Doc(where, None, False, False, False)
            content = self.schemas.type_content(name, doc, ())
            return content.node(Name(None, part.get("name", "")))
        raise ContractError(f"{where}: part {part.get('name')!r} has neither element nor type")

    def header(self, header: etree._Element, where: str) -> Node:
        message = self.schemas.resolve(header, header.get("message"), None)
        wanted = header.get("part")
        for part in self.messages.get(message, []):
            if part.get("name") == wanted:
                return self.part(part, where)
        raise ContractError(f"{where}: header refers to undeclared part {message.local}/{wanted}")

    def binding(
        self, name: Name, binding: etree._Element, headers: dict[str, dict[str, dict[str, Node]]]
    ) -> Binding:
        ext = next((c for c in binding if etree.QName(c).localname == "binding"), None)
        namespace = etree.QName(ext).namespace if ext is not None else ""
        version = {_ns.WSDL_SOAP11: "1.1", _ns.WSDL_SOAP12: "1.2"}.get(
            namespace or "", namespace or "none"
        )
        style = ext.get("style", "document") if ext is not None else ""
        operations: dict[str, BoundOperation] = {}
        for op in binding.iterfind(_wsdl("operation")):
            op_name = op.get("name", "")
            where = f"binding {name.local}/{op_name}"
            soap_op = op.find(f"{{{namespace}}}operation")
            details = {
                "soapAction": soap_op.get("soapAction", "") if soap_op is not None else "",
                "style": (soap_op.get("style") if soap_op is not None else None) or style,
            }
            if soap_op is not None and soap_op.get("soapActionRequired") is not None:
                details["soapActionRequired"] = soap_op.get("soapActionRequired", "")
            if (
                namespace == _ns.WSDL_HTTP
            ):  # .NET's HttpGet/HttpPost bindings: a verb and a location
                details["verb"] = ext.get("verb", "") if ext is not None else ""
                details["location"] = soap_op.get("location", "") if soap_op is not None else ""
            declared: dict[str, set[str]] = {"request": set(), "response": set()}
            for side, tag in (("request", "input"), ("response", "output")):
                holder = op.find(_wsdl(tag))
                if holder is None:
                    continue
                body = holder.find(f"{{{namespace}}}body")
                if body is not None:
                    details[f"{side}/use"] = body.get("use", "literal")
                    details[f"{side}/encodingStyle"] = body.get("encodingStyle", "")
                    details[f"{side}/namespace"] = body.get("namespace", "")
                    details[f"{side}/parts"] = " ".join(sorted((body.get("parts") or "*").split()))
                for header in holder.iterfind(f"{{{namespace}}}header"):
                    node = self.header(header, where)
                    key = node.name.local
                    declared[side].add(key)
                    headers.setdefault(op_name, {}).setdefault(side, {}).setdefault(key, node)
                    details[f"{side}/header/{key}/use"] = header.get("use", "literal")
            for fault in op.iterfind(_wsdl("fault")):
                soap_fault = fault.find(f"{{{namespace}}}fault")
                use = soap_fault.get("use", "literal") if soap_fault is not None else ""
                details[f"fault/{fault.get('name')}/use"] = use
            operations[op_name] = BoundOperation(
                details, frozenset(declared["request"]), frozenset(declared["response"])
            )
        port_type = self.schemas.resolve(binding, binding.get("type"), None).local
        transport = ext.get("transport", "") if ext is not None else ""
        return Binding(port_type, version, style, transport, operations)


def load_contract(source: str, *, max_nodes: int = MAX_NODES) -> Contract:
    """Read a WSDL 1.1 (file path or http(s) URL) and every WSDL and schema it imports.

    `max_nodes` bounds the elements the contract may expand to (ContractError beyond it)."""
    if _is_url(source):
        location = source
    elif urlsplit(source).scheme == "file":
        location = str(pathlib.Path(url2pathname(urlsplit(source).path)).resolve())
    else:
        location = str(pathlib.Path(source).resolve())
    wsdl = _Wsdl(max_nodes)
    target_namespace = wsdl.read(location)
    headers: dict[str, dict[str, dict[str, Node]]] = {}
    bindings = {name.local: wsdl.binding(name, b, headers) for name, b in wsdl.bindings.items()}
    operations: dict[str, Operation] = {}
    for port_type_name, port_type in wsdl.port_types.items():
        for op in port_type.iterfind(_wsdl("operation")):
            name = op.get("name", "")
            key = name if name not in operations else f"{port_type_name.local}.{name}"
            where = f"{port_type_name.local}/{name}"
            request, response = op.find(_wsdl("input")), op.find(_wsdl("output"))
            operations[key] = Operation(
                name=name,
                request=None if request is None else wsdl.parts(request, where),
                response=None if response is None else wsdl.parts(response, where),
                faults={
                    f.get("name", ""): next(iter(wsdl.parts(f, where)), None)
                    for f in op.iterfind(_wsdl("fault"))
                },
                request_headers=headers.get(name, {}).get("request", {}),
                response_headers=headers.get(name, {}).get("response", {}),
            )
    ports = {
        f"{service.get('name')}/{port.get('name')}": wsdl.schemas.resolve(
            port, port.get("binding"), None
        ).local
        for service in wsdl.services
        for port in service.iterfind(_wsdl("port"))
    }
    return Contract(location, target_namespace, operations, bindings, ports)
