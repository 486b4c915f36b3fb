"""Checks the mappings against both contracts before the edge starts: the WSDL and the REST core.

Rules, each reported with the mapping module, the operation and the element:
- every WSDL operation has exactly one mapping, and every mapping names a WSDL operation;
- every SOAP element a mapping reads or writes exists at that path in the XSD, and its XSD type
  is one the mapping's codec converts (a money codec on an xs:decimal, a date codec on xs:date);
- every required (minOccurs >= 1, not nillable) element of a result or fault detail is filled;
- every fault a mapping can produce is declared for the operation in the WSDL, and every fault
  the WSDL declares for it is produced from some problem type;
- with the REST core's OpenAPI document: the endpoint exists, every path/query parameter, header
  and body field the mapping sends is declared there, every field it reads is in the success
  response schema, and every problem type the endpoint declares (`x-problem-types`) has a fault
  or is ruled out by the release's schema (`Operation.ruled_out`, with the reason).

The SOAP side is read from the contract model (`soap_adapter.contract`), for the releases in
`mappings/` and for any folder of mapping modules (`check_folder`, `soap-adapter check-mappings
--wsdl --mappings`) alike; paths follow MODEL.md's value convention (`@attr`, `$`, `##any`,
`#header`, rpc parts by name, `""` for the value itself).
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
import urllib.parse
from collections.abc import Iterator
from typing import Any

import requests
from lxml import etree

from soap_adapter import _xsd_types
from soap_adapter import contract as model
from soap_adapter.contract._model import SOAP_ENC, XS
from soap_adapter.mapping import Const, Each, Field, Group, Member, Operation, Shape, Template

Found = dict[str, list[tuple[str, Operation]]]  # operation name -> [(module, mapping)]

_BUILTIN_LISTS = {"NMTOKENS": "NMTOKEN", "IDREFS": "IDREF", "ENTITIES": "ENTITY"}  # item types


class MappingCheckError(Exception):
    """One or more mappings do not fit the contracts; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# ---- the SOAP side: paths in the contract model ----------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Slot:
    """What a SOAP path names: an element, attribute, part or simple content, and how often it
    may occur there; `type` None for `##any` content (lxml elements, not checked further)."""

    type: model.Type | None
    min_occurs: int = 1
    max_occurs: int | None = 1
    nillable: bool = False

    @property
    def required(self) -> bool:
        return self.min_occurs >= 1 and not self.nillable

    @property
    def repeated(self) -> bool:
        return self.max_occurs is None or self.max_occurs > 1


def _local(name: str) -> str:
    return etree.QName(name).localname


