"""The scaffold on a contract built by hand: the modules it writes read like the mapping vocabulary
and list every element and attribute; the stub it writes starts, answers every mapped call and
declares what the mapping check compares the mappings with."""

from __future__ import annotations

import ast
import importlib.util
import pathlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
import requests

from soap_adapter.mapping import Each, Field, Group, Member, Operation
from soap_adapter.mapping_check import _check_openapi, _Checker
from soap_adapter.scaffold import Scaffolded, scaffold
from tests._processes import ServerProcess, free_port
from tests.scaffold import _shop

# The statements a mapping module may hold: it is a table, not a program.
PROGRAM = (
    ast.If,
    ast.For,
    ast.While,
    ast.Try,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.DictComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.IfExp,
    ast.With,
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Scaffolded:
    return scaffold(_shop.build(), tmp_path_factory.mktemp("shop"))


def load(path: pathlib.Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scaffolded_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mapping(out: Scaffolded, module: str) -> Operation:
    found = load(out.out / f"{module}.py").MAPPING
    assert isinstance(found, Operation)
    return found


def paths(members: tuple[Member, ...], at: str = "") -> Iterator[str]:
    """Every SOAP path a shape names, joined from the top: `Lines/Line/@sku`."""
    for member in members:
        path = "/".join(p for p in (at, member.soap) if p)
        if member.soap:
            yield path
        if isinstance(member, Group | Each):
            yield from paths(member.fields, path)


def test_one_module_per_operation_that_reads_like_a_table(out: Scaffolded) -> None:
    written = sorted(p.name for p in out.out.glob("*.py") if p.name != "rest_stub.py")
    assert written == ["echo.py", "get_item.py", "place_order.py"]
    for path in out.out.glob("*.py"):
        if path.name == "rest_stub.py":
            continue
        tree = ast.parse(path.read_text())
        docstring = ast.get_docstring(tree)
        assert docstring is not None and "\n" not in docstring
        operation = mapping(out, path.stem)
        assert docstring == f"{operation.name}: POST /v1/{path.stem.replace('_', '-')}."
        assert [type(s) for s in tree.body[1:]] == [ast.ImportFrom, ast.ImportFrom, ast.Assign]
        assert not [n for n in ast.walk(tree) if isinstance(n, PROGRAM)], path.name
        assert operation.request == operation.request.__class__(
            "POST", f"/v1/{path.stem.replace('_', '-')}", body=operation.request.body
        )


def test_every_element_and_attribute_of_the_request_is_listed(out: Scaffolded) -> None:
    request = mapping(out, "place_order").request
    assert request.body is not None
    assert sorted(paths(request.body)) == sorted(
        [
            "CustomerId",
            "Lines",
            "Lines/Line",
            "Lines/Line/@sku",
            "Lines/Line/Sku",
            "Lines/Line/Quantity",
            "Lines/Line/Price",
            "Lines/Line/Price/@currency",
            "Lines/Line/Price/$",
            "Email",
            "Phone",
            "Category",
            "Category/Name",
            "Category/Parent",
            "Note",
            "Tag",
            "##any",
        ]
    )


def test_the_result_and_each_fault_detail_are_listed(out: Scaffolded) -> None:
    operation = mapping(out, "place_order")
    assert isinstance(operation.result, Group) and operation.result.soap == ""
    assert sorted(paths(operation.result.fields)) == sorted(
        [
            "OrderId",
            "Total",
            "Total/@currency",
            "Total/$",
            "CreatedAt",
            "Paid",
            "Ratio",
            "ShipOn",
        ]
    )
    assert list(operation.faults) == ["order-fault"]
    fault = operation.faults["order-fault"]
    assert fault.element == "OrderFault"
    assert sorted(paths(fault.detail)) == ["Code", "Message"]


def test_rpc_parts_are_members_by_part_name(out: Scaffolded) -> None:
    operation = mapping(out, "echo")
    assert operation.request.body == (
        Field("text", "text", operation.request.body[0].codec),  # type: ignore[union-attr]
        Field("count", "count", operation.request.body[1].codec),  # type: ignore[union-attr]
    )
    assert isinstance(operation.result, Field) and operation.result.soap == "return"


def test_codecs_follow_the_xsd_types(out: Scaffolded) -> None:
    operation = mapping(out, "place_order")
    assert isinstance(operation.result, Group)
    codecs = {m.soap: m.codec.xsd for m in operation.result.fields if isinstance(m, Field)}
    assert codecs == {
        "OrderId": "integer",
        "CreatedAt": "dateTime",
        "Paid": "boolean",
        "Ratio": "double",
        "ShipOn": "date",
    }
    [total] = [m for m in operation.result.fields if m.soap == "Total"]
    assert isinstance(total, Group)
    assert {m.soap: m.codec.xsd for m in total.fields if isinstance(m, Field)} == {
        "@currency": "string",
        "$": "decimal",
    }


def test_a_snake_case_clash_gets_a_numbered_name(out: Scaffolded) -> None:
    body = mapping(out, "place_order").request.body
    assert body is not None
    [lines] = [m for m in body if m.soap == "Lines"]
    assert isinstance(lines, Group)
    [line] = lines.fields
    assert isinstance(line, Each)
    names = {m.soap: getattr(m, "rest", None) for m in line.fields}
    assert names["Sku"] == "sku" and names["@sku"] == "sku_2"


def test_a_recursive_type_stops_with_an_opaque_field_and_says_so(out: Scaffolded) -> None:
    text = (out.out / "place_order.py").read_text()
    assert "Category contains itself" in text
    assert text.count("x.OPAQUE),") == 1  # one field, named in the comment above
    assert "# Where Category recurs (or nests too deep), the mapping stops" in text


def test_an_abstract_type_is_written_as_a_concrete_one_and_substitutes_are_listed(
    out: Scaffolded,
) -> None:
    result = mapping(out, "get_item").result
    assert isinstance(result, Group)
    assert sorted(paths(result.fields)) == [
        "Gadget",
        "Item",
        "Item/@xsi:type",
        "Item/Isbn",
        "Item/Title",
        "Widget",
    ]


def test_the_stub_does_not_import_the_project(out: Scaffolded) -> None:
    tree = ast.parse((out.out / "rest_stub.py").read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "argparse", "typing", "fastapi", "uvicorn"}


def test_the_stub_starts_answers_every_mapped_call_and_declares_it(
    out: Scaffolded, tmp_path: pathlib.Path
) -> None:
    port = free_port()
    stub = ServerProcess(
        [sys.executable, str(out.out / "rest_stub.py"), "--port", str(port)],
        env={"PATH": "/usr/bin:/bin"},
        ready_url=f"http://127.0.0.1:{port}/openapi.json",
        log_path=tmp_path / "stub.log",
        cwd=tmp_path,  # as a copy taken elsewhere would run
    ).start()
    try:
        openapi = requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=10).json()
        problems: list[str] = []
        for module in ("place_order", "echo", "get_item"):
            operation = mapping(out, module)
            answer = requests.post(
                f"http://127.0.0.1:{port}{operation.request.path}", json={}, timeout=10
            )
            assert answer.status_code == 200
            assert isinstance(answer.json(), dict) and answer.json()
            # The mapping check's comparison with the REST side's OpenAPI, as for hand-written
            # mappings: every member sent and read is declared, every problem type is mapped.
            _check_openapi(_Checker(module, operation, problems), operation, openapi)
        assert problems == []
        declared = openapi["paths"]["/v1/place-order"]["post"]
        assert declared["x-problem-types"] == ["order-fault"]
        assert (
            "customer_id"
            in declared["requestBody"]["content"]["application/json"]["schema"]["properties"]
        )
    finally:
        stub.stop()


def test_the_stub_answers_what_the_mapping_turns_into_soap_values(out: Scaffolded) -> None:
    """Its example answers go through every codec of the result without an error."""
    stub = load(out.out / "rest_stub.py")
    operation = mapping(out, "place_order")
    example = stub.PLACE_ORDER_EXAMPLE
    assert isinstance(operation.result, Group)
    for member in operation.result.fields:
        if isinstance(member, Field):
            member.codec.to_soap(example[member.rest])
    assert example["total"] == {"currency": "EUR", "value": "1.5"}
    assert example["created_at"] == "2026-01-15T10:30:00+00:00"


def test_lists_unions_encoded_arrays_and_headers(tmp_path: pathlib.Path) -> None:
    out = scaffold(_shop.build_kinds(), tmp_path)
    text = " ".join((out.out / "tally.py").read_text().split())  # the table's padding aside
    assert 'Field("Counts", "counts", x.list_of(x.INTEGER)),' in text
    assert 'Field("Code", "code", x.ANY_SIMPLE),' in text
    assert 'Each("Batch", "batch", ( # SOAP-encoded array Field("", "", x.TEXT), )),' in text
    operation = mapping(out, "tally")
    body = operation.request.body
    assert body is not None
    [header] = [m for m in body if m.soap == "#header"]
    assert isinstance(header, Group) and header.rest == "soap_header"
    assert sorted(paths(header.fields)) == ["session", "session/Token"]  # by part name
    stub = load(out.out / "rest_stub.py")
    assert stub.TALLY_REQUEST["properties"]["counts"] == {
        "type": "array",
        "items": {"type": "integer"},
    }
    assert stub.TALLY_EXAMPLE == {"total": 1}
