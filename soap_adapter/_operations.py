"""The mappings of any contract: a folder of mapping modules loaded, checked against the
contract's operations, and run with the contract codec in place of Spyne's classes."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import pathlib
import sys
import types
from collections.abc import Mapping
from typing import Any

from lxml import etree

from soap_adapter import _metrics
from soap_adapter._rest import RestClient
from soap_adapter._runner import Runner
from soap_adapter.contract import BindingOperation, Contract, Type
from soap_adapter.contract._codec import write_fault_detail
from soap_adapter.exceptions import MappingError
from soap_adapter.mapping import Operation, Release


class MappingsError(ValueError):
    """The mapping folder cannot serve the contract: each problem, one line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def load_mappings(folder: pathlib.Path) -> tuple[dict[str, Operation], Release | None]:
    """`MAPPING = Operation(...)` of each `folder/*.py` not starting with `_`, by operation name,
    and the `RELEASE` its `__init__.py` declares, if any (a release package of `mappings/`).

    The folder is imported as a package of its own, so its modules may share `_helpers.py`
    with relative imports; a module that defines no MAPPING (`rest_stub.py`) is not imported."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise MappingsError([f"{folder}: not a folder of mapping modules"])
    package = f"_soap_adapter_mappings_{hashlib.sha1(str(folder).encode()).hexdigest()[:12]}"
    try:
        release = getattr(_package(package, folder), "RELEASE", None)
    except Exception as exc:
        raise MappingsError([f"{folder / '__init__.py'}: {type(exc).__name__}: {exc}"]) from None
    found: dict[str, Operation] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_") or "MAPPING" not in path.read_text(encoding="utf-8"):
            continue
        try:
            mapping = getattr(importlib.import_module(f"{package}.{path.stem}"), "MAPPING", None)
        except Exception as exc:  # a module that does not import is one problem among others
            problems.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        if not isinstance(mapping, Operation):
            continue
        if mapping.name in found:
            problems.append(f"{path.name}: a second mapping of {mapping.name}")
        found[mapping.name] = mapping
    if problems:
        raise MappingsError(problems)
    return found, release if isinstance(release, Release) else None


def _package(name: str, folder: pathlib.Path) -> types.ModuleType:
    """The folder as package `name`: its `__init__.py` run when it has one."""
    if name in sys.modules:
        return sys.modules[name]
    init = folder / "__init__.py"
    if not init.is_file():
        module = types.ModuleType(name)
        module.__path__ = [str(folder)]
        sys.modules[name] = module
        return module
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def check(contract: Contract, mappings: Mapping[str, Operation]) -> list[str]:
    """What in `mappings` cannot run on `contract`: unknown operations and fault elements."""
    operations = {op.name: op for b in contract.bindings.values() for op in b.operations.values()}
    problems = [
        f"mapping {name}: the contract has no operation {name}"
        for name in mappings
        if name not in operations
    ]
    for name, mapping in mappings.items():
        op = operations.get(name)
        if op is None:
            continue
        declared = fault_names(op)
        problems.extend(
            f"mapping {name}: fault {fault.element} (problem {kind}) is not a fault of {name}: "
            f"Fault.element names one of {', '.join(sorted(declared))}"
            for kind, fault in mapping.faults.items()
            if fault.element not in declared
        )
    return problems


def fault_names(op: BindingOperation) -> dict[str, str]:
    """What a mapping's Fault.element may say for each fault of `op`: the fault's name in the
    WSDL, or its detail element's local name when the part is an element (a part by type, as
    rpc/encoded faults have, is named by the fault: Axis names every such part `fault`)."""
    names: dict[str, str] = {}
    for name, fault in op.faults.items():
        names[name] = name
        part = fault.message.parts[0] if fault.message.parts else None
        if part is not None and part.element is not None:
            names.setdefault(part.element.name.rpartition("}")[2], name)
    return names


@dataclasses.dataclass(frozen=True)
class _DetailWriter:
    """`Runner._fault` writes a detail with `writer.element(cls, tag, values, ...)`: here the
    codec writes it, `cls` being the fault's name."""

    op: BindingOperation
    types: Mapping[str, Type]

    def element(self, fault: str, tag: str, values: Any, *_: Any) -> etree._Element:
        return write_fault_detail(self.op, fault, values, types=self.types)


class ContractRunner(Runner):
    """`Runner` on a contract model: the same REST call and fault choice; the answer becomes
    the response object of the value convention, written by the codec, not a Spyne object."""

    def __init__(
        self,
        mapping: Operation,
        op: BindingOperation,
        client: RestClient,
        types: Mapping[str, Type],
        release: str = "",
    ) -> None:
        # Not Runner.__init__: it plans the Spyne classes this runner has no use for.
        self.contract_name = release
        self.mapping = mapping
        self.client = client
        self.op = op
        self.compile(mapping)
        self.nsmap: dict[str | None, str] = {}
        self.writer = _DetailWriter(op, types)  # type: ignore[assignment]
        self.fault_classes = {
            alias: (etree.QName(alias), name)  # type: ignore[misc]
            for alias, name in fault_names(op).items()
        }

    def _result(self, body: Any) -> Any:
        """The response object: the result member's value, itself when its SOAP path is ""."""
        try:
            name, value = self.to_soap(body)
        except (MappingError, KeyError, ValueError, TypeError, AttributeError) as exc:
            _metrics.MAPPING_FAILURES.labels(
                self.contract_name, self.mapping.name, "response"
            ).inc()
            if isinstance(exc, MappingError):
                raise
            raise MappingError(f"the REST answer does not fit the mapping: {exc!r}") from exc
        return value if name == "" else {name: value}
