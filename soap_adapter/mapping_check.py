"""Checks the mappings against both contracts before the edge starts: the WSDL and the REST core."""

from __future__ import annotations

from soap_adapter._contract import Contract
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.mapping import Operation


class MappingCheckError(Exception):
    """One or more mappings do not fit the contracts; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def check_mappings(
    contract: Contract, model: SchemaModel, found: dict[str, list[tuple[str, Operation]]]
) -> None:
    """Every WSDL operation has exactly one mapping, and no mapping names an unknown operation."""
    problems: list[str] = []
    for name in contract.operations:
        modules = [module for module, _ in found.get(name, [])]
        if not modules:
            problems.append(f"operation {name}: no mapping module defines it")
        elif len(modules) > 1:
            problems.append(f"operation {name}: mapped twice, by {', '.join(modules)}")
    for name, entries in found.items():
        if name not in contract.operations:
            for module, _ in entries:
                problems.append(f"{module}: operation {name} is not in the WSDL")
    if problems:
        raise MappingCheckError(problems)
