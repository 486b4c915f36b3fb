"""`DIR/samples/<Operation>.<soap11|soap12>.xml`: one complete request per operation and binding
version, its values from `_examples`, written by the contract codec's own writer."""

from __future__ import annotations

import pathlib

from soap_adapter.contract import BindingOperation, Contract
from soap_adapter.scaffold import _examples

_VERSIONS = {"1.1": "soap11", "1.2": "soap12"}


def envelope(contract: Contract, operation: BindingOperation, version: str) -> bytes:
    """A request envelope for `operation` with every element and attribute filled."""
    from soap_adapter.contract._codec import envelope as soap_envelope
    from soap_adapter.contract._codec import write_headers, write_request

    value = _examples.body_value(operation, operation.input, contract.target_namespace)
    if operation.input.headers:
        value = value if isinstance(value, dict) else {"": value}
        value["#header"] = _examples.headers_value(operation.input, contract.target_namespace)
    types = contract.types
    return soap_envelope(
        version,
        write_request(operation, value, types=types, version=version),
        write_headers(operation, value, "input", types=types),
    )


def write_all(
    contract: Contract, folder: pathlib.Path
) -> tuple[list[pathlib.Path], dict[str, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[pathlib.Path] = []
    not_written: dict[str, str] = {}
    for binding in contract.bindings.values():
        suffix = _VERSIONS[binding.soap_version]
        for operation in binding.operations.values():
            path = folder / f"{operation.name}.{suffix}.xml"
            if path in written:
                continue  # two bindings of one version: the first one's sample
            try:
                path.write_bytes(envelope(contract, operation, binding.soap_version))
            except ImportError as exc:
                not_written[path.name] = f"the contract codec's writer is missing: {exc}"
                continue
            written.append(path)
    return written, not_written
