"""Declarative mappings, one module per SOAP operation; `load()` finds them all."""

from __future__ import annotations

import importlib
import pkgutil

from soap_adapter.mapping import Operation

# BEHAVIOUR.md's wording for the faults every operation can end in.
NOT_AUTHORIZED = "Caller is not authorized for {operation}."
UNAVAILABLE = "The service is temporarily unavailable."


def load() -> dict[str, list[tuple[str, Operation]]]:
    """Every mapping module's MAPPING by operation name, with the module that defines it."""
    found: dict[str, list[tuple[str, Operation]]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        mapping = getattr(module, "MAPPING", None)
        if isinstance(mapping, Operation):
            found.setdefault(mapping.name, []).append((module.__name__, mapping))
    return found
