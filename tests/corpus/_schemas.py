"""A contract's XSD as xmlschema reads it from the files: a second reader beside the project's,
to validate what the scaffold's samples and the edge's answers carry.

Document style: each Body child (and Header block) is validated as the global element it is.
RPC style: the wrapper is no schema element; each part is validated against its part's type.
SOAP encoding (rpc/encoded) allows more than the schema says, and the validation follows it as
far as the encoding allows: a part or member that points elsewhere (`href="#id"`, Axis's
multiRefs) is validated where it points; SOAP-encoded arrays (`soapenc:Array` restrictions,
whose content the schema leaves open with a lax `xs:any`) have each item validated against the
array's item type from `wsdl:arrayType`, whatever `xsi:type` the array itself carries (Axis
writes `soapenc:Array`); an encoded struct's members are matched by name, in any order (SOAP
1.1 section 5.4.1), each validated against its declared type (or the derived type its
`xsi:type` names), and required members must be there; simple values are validated by
xmlschema against their declared type, facets included.
"""

from __future__ import annotations

import functools
import io
import pathlib
import re
from typing import Any

import xmlschema
from lxml import etree

from soap_adapter.contract import (
    BindingOperation,
    ComplexType,
    Element,
    ModelGroup,
    Part,
    SimpleType,
    Type,
)

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
XML = "http://www.w3.org/XML/1998/namespace"
CORPUS = pathlib.Path(__file__).parent.parent / "contract_model" / "corpus"
COMMON = CORPUS / "_remote-common"
FOLDERS = sorted(p.name for p in CORPUS.glob("[0-9]*"))  # one contract each


def entry(folder: str) -> pathlib.Path:
    """The WSDL a corpus folder's SOURCE.md names as its entry point."""
    source = (CORPUS / folder / "SOURCE.md").read_text(encoding="utf-8")
    found = re.search(r"WSDL entry point in this folder: `([^`]+)`", source)
    assert found is not None, folder
    return CORPUS / folder / found[1]


def _sources(path: pathlib.Path, seen: set[pathlib.Path]) -> list[xmlschema.XMLResource]:
    path = path.resolve()
    if path in seen:
        return []
    seen.add(path)
    root = etree.parse(str(path)).getroot()
    if root.tag == f"{{{XS}}}schema":
        return [xmlschema.XMLResource(str(path))]
    found: list[xmlschema.XMLResource] = []
    for imported in root.iterfind(f"{{{WSDL}}}import"):
        if imported.get("location"):
            found += _sources(path.parent / imported.get("location", ""), seen)
    for schema in root.iterfind(f"{{{WSDL}}}types/{{{XS}}}schema"):
        # Serialized on its own, the schema keeps the prefixes the WSDL declared around it.
        found.append(
            xmlschema.XMLResource(io.BytesIO(etree.tostring(schema)), base_url=f"{path.parent}/")
        )
    return found


@functools.cache
def schemas(wsdl: pathlib.Path) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(
        _sources(wsdl, set()),
        locations=[(SOAP_ENC, str(COMMON / "soap-encoding.xsd")), (XML, str(COMMON / "xml.xsd"))],
    )


def local(name: str) -> str:
    return name.rpartition("}")[2]


def _elements(group: ModelGroup | None) -> list[Element]:
    found: list[Element] = []
    for particle in group.particles if group is not None else ():
        if isinstance(particle, ModelGroup):
            found += _elements(particle)
        elif isinstance(particle, Element):
            found.append(particle)
    return found


def _alone(element: etree._Element) -> etree._Element:
    """A copy of `element` as a document of its own, with the namespaces in scope."""
    return etree.fromstring(etree.tostring(element))


def _errors(action: Any) -> list[str]:
    try:
        action()
    except (xmlschema.XMLSchemaValidationError, ValueError, KeyError) as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        return [str(reason).splitlines()[0]]
    return []


