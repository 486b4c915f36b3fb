"""The scaffold on the ten real contracts of the corpus, through the command a team runs: one
mapping module per operation that lists every element and attribute, and sample requests that
validate against the contract's schema (read by xmlschema, a second reader)."""

from __future__ import annotations

import ast
import importlib.util
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from lxml import etree

from soap_adapter.contract import (
    Any,
    BindingOperation,
    Contract,
    Element,
    ModelGroup,
    SimpleType,
    Type,
    load,
)
from soap_adapter.mapping import Each, Group, Member, Operation
from tests._processes import BIN, ServerProcess, free_port
from tests.corpus._schemas import FOLDERS, SOAP_ENC, Validator, entry

PROGRAM = (ast.If, ast.For, ast.While, ast.Try, ast.FunctionDef, ast.Lambda, ast.ListComp)


@pytest.fixture(scope="module", params=FOLDERS)
def scaffolded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Contract, pathlib.Path]:
    folder = str(request.param)
    out = tmp_path_factory.mktemp(folder)
    done = subprocess.run(
        [sys.executable, "-m", "soap_adapter", "scaffold", str(entry(folder)), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "0 sample" not in done.stdout and done.stderr == "", done.stderr
    return load(entry(folder)), out


def operations(contract: Contract) -> dict[str, BindingOperation]:
    """Every portType operation, by name, as its first binding binds it."""
    found: dict[str, BindingOperation] = {}
    for binding in contract.bindings.values():
        for operation in binding.operations.values():
            found.setdefault(operation.name, operation)
    return found


def mappings(out: pathlib.Path) -> dict[str, Operation]:
    found = {}
    for path in sorted(out.glob("*.py")):
        if path.name == "rest_stub.py":
            continue
        spec = importlib.util.spec_from_file_location(f"corpus_{out.name}_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[module.MAPPING.name] = module.MAPPING
    return found


# ---- what the model says a message holds (written apart from the scaffold's own walk) ---------


def local(name: str) -> str:
    return name.rpartition("}")[2]


def _names_of_type(type_: Type, seen: set[int], out: set[str]) -> None:
    if isinstance(type_, SimpleType) or id(type_) in seen:
        return
    seen.add(id(type_))
    if type_.abstract:  # sent as its first concrete derived type
        concrete = [d for d in type_.derived if not d.abstract]
        if concrete:
            _names_of_type(concrete[0], seen, out)
        return
    if type_.array_item is not None:  # an encoded array: its items; soapenc's own attributes
        _names_of_type(type_.array_item, seen, out)  # (arrayType, offset, id, href) are SOAP's
        return
    if not (type_.name or "").startswith(f"{{{SOAP_ENC}}}"):
        out.update(f"@{local(a.name)}" for a in type_.attributes)
    stack: list[ModelGroup] = [type_.content] if type_.content is not None else []
    while stack:
        group = stack.pop()
        for particle in group.particles:
            if isinstance(particle, ModelGroup):
                stack.append(particle)
            elif isinstance(particle, Any):
                out.add("##any")
            else:
                for element in _occurring(particle):
                    out.add(local(element.name))
                    _names_of_type(element.type, seen, out)


def _occurring(element: Element) -> list[Element]:
    return [e for e in (element, *element.substitutes) if not e.abstract]


def names_in_model(operation: BindingOperation, direction: str) -> set[str]:
    body = operation.input if direction == "input" else operation.output
    assert body is not None
    out: set[str] = set()
    seen: set[int] = set()
    for part in body.parts:
        if part.element is not None:
            if operation.style == "rpc" or len(body.parts) > 1:
                out.add(local(part.element.name) if operation.style == "document" else part.name)
            _names_of_type(part.element.type, seen, out)
        else:
            out.add(part.name)
            assert part.type is not None
            _names_of_type(part.type, seen, out)
    return out


def names_in_mapping(members: tuple[Member, ...]) -> Iterator[str]:
    for member in members:
        yield from (name for name in member.soap.split("/") if name)
        if isinstance(member, Group | Each):
            yield from names_in_mapping(member.fields)


# ---- the tests ---------------------------------------------------------------------------------


def test_one_mapping_module_per_operation(scaffolded: tuple[Contract, pathlib.Path]) -> None:
    contract, out = scaffolded
    assert sorted(mappings(out)) == sorted(operations(contract))


def test_modules_read_like_the_vocabulary(scaffolded: tuple[Contract, pathlib.Path]) -> None:
    _, out = scaffolded
    for path in out.glob("*.py"):
        if path.name == "rest_stub.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree) or ""
        assert re.fullmatch(r"\w+: POST /v1/[a-z0-9-]+\.", docstring), docstring
        assert not [n for n in ast.walk(tree) if isinstance(n, PROGRAM)], path.name


def test_every_element_and_attribute_is_listed(scaffolded: tuple[Contract, pathlib.Path]) -> None:
    contract, out = scaffolded
    found = mappings(out)
    missing = {}
    for name, operation in operations(contract).items():
        mapping = found[name]
        listed = set(names_in_mapping(mapping.request.body or ()))
        listed |= set(names_in_mapping((mapping.result,)))
        expected = names_in_model(operation, "input")
        if operation.output is not None:
            expected |= names_in_model(operation, "output")
        for fault in mapping.faults.values():
            listed |= set(names_in_mapping(fault.detail))
        for fault_message in operation.operation.faults.values():
            part = fault_message.parts[0]
            type_ = part.element.type if part.element is not None else part.type
            assert type_ is not None
            _names_of_type(type_, set(), expected)
        if expected - listed:
            missing[name] = sorted(expected - listed)
    # A short message: pytest's diff of a large dict takes minutes and gigabytes.
    assert not missing, f"{len(missing)} operation(s) miss names, e.g. {list(missing.items())[:3]}"


def test_every_sample_validates_against_the_schema(
    scaffolded: tuple[Contract, pathlib.Path],
) -> None:
    contract, out = scaffolded
    validator = Validator(contract.wsdl, contract.types)
    bound = {
        (operation.name, f"soap{binding.soap_version.replace('.', '')}"): operation
        for binding in contract.bindings.values()
        for operation in binding.operations.values()
    }
    expected = {f"{name}.{version}.xml" for name, version in bound}
    samples = {p.name: p for p in (out / "samples").glob("*.xml")}
    assert set(samples) == expected
    errors = {}
    for name, path in samples.items():
        operation_name, version, _ = name.split(".")
        envelope = etree.parse(str(path)).getroot()
        body = envelope.find("{*}Body")
        assert body is not None
        found = validator.body(bound[operation_name, version], "input", body)
        for header in envelope.iterfind("{*}Header"):
            found += [e for block in header for e in validator.element(block)]
        if found:
            errors[name] = found
    assert not errors, f"{len(errors)} invalid sample(s), e.g. {list(errors.items())[:3]}"


def test_the_validation_finds_what_is_wrong(tmp_path: pathlib.Path) -> None:
    """The check above can fail: a text in an xs:int, a missing required element."""
    contract = load(entry("03-dneonline-calculator"))
    validator = Validator(contract.wsdl, contract.types)
    add = operations(contract)["Add"]
    body = etree.fromstring(
        b'<Body><Add xmlns="http://tempuri.org/"><intA>x</intA><intB>1</intB></Add></Body>'
    )
    assert validator.body(add, "input", body) != []
    body = etree.fromstring(b'<Body><Add xmlns="http://tempuri.org/"><intA>1</intA></Add></Body>')
    assert validator.body(add, "input", body) != []


def test_the_mapping_check_passes_against_the_stubs_openapi(
    scaffolded: tuple[Contract, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    """`soap-adapter check-mappings` on the scaffolded folder, with the REST side's OpenAPI
    served by the stub: as it runs on hand-written mappings."""
    contract, out = scaffolded
    port = free_port()
    with ServerProcess(
        [sys.executable, str(out / "rest_stub.py"), "--port", str(port)],
        env={"PATH": "/usr/bin:/bin"},
        ready_url=f"http://127.0.0.1:{port}/openapi.json",
        log_path=tmp_path / "stub.log",
        cwd=tmp_path,
    ) as stub:
        done = subprocess.run(
            [
                str(BIN / "soap-adapter"),
                "check-mappings",
                "--wsdl",
                str(contract.wsdl),
                "--mappings",
                str(out),
                "--openapi",
                f"{stub.base_url}/openapi.json",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "every operation has one mapping" in done.stdout