def _times(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a * b


def _particles(
    group: model.ModelGroup | None, min_factor: int = 1, max_factor: int | None = 1
) -> Iterator[tuple[model.Element | model.Any, int, int | None]]:
    """The elements and wildcards of a content model with the occurrence the groups around them
    allow: a choice between several makes each optional, a repeated group repeats them."""
    if group is None:
        return
    min_factor *= group.min_occurs if group.kind != "choice" or len(group.particles) < 2 else 0
    max_factor = _times(max_factor, group.max_occurs)
    for particle in group.particles:
        if isinstance(particle, model.ModelGroup):
            yield from _particles(particle, min_factor, max_factor)
            continue
        min_occurs, max_occurs = (
            particle.min_occurs * min_factor,
            _times(particle.max_occurs, max_factor),
        )
        yield particle, min_occurs, max_occurs
        if isinstance(particle, model.Element):
            for substitute in particle.substitutes:  # may stand in its place: never required
                yield substitute, 0, max_occurs


def _children(declared: model.Type | None) -> dict[str, _Slot]:
    """The names a path may take below a value of `declared`: elements by local name (an
    abstract one's substitutes in its place), `@name` for attributes, `$` for simple content,
    `##any` for a wildcard, `item` for an encoded array's items. What only types derived from
    it declare may be written too (with `@xsi:type`), never required."""
    found: dict[str, _Slot] = {}
    if isinstance(declared, model.SimpleType):
        found["$"] = _Slot(declared)
    if not isinstance(declared, model.ComplexType):
        return found
    for particle, min_occurs, max_occurs in _particles(declared.content):
        if isinstance(particle, model.Any):
            found.setdefault("##any", _Slot(None, min_occurs, max_occurs))
        elif not particle.abstract:
            found.setdefault(
                _local(particle.name),
                _Slot(particle.type, min_occurs, max_occurs, particle.nillable),
            )
    for attribute in declared.attributes:
        found[f"@{_local(attribute.name)}"] = _Slot(attribute.type, int(attribute.required))
    if declared.simple_content is not None:
        found["$"] = _Slot(declared.simple_content)
    if declared.array_item is not None:
        found["item"] = _Slot(declared.array_item, 0, None)
    if declared.derived or declared.abstract:
        found["@xsi:type"] = _Slot(model.SimpleType(f"{{{XS}}}QName", "QName"), 0)
        for derived in declared.derived:
            for name, slot in _children(derived).items():
                found.setdefault(name, dataclasses.replace(slot, min_occurs=0))
    return found


def _virtual(members: list[tuple[str, model.Type | None, int]]) -> model.ComplexType:
    """A sequence of named values that is no XSD type: rpc parts by part name, several
    document parts by element name, the headers by part name."""
    return model.ComplexType(
        name=None,
        content=model.ModelGroup(
            "sequence",
            [
                model.Element(name, declared or model.SimpleType(None, "anyType"), min_occurs)
                for name, declared, min_occurs in members
            ],
        ),
    )


def _part_type(part: model.Part) -> model.Type | None:
    return part.element.type if part.element is not None else part.type


def _body_root(body: model.Body, style: str) -> tuple[str, model.Type]:
    """The request or result object a mapping's paths start from, and its name in messages:
    the part's element (document), or the parts by name (rpc; several document parts)."""
    if style == "document" and len(body.parts) == 1 and body.parts[0].element is not None:
        element = body.parts[0].element
        return _local(element.name), element.type
    by_element = style == "document"
    members = [
        (_local(p.element.name) if by_element and p.element else p.name, _part_type(p), 1)
        for p in body.parts
    ]
    return _local(body.message.name), _virtual(members)


def _detail(fault: model.Message) -> tuple[str, model.Type | None] | None:
    """A fault's detail element: its local name, as mappings name it, and its type."""
    if not fault.parts:
        return None
    part = fault.parts[0]
    if part.element is not None:
        return _local(part.element.name), part.element.type
    return part.name, part.type


def _fits(codec_xsd: str, declared: model.Type | None) -> bool:
    """Whether values of the built-in `codec_xsd` are what an element of `declared` holds: its
    built-in or one it derives from (xs:anyType: any value, handed over whole)."""
    if codec_xsd == "anyType":
        return True
    if isinstance(declared, model.ComplexType) and (declared.name or "").startswith(
        f"{{{SOAP_ENC}}}"
    ):
        declared = declared.simple_content  # soapenc:string and kin: read as their text
    if not isinstance(declared, model.SimpleType):
        return False
    if declared.variety == "list" and declared.item is not None:
        declared = declared.item
    elif declared.builtin in _BUILTIN_LISTS:
        return _fits(codec_xsd, model.SimpleType(None, _BUILTIN_LISTS[declared.builtin]))
    if declared.variety == "union":  # whichever member the text reads as
        return codec_xsd == "anySimpleType" or all(_fits(codec_xsd, m) for m in declared.members)
    return codec_xsd == declared.builtin or codec_xsd in _xsd_types.ancestors(declared.builtin)


def _type_label(declared: model.Type | None) -> str:
    if declared is None:
        return "xs:any content"
    builtin = f"xs:{declared.builtin}" if isinstance(declared, model.SimpleType) else "complex"
    if declared.name is None:
        return f"(anonymous, {builtin})"
    return (
        _local(declared.name)
        if builtin.endswith(_local(declared.name))
        else f"{_local(declared.name)} ({builtin})"
    )


class _Checker:
    def __init__(
        self, module: str, mapping: Operation, problems: list[str], headers: _Slot | None = None
    ) -> None:
        self.where = f"{module} ({mapping.name})"
        self.problems = problems
        self.headers = headers  # the request's `#header` values, when the binding has any

    def report(self, path: str, message: str) -> None:
        self.problems.append(f"{self.where}: {path}: {message}")

    def resolve(self, slot: _Slot, soap_path: str, at: str) -> _Slot | None:
        """What `soap_path` names below `slot` (`""`: the slot itself), or None (reported) when
        the XSD has no such."""
        for name in soap_path.split("/") if soap_path else ():
            found = self.headers if name == "#header" else _children(slot.type).get(name)
            if found is None:
                self.report(f"{at}/{name}", "no such element in the XSD")
                return None
            slot, at = found, f"{at}/{name}"
        return slot

    def field_type(self, field: Field, slot: _Slot, at: str) -> None:
        if field.codec.xsd not in _xsd_types.BUILTINS:
            self.report(at, f"codec {field.codec.name} names an unknown XSD type {field.codec.xsd}")
        elif slot.type is not None and not _fits(field.codec.xsd, slot.type):
            self.report(
                at,
                f"codec {field.codec.name} (xs:{field.codec.xsd}) does not fit the XSD type "
                f"{_type_label(slot.type)}",
            )

    def shape(self, slot: _Slot, shape: Shape, at: str, *, writes: bool) -> None:
        """Check every member's element; when writing, also that required elements are filled."""
        filled: set[str] = set()
        for member in _flat(shape):
            target = self.resolve(slot, member.soap, at)
            filled.add(member.soap.split("/")[0])
            if target is None:
                continue
            path = f"{at}/{member.soap}"
            if isinstance(member, Field):
                self.field_type(member, target, path)
            elif isinstance(member, Group):
                self.shape(target, member.fields, path, writes=writes)
            elif isinstance(member, Each):
                item = (
                    target.type.array_item if isinstance(target.type, model.ComplexType) else None
                )
                if item is not None:  # a SOAP-encoded array: its items
                    target = _Slot(item, 0, None)
                elif not target.repeated:
                    self.report(path, "is not a repeated element (maxOccurs is 1)")
                self.shape(target, member.fields, path, writes=writes)
            elif isinstance(member, Const | Template) and not _fits("string", target.type):
                self.report(path, "a text is written into a non-string element")
        # A Field on the value itself ("") hands it over whole: it fills what the type requires.
        whole = any(isinstance(m, Field) and m.soap == "" for m in _flat(shape))
        if writes and not whole:
            for name, child in _children(slot.type).items():
                if name not in filled and name != "$" and child.required:
                    self.report(
                        f"{at}/{name}", "required by the XSD but the mapping never fills it"
                    )


def _flat(shape: Shape) -> Iterator[Member]:
    """The members of a shape, those of a Group on this very element (`soap=""`) among them."""
    for member in shape:
        if isinstance(member, Group) and member.soap == "":
            yield from _flat(member.fields)
        else:
            yield member


def _result_shape(result: Member) -> Shape:
    return (result,)


def _bound(contract: model.Contract) -> dict[str, model.BindingOperation]:
    """Every bound operation by name: the first binding's, as every binding of a port type
    carries the same messages."""
    found: dict[str, model.BindingOperation] = {}
    for binding in contract.bindings.values():
        for name, bound in binding.operations.items():
            found.setdefault(name, bound)
    return found


def _check_operation(
    check: _Checker, name: str, bound: model.BindingOperation, mapping: Operation
) -> None:
    request = mapping.request
    in_at, in_type = _body_root(bound.input, bound.style)
    check.shape(
        _Slot(in_type),
        (*request.params, *request.headers, *(request.body or ())),
        in_at,
        writes=False,
    )
    if bound.output is not None:
        out_at, out_type = _body_root(bound.output, bound.style)
        check.shape(_Slot(out_type), _result_shape(mapping.result), out_at, writes=True)
    # What a mapping's Fault.element may name (as the edge's runners accept it): the detail
    # element's local name, or the fault's name in the WSDL, the one name of a fault whose part
    # is a type (rpc/encoded: JIRA's faults are all a part named "fault").
    declared: dict[str, model.Type | None] = {}
    names: dict[str, set[str]] = {}  # each fault, as reported: the names that map it
    for fault_name, message in bound.operation.faults.items():
        detail = _detail(message)
        if detail is not None:
            declared[detail[0]] = detail[1]
            declared.setdefault(fault_name, detail[1])
            by_type = message.parts[0].element is None
            names[fault_name if by_type else detail[0]] = {detail[0], fault_name}
    for problem_type, fault in mapping.faults.items():
        if fault.element not in declared:
            check.report(
                fault.element,
                f"fault for problem {problem_type} is not declared for {name} in the WSDL",
            )
            continue
        check.shape(_Slot(declared[fault.element]), fault.detail, fault.element, writes=True)
    produced = {fault.element for fault in mapping.faults.values()}
    for element in sorted(shown for shown, taken in names.items() if not taken & produced):
        check.report(element, "declared in the WSDL but no problem type is mapped to it")


def _headers(bound: model.BindingOperation) -> _Slot | None:
    if not bound.input.headers:
        return None
    return _Slot(_virtual([(h.part.name, _part_type(h.part), 0) for h in bound.input.headers]), 0)


def check_mappings(
    contract: model.Contract, found: Found, openapi: dict[str, Any] | None = None
) -> None:
    """Raise MappingCheckError listing every way the mappings do not fit the contracts."""
    problems: list[str] = []
    operations = _bound(contract)
    for name in operations:
        modules = [module for module, _ in found.get(name, [])]
        if not modules:
            problems.append(f"operation {name}: no mapping module defines it")
        elif len(modules) > 1:
            problems.append(f"operation {name}: mapped twice, by {', '.join(modules)}")
    for name, entries in found.items():
        for module, mapping in entries:
            bound = operations.get(name)
            if bound is None:
                problems.append(f"{module}: operation {name} is not in the WSDL")
                continue
            check = _Checker(module, mapping, problems, _headers(bound))
            _check_operation(check, name, bound, mapping)
            if openapi is not None:
                _check_openapi(check, mapping, openapi)
    if problems:
        raise MappingCheckError(problems)


def check_folder(
    contract: model.Contract, folder: pathlib.Path, openapi: dict[str, Any] | None = None
) -> None:
    """`check_mappings` for the mapping modules of a folder (`soap-adapter scaffold`'s, or written
    by hand), loaded as `serve --mappings` loads them; MappingsError (a ValueError) when a module
    does not import."""
    from soap_adapter._operations import load_mappings

    mappings, _ = load_mappings(folder)
    found = {name: [(folder.name, op)] for name, op in mappings.items()}
    check_mappings(contract, found, openapi)


# ---- the REST side ---------------------------------------------------------------------------


def _deref(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and unwrap `anyOf: [X, null]` (how pydantic writes an optional field)."""
    while True:
        if "$ref" in schema:
            node: Any = doc
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        elif "anyOf" in schema or "oneOf" in schema:
            options = [
                s for s in schema.get("anyOf", schema.get("oneOf", [])) if s.get("type") != "null"
            ]
            if len(options) != 1:
                return schema
            schema = options[0]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def _schema_at(schema: dict[str, Any], path: str, doc: dict[str, Any]) -> dict[str, Any] | None:
    schema = _deref(schema, doc)
    if path == "":
        return schema
    for name in path.split("."):
        props = schema.get("properties", {})
        if name not in props:
            return None
        schema = _deref(props[name], doc)
    return schema


def _dotted(at: str, rest: str) -> str:
    return f"{at}.{rest}" if rest else at


def _check_rest_shape(
    check: _Checker, schema: dict[str, Any], shape: Shape, at: str, doc: dict[str, Any]
) -> None:
    for member in shape:
        if isinstance(member, Const):
            continue
        if isinstance(member, Template):
            for param in member.params:
                if _schema_at(schema, param.rest, doc) is None:
                    check.report(
                        _dotted(at, param.rest), "no such field in the REST core's OpenAPI"
                    )
            continue
        sub = _schema_at(schema, member.rest, doc)
        if sub is None:
            check.report(_dotted(at, member.rest), "no such field in the REST core's OpenAPI")
            continue
        if isinstance(member, Group):
            _check_rest_shape(check, sub, member.fields, _dotted(at, member.rest), doc)
        elif isinstance(member, Each):
            if sub.get("type") != "array":
                check.report(_dotted(at, member.rest), "is not an array in the REST core's OpenAPI")
                continue
            items = _deref(sub.get("items", {}), doc)
            _check_rest_shape(check, items, member.fields, _dotted(at, member.rest) + "[]", doc)


def _check_openapi(check: _Checker, mapping: Operation, doc: dict[str, Any]) -> None:
    request = mapping.request
    where = f"{request.method} {request.path}"
    operation = doc.get("paths", {}).get(request.path, {}).get(request.method.lower())
    if operation is None:
        check.report(where, "no such endpoint in the REST core's OpenAPI")
        return
    declared = {(p["in"], p["name"].lower()) for p in operation.get("parameters", [])}
    for field in request.params:
        place = "path" if "{" + field.rest + "}" in request.path else "query"
        if (place, field.rest.lower()) not in declared:
            check.report(
                f"{where} {place} {field.rest}", "not a parameter in the REST core's OpenAPI"
            )
    for field in request.headers:
        if ("header", field.rest.lower()) not in declared:
            check.report(f"{where} header {field.rest}", "not a header in the REST core's OpenAPI")
    if request.body is not None:
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            check.report(where, "takes no JSON body in the REST core's OpenAPI")
        else:
            _check_rest_shape(check, content["schema"], request.body, f"{where} body", doc)
    for problem_type in operation.get("x-problem-types", []):
        if problem_type not in mapping.faults and problem_type not in mapping.ruled_out:
            check.report(where, f"problem type {problem_type} has no fault in the mapping")
    responses = operation.get("responses", {})
    success = next((r for code, r in sorted(responses.items()) if code.startswith("2")), None)
    content = (success or {}).get("content", {}).get("application/json")
    if content is None:
        check.report(where, "has no JSON success response in the REST core's OpenAPI")
        return
    _check_rest_shape(
        check, content["schema"], _result_shape(mapping.result), f"{where} response", doc
    )


def read_openapi(source: str) -> dict[str, Any]:
    """An OpenAPI document from a file or an http(s) URL; a URL without a path gets
    `/openapi.json`, where FastAPI serves it. ValueError when it is none."""
    url = urllib.parse.urlsplit(source)
    try:
        if url.scheme in ("http", "https"):
            if url.path in ("", "/"):
                source = f"{source.rstrip('/')}/openapi.json"
            response = requests.get(source, timeout=10)
            response.raise_for_status()
            document = response.json()
        else:
            document = json.loads(pathlib.Path(source).read_text(encoding="utf-8"))
    except (requests.RequestException, OSError, ValueError) as exc:
        raise ValueError(f"{source}: cannot read the OpenAPI document: {exc}") from exc
    if not isinstance(document, dict) or "openapi" not in document:
        raise ValueError(f"{source}: not an OpenAPI document")
    return document
