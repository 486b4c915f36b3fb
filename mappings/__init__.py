"""Declarative mappings: one package per contract release, one module per SOAP operation in it.

`mappings/v2011_03/` holds release 2011-03: its `__init__` declares `RELEASE`, each other module
one operation's `MAPPING`. What releases share (codecs, shapes) is written once, here.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from types import ModuleType

from soap_adapter.mapping import Operation, Release

# BEHAVIOUR.md's wording for the faults every operation can end in (the same in every release).
NOT_AUTHORIZED = "Caller is not authorized for {operation}."
UNAVAILABLE = "The service is temporarily unavailable."


@dataclasses.dataclass(frozen=True)
class ReleaseMappings:
    """A release and its mappings: operation name -> [(module, mapping)] (more than one is an error
    the mapping check reports)."""

    release: Release
    operations: dict[str, list[tuple[str, Operation]]]


def _operations(package: ModuleType) -> dict[str, list[tuple[str, Operation]]]:
    found: dict[str, list[tuple[str, Operation]]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        mapping = getattr(module, "MAPPING", None)
        if isinstance(mapping, Operation):
            found.setdefault(mapping.name, []).append((module.__name__, mapping))
    return found


def releases() -> list[ReleaseMappings]:
    """Every release package below `mappings/` with its operations, oldest release first."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg or info.name.startswith("_"):
            continue
        package = importlib.import_module(f"{__name__}.{info.name}")
        release = getattr(package, "RELEASE", None)
        if isinstance(release, Release):
            found.append(ReleaseMappings(release, _operations(package)))
    return sorted(found, key=lambda r: r.release.name)


def release(name: str) -> ReleaseMappings:
    """One release's mappings by its name (`2011-03`)."""
    for entry in releases():
        if entry.release.name == name:
            return entry
    raise KeyError(f"no mapping package declares release {name}")