class Validator:
    """Validates the messages of one contract; `errors` are one line each."""

    def __init__(self, wsdl: pathlib.Path, types: dict[str, Type]) -> None:
        self.schema = schemas(wsdl)
        self.types = types  # the contract model's named types, for encoded xsi:type
        self.encoded = False

    def element(self, element: etree._Element) -> list[str]:
        """A Body child or Header block of a document-style message: a global element."""
        return [
            f"{etree.QName(element).localname}: {str(e.reason).splitlines()[0]}"
            for e in self.schema.iter_errors(_alone(element))
        ][:3]

    def body(self, operation: BindingOperation, direction: str, body: etree._Element) -> list[str]:
        """The Body's content of `operation`'s input or output."""
        message = operation.input if direction == "input" else operation.output
        assert message is not None
        children = [c for c in body if isinstance(c.tag, str)]
        self.encoded = message.use == "encoded"
        if operation.style == "document":
            return [e for child in children for e in self.element(child)]
        wrapper = next((c for c in children if not c.get("id")), None)
        if wrapper is None:
            return ["no rpc wrapper element in the Body"]
        refs = {c.get("id"): c for c in body.iter() if isinstance(c.tag, str) and c.get("id")}
        found = {etree.QName(c).localname: c for c in wrapper if isinstance(c.tag, str)}
        errors = []
        for part in message.parts:
            node = found.get(part.name)
            if node is None:
                errors.append(f"{part.name}: part missing")
                continue
            errors += [f"{part.name}: {e}" for e in self.part(part, node, refs)]
        return errors

    def part(self, part: Part, node: etree._Element, refs: dict[Any, etree._Element]) -> list[str]:
        if part.element is not None:
            return self.element(node)
        assert part.type is not None
        return self.typed(part.type, node, refs)

    def typed(
        self, type_: Type, node: etree._Element, refs: dict[Any, etree._Element]
    ) -> list[str]:
        while node.get("href", "").startswith("#"):
            node = refs[node.get("href", "")[1:]]
        if node.get(f"{{{XSI}}}nil") == "true":
            return []
        if isinstance(type_, ComplexType) and type_.array_item is not None:
            item = type_.array_item
            return [
                e
                for child in node
                if isinstance(child.tag, str)
                for e in self.typed(item, child, refs)
            ]
        if self.encoded and isinstance(type_, ComplexType) and type_.simple_content is None:
            return self.struct(type_, node, refs)
        xsd_type = self._type(type_)
        if xsd_type is None:
            return [f"the type {type_.name} is not in the schema"]
        sent = node.get(f"{{{XSI}}}type")
        if sent is not None:
            xsd_type = self._sent(xsd_type, sent, node)
            if isinstance(xsd_type, str):
                return [xsd_type]
        if xsd_type.is_simple() or isinstance(type_, SimpleType):
            return _errors(lambda: xsd_type.decode(node.text or ""))
        if isinstance(type_, ComplexType) and type_.simple_content is not None and not len(node):
            return _errors(lambda: xsd_type.content.decode(node.text or ""))
        return _errors(lambda: xsd_type.decode(_alone(node)))

    def struct(
        self, type_: ComplexType, node: etree._Element, refs: dict[Any, etree._Element]
    ) -> list[str]:
        sent = node.get(f"{{{XSI}}}type")
        if sent is not None:
            prefix, _, name = sent.rpartition(":")
            derived = self.types.get(f"{{{node.nsmap.get(prefix or None, '')}}}{name}")
            if isinstance(derived, ComplexType) and derived in type_.derived:
                type_ = derived
        members = {local(e.name): e for e in _elements(type_.content)}
        errors = []
        present = set()
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            present.add(name)
            member = members.get(name)
            if member is None:
                errors.append(f"{name}: not a member of {type_.name}")
                continue
            errors += [f"{name}/{e}" for e in self.typed(member.type, child, refs)]
        for name, member in members.items():
            if name not in present and member.min_occurs > 0 and not member.nillable:
                errors.append(f"{name}: required member missing")
        return errors

    def _type(self, type_: Type) -> Any:
        if type_.name is None:
            return None
        return self.schema.maps.types.get(type_.name) or self.schema.maps.types.get(
            type_.name.rpartition("}")[2]
        )

    def _sent(self, declared: Any, sent: str, node: etree._Element) -> Any:
        prefix, _, name = sent.rpartition(":")
        namespace = node.nsmap.get(prefix or None, "")
        actual = self.schema.maps.types.get(f"{{{namespace}}}{name}")
        if actual is None:
            return f"xsi:type {sent} names no type of the schema"
        # SOAP encoding writes xsd:string where soapenc:string is declared, and the like.
        soap_encoded = (declared.name or "").startswith(f"{{{SOAP_ENC}}}")
        if actual is not declared and not actual.is_derived(declared) and not soap_encoded:
            return f"xsi:type {sent} is not derived from {declared.name}"
        return actual
