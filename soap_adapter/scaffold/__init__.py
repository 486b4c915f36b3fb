"""`soap-adapter scaffold`: from a legacy WSDL, the mappings, a REST stub and sample requests.

For every operation of every SOAP binding (one module per portType operation):
`DIR/<operation>.py`, a mapping module naming every element and attribute of the request, the
response and each fault detail (MODEL.md's paths, snake_case REST names, `mappings._xsd_codecs`);
`DIR/rest_stub.py`, a FastAPI app answering each mapped call with example data; and
`DIR/samples/<Operation>.<soap11|soap12>.xml`, a request envelope per binding version.

Conventions the generated modules follow: a SOAP path `""` is the value itself (a bare
element's content, the answer as a whole); `result` is the response's one member, or
`Group("", "", ...)` when it has several; a repeated simple element is an `Each` of one
`Field("", "", codec)`; SOAP headers sent with the request are the body's `soap_header` group.
"""

from __future__ import annotations

import dataclasses
import pathlib
from typing import Any

from soap_adapter.contract import BindingOperation, Contract, PortTypeOperation
from soap_adapter.scaffold import _examples, _module, _samples, _stub, _tree
from soap_adapter.scaffold._module import FaultSpec, OperationSpec
from soap_adapter.scaffold._names import Names, kebab, snake


@dataclasses.dataclass
class Scaffolded:
    """What a scaffold wrote, for the command's summary and the tests."""

    out: pathlib.Path
    operations: list[OperationSpec]
    samples: list[pathlib.Path]
    not_written: dict[str, str]  # sample file name -> why it could not be written


def _bound(contract: Contract) -> dict[PortTypeOperation, list[BindingOperation]]:
    """Every portType operation with the binding operations that bind it, in WSDL order."""
    found: dict[PortTypeOperation, list[BindingOperation]] = {}
    for binding in contract.bindings.values():
        for operation in binding.operations.values():
            found.setdefault(operation.operation, []).append(operation)
    return found


def _spec(operation: BindingOperation, module: str, path: str) -> OperationSpec:
    names = Names(sep="-")
    faults = []
    for name in operation.operation.faults:
        element, detail = _tree.fault_detail(operation, name)
        faults.append(FaultSpec(names(kebab(name)), element, name, detail))
    return OperationSpec(
        name=operation.name,
        module=module,
        method="POST",
        path=path,
        request=_tree.message(operation, "input"),
        response=_tree.message(operation, "output"),
        faults=faults,
    )


def scaffold(contract: Contract, out: pathlib.Path) -> Scaffolded:
    """Write the mappings, the stub and the samples of `contract` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    modules, paths = Names(), Names(sep="-")
    specs: list[tuple[OperationSpec, dict[str, Any]]] = []
    for bound in _bound(contract).values():
        operation = bound[0]
        spec = _spec(
            operation, modules(snake(operation.name)), "/v1/" + paths(kebab(operation.name))
        )
        example: dict[str, Any] = {}
        if operation.output is not None:
            value = _examples.body_value(contract, operation, operation.output)
            example = _stub.rest_value(spec.response.nodes, value)
        (out / f"{spec.module}.py").write_text(_module.source(spec), encoding="utf-8")
        specs.append((spec, example))
    service = _tree.local(contract.services[0].name) if contract.services else contract.wsdl.stem
    (out / "rest_stub.py").write_text(_stub.source(service, specs), encoding="utf-8")
    written, not_written = _samples.write_all(contract, out / "samples")
    return Scaffolded(out, [spec for spec, _ in specs], written, not_written)
