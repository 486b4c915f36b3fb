"""`DIR/samples/<Operation>.<soap11|soap12>.xml`: one complete request per operation and binding
version, its values from `_examples`, its Body and Header blocks written by the contract codec."""

from __future__ import annotations

import pathlib
from typing import Any

from lxml import etree

from soap_adapter.contract import BindingOperation, Contract
from soap_adapter.contract._codec import envelope as soap_envelope
from soap_adapter.contract._codec import write_headers, write_request
from soap_adapter.exceptions import MappingError
from soap_adapter.scaffold import _examples

_VERSIONS = {"1.1": "soap11", "1.2": "soap12"}


def request_value(contract: Contract, operation: BindingOperation) -> Any:
    """The request object of a sample: every element filled, headers under `#header`."""
    value = _examples.body_value(contract, operation, operation.input)
    if operation.input.headers and isinstance(value, dict):
        value["#header"] = _examples.headers_value(contract, operation.input)
    return value


def envelope(contract: Contract, operation: BindingOperation, version: str) -> bytes:
    """A request envelope for `operation` with every element and attribute filled."""
    value = request_value(contract, operation)
    written = soap_envelope(
        version,
        write_request(operation, value, types=contract.types, version=version),
        write_headers(operation, value, "input", types=contract.types),
    )
    # Indented, for the people who read and curl it; the values' own text is kept as it is.
    root = etree.fromstring(written)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


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
            except MappingError as exc:  # a value the examples made that the codec refuses
                not_written[path.name] = str(exc)
                continue
            written.append(path)
    return written, not_written
