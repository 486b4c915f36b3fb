"""`rest_stub.py`'s source: a FastAPI app, independent of this project, that answers every mapped
REST call with example data and declares each call's body and answer in its OpenAPI."""

from __future__ import annotations

import json
from typing import Any

from mappings import _xsd_codecs as x
from soap_adapter.mapping import Codec
from soap_adapter.scaffold._module import OperationSpec
from soap_adapter.scaffold._names import constant
from soap_adapter.scaffold._tree import Node

_STRING = {"type": "string"}
_SCHEMAS: dict[str, dict[str, Any]] = {
    x.BOOLEAN.name: {"type": "boolean"},
    x.INTEGER.name: {"type": "integer"},
    x.DECIMAL.name: {"type": "string", "format": "decimal"},
    x.FLOAT.name: {"type": "number"},
    x.DOUBLE.name: {"type": "number"},
    x.DATETIME.name: {"type": "string", "format": "date-time"},
    x.DATE.name: {"type": "string", "format": "date"},
    x.TIME.name: {"type": "string", "format": "time"},
    x.BASE64.name: {"type": "string", "format": "byte"},
    x.ANY.name: {"type": "array", "items": _STRING, "description": "XML elements, as text"},
    x.OPAQUE.name: {"description": "the SOAP value handed over whole"},
    x.ANY_SIMPLE.name: {},
}


def _codec_schema(codec: Codec, node: Node) -> dict[str, Any]:
    if codec.name.startswith("list_of_"):
        item = next(c for c in x.FOR_BUILTIN.values() if c.name == codec.name[len("list_of_") :])
        return {"type": "array", "items": _codec_schema(item, node)}
    schema = dict(_SCHEMAS.get(codec.name, _STRING))
    if node.simple is not None and node.simple.enumeration and schema.get("type") == "string":
        schema["enum"] = list(node.simple.enumeration)
    return schema


def schema(nodes: list[Node]) -> dict[str, Any]:
    """The JSON object a shape reads or writes, as a JSON Schema (OpenAPI 3.1)."""
    properties: dict[str, Any] = {}
    for node in nodes:
        if node.kind == "group" and node.rest == "":
            properties.update(schema(node.children)["properties"])
        else:
            properties[node.rest] = _node_schema(node)
    return {"type": "object", "properties": properties}


def _node_schema(node: Node) -> dict[str, Any]:
    if node.kind == "field":
        assert node.codec is not None
        return _codec_schema(node.codec, node)
    if node.kind == "group":
        return schema(node.children)
    if len(node.children) == 1 and node.children[0].rest == "":
        return {"type": "array", "items": _node_schema(node.children[0])}
    return {"type": "array", "items": schema(node.children)}


def _at(value: Any, soap: str) -> Any:
    if soap == "":
        return value
    return value.get(soap, ...) if isinstance(value, dict) else ...


def rest_value(nodes: list[Node], value: Any) -> dict[str, Any]:
    """A SOAP value (MODEL.md's convention) as the JSON the mapping makes of it."""
    out: dict[str, Any] = {}
    for node in nodes:
        found = _at(value, node.soap)
        if found is ... and node.soap == "##any":
            found = []  # no wildcard content: none, rather than a missing member
        if found is ...:
            continue
        if node.kind == "group" and node.rest == "":
            out.update(rest_value(node.children, found))
        else:
            out[node.rest] = None if found is None else _node_value(node, found)
    return out


def _node_value(node: Node, value: Any) -> Any:
    if node.kind == "field":
        assert node.codec is not None
        return node.codec.to_rest(value)
    if node.kind == "group":
        return rest_value(node.children, value)
    if len(node.children) == 1 and node.children[0].rest == "":
        return [_node_value(node.children[0], item) for item in value]
    return [rest_value(node.children, item) for item in value]


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def _literal(value: Any, depth: int = 0) -> str:
    """A Python literal of JSON data, one member a line where it does not fit on one."""
    flat = _flat(value)
    if len(flat) + 4 * depth <= 90 or not isinstance(value, dict | list) or not value:
        return flat
    pad, inner = "    " * depth, "    " * (depth + 1)
    if isinstance(value, dict):
        lines = [
            f"{inner}{_flat(key)}: {_literal(item, depth + 1)}," for key, item in value.items()
        ]
        return "{\n" + "\n".join(lines) + f"\n{pad}}}"
    lines = [f"{inner}{_literal(item, depth + 1)}," for item in value]
    return "[\n" + "\n".join(lines) + f"\n{pad}]"


def _function(spec: OperationSpec) -> str:
    return spec.module if spec.module.isidentifier() else f"op_{spec.module}"


def source(service: str, specs: list[tuple[OperationSpec, dict[str, Any]]]) -> str:
    """The stub: one route per operation, answering `example` (the JSON of a valid response)."""
    lines = [
        f'"""REST stub for {service}, written by `soap-adapter scaffold`: every call the mappings',
        "make is answered with example data valid for the legacy schema.",
        "",
        "Start it with `python rest_stub.py --port 8081`. It is the starting point of the real",
        "service: replace one route's body at a time with real logic. It depends only on FastAPI",
        "and uvicorn. Each route declares in its OpenAPI the JSON body the edge sends, the answer",
        "it reads, and the problem types (RFC 9457) the edge turns into the declared SOAP faults.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import argparse",
        "from typing import Any",
        "",
        "import uvicorn",
        "from fastapi import FastAPI",
        "from fastapi.responses import JSONResponse",
        "",
        f'app = FastAPI(title="{service} (REST stub)", version="0.1.0")',
        "",
        "",
        "def declared(request: dict[str, Any], answer: dict[str, Any], problems: list[str]) -> dict[str, Any]:",
        '    """What a route declares in the OpenAPI: its JSON body, its answer, its problem types."""',
        "    return {",
        '        "openapi_extra": {',
        '            "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},',
        '            "x-problem-types": problems,',
        "        },",
        '        "responses": {200: {"description": "the result", "content": {"application/json": {"schema": answer}}}},',
        '        "response_class": JSONResponse,',
        "    }",
        "",
    ]
    for spec, example in specs:
        name = constant(spec.module)
        problems = [fault.slug for fault in spec.faults]
        lines += [
            "",
            f"# ---- {spec.name} " + "-" * max(3, 90 - len(spec.name)),
            "",
            f"{name}_REQUEST: dict[str, Any] = {_literal(schema(spec.request.nodes))}",
            "",
            f"{name}_ANSWER: dict[str, Any] = {_literal(schema(spec.response.nodes))}",
            "",
            f"{name}_EXAMPLE: dict[str, Any] = {_literal(example)}",
            "",
            "",
            f'@app.{spec.method.lower()}("{spec.path}", **declared({name}_REQUEST, {name}_ANSWER, {problems!r}))',
            f"async def {_function(spec)}() -> JSONResponse:",
            f'    """{spec.name}: example data."""',
            f"    return JSONResponse({name}_EXAMPLE)",
            "",
        ]
    lines += [
        "",
        "def main() -> None:",
        "    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])",
        '    parser.add_argument("--host", default="127.0.0.1")',
        '    parser.add_argument("--port", type=int, default=8081)',
        "    args = parser.parse_args()",
        '    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")',
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
    ]
    return "\n".join(lines) + "\n"
