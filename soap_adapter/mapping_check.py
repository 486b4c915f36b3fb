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
"""

from __future__ import annotations

from typing import Any

from spyne import Unicode
from spyne.model import ModelBase
from spyne.model.complex import ComplexModelBase

from soap_adapter import _xsd_types
from soap_adapter._contract import Contract
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.mapping import Const, Each, Field, Group, Member, Operation, Shape, Template


class MappingCheckError(Exception):
    """One or more mappings do not fit the contracts; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _is_complex(cls: type[ModelBase]) -> bool:
    return isinstance(cls, type) and issubclass(cls, ComplexModelBase)


def _required(cls: type[ModelBase]) -> bool:
    return bool(cls.Attributes.min_occurs >= 1 and not cls.Attributes.nillable)


class _Checker:
    def __init__(self, module: str, mapping: Operation, problems: list[str]) -> None:
        self.where = f"{module} ({mapping.name})"
        self.problems = problems

    def report(self, path: str, message: str) -> None:
        self.problems.append(f"{self.where}: {path}: {message}")

    def resolve(self, cls: type[ModelBase], soap_path: str, at: str) -> type[ModelBase] | None:
        """The Spyne class at `soap_path` below `cls`, or None (reported) when there is none."""
        for name in soap_path.split("/"):
            if not _is_complex(cls) or name not in cls._type_info:
                self.report(f"{at}/{name}", "no such element in the XSD")
                return None
            cls = cls._type_info[name]
            at = f"{at}/{name}"
        return cls

    def field_type(self, field: Field, cls: type[ModelBase], at: str) -> None:
        try:
            # Derived XSD types are subclasses of their built-in's Spyne class.
            expected = _xsd_types.spyne_class(field.codec.xsd)
        except ValueError:
            self.report(at, f"codec {field.codec.name} names an unknown XSD type {field.codec.xsd}")
            return
        if _is_complex(cls) or not issubclass(cls, expected):
            self.report(at, f"codec {field.codec.name} does not fit the XSD type {cls.__name__}")

    def shape(self, cls: type[ModelBase], shape: Shape, at: str, *, writes: bool) -> None:
        """Check every member's element; when writing, also that required elements are filled."""
        filled: set[str] = set()
        for member in shape:
            target = self.resolve(cls, member.soap, at)
            filled.add(member.soap.split("/")[0])
            if target is None:
                continue
            path = f"{at}/{member.soap}"
            if isinstance(member, Field):
                self.field_type(member, target, path)
            elif isinstance(member, Group):
                self.shape(target, member.fields, path, writes=writes)
            elif isinstance(member, Each):
                if target.Attributes.max_occurs <= 1:
                    self.report(path, "is not a repeated element (maxOccurs is 1)")
                self.shape(target, member.fields, path, writes=writes)
            elif isinstance(member, Const | Template) and not issubclass(target, Unicode):
                self.report(path, "a text is written into a non-string element")
        if writes and _is_complex(cls):
            for name, member_cls in cls._type_info.items():
                if name not in filled and _required(member_cls):
                    self.report(
                        f"{at}/{name}", "required by the XSD but the mapping never fills it"
                    )


def _result_shape(result: Member) -> Shape:
    return (result,)


def check_mappings(
    contract: Contract,
    model: SchemaModel,
    found: dict[str, list[tuple[str, Operation]]],
    openapi: dict[str, Any] | None = None,
) -> None:
    """Raise MappingCheckError listing every way the mappings do not fit the contracts."""
    problems: list[str] = []
    for name in contract.operations:
        modules = [module for module, _ in found.get(name, [])]
        if not modules:
            problems.append(f"operation {name}: no mapping module defines it")
        elif len(modules) > 1:
            problems.append(f"operation {name}: mapped twice, by {', '.join(modules)}")
    for name, entries in found.items():
        for module, mapping in entries:
            op = contract.operations.get(name)
            if op is None:
                problems.append(f"{module}: operation {name} is not in the WSDL")
                continue
            check = _Checker(module, mapping, problems)
            request = mapping.request
            in_cls = model.element(op.input_element)
            in_at = op.input_element.localname
            check.shape(
                in_cls,
                (*request.params, *request.headers, *(request.body or ())),
                in_at,
                writes=False,
            )
            out_cls = model.element(op.output_element)
            check.shape(
                out_cls, _result_shape(mapping.result), op.output_element.localname, writes=True
            )
            declared = {qname.localname: qname for qname in op.faults.values()}
            for problem_type, fault in mapping.faults.items():
                if fault.element not in declared:
                    check.report(
                        fault.element,
                        f"fault for problem {problem_type} is not declared for {name} in the WSDL",
                    )
                    continue
                check.shape(
                    model.element(declared[fault.element]), fault.detail, fault.element, writes=True
                )
            produced = {fault.element for fault in mapping.faults.values()}
            for element in sorted(set(declared) - produced):
                check.report(element, "declared in the WSDL but no problem type is mapped to it")
            if openapi is not None:
                _check_openapi(check, mapping, openapi)
    if problems:
        raise MappingCheckError(problems)


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


def _check_rest_shape(
    check: _Checker, schema: dict[str, Any], shape: Shape, at: str, doc: dict[str, Any]
) -> None:
    for member in shape:
        if isinstance(member, Const):
            continue
        if isinstance(member, Template):
            for param in member.params:
                if _schema_at(schema, param.rest, doc) is None:
                    check.report(f"{at}.{param.rest}", "no such field in the REST core's OpenAPI")
            continue
        sub = _schema_at(schema, member.rest, doc)
        if sub is None:
            check.report(f"{at}.{member.rest}", "no such field in the REST core's OpenAPI")
            continue
        if isinstance(member, Group):
            _check_rest_shape(check, sub, member.fields, f"{at}.{member.rest}", doc)
        elif isinstance(member, Each):
            if sub.get("type") != "array":
                check.report(f"{at}.{member.rest}", "is not an array in the REST core's OpenAPI")
                continue
            items = _deref(sub.get("items", {}), doc)
            _check_rest_shape(check, items, member.fields, f"{at}.{member.rest}[]", doc)


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
