"""Spyne 2.14 on Python 3.12 and 3.13: completes the import hook of the `six` that Spyne bundles.

Spyne 2.14 bundles six 1.15 as `spyne.util.six`. Its `_SixMetaPathImporter`, the meta path
finder that makes `spyne.util.six.moves` importable, has only the PEP 302 methods
`find_module`/`load_module`. Python 3.12 dropped the fallback to `find_module` (only PEP 451
`find_spec` is called), so `import spyne` fails with "No module named 'spyne.util.six.moves'".
six 1.16 fixed the same class by adding `find_spec`, `create_module` and `exec_module`; this module
adds those three methods, with six 1.16's bodies, to Spyne's copy the moment it is defined, before
Spyne's own imports use it. Nothing else of Spyne is touched.

`soap_adapter/__init__.py` imports this module first, so it runs before any module of the package
imports Spyne. On Python 3.11 it does nothing. (Python 3.13 also removed the `cgi` module Spyne
imports; the `legacy-cgi` dependency, for 3.13 only, puts it back.)
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

SIX = "spyne.util.six"
NEEDED = sys.version_info >= (3, 12)


def _find_spec(
    self: Any, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
) -> importlib.machinery.ModuleSpec | None:
    if fullname in self.known_modules:
        return importlib.util.spec_from_loader(fullname, self)
    return None


def _create_module(self: Any, spec: importlib.machinery.ModuleSpec) -> ModuleType:
    module: ModuleType = self.load_module(spec.name)
    return module


def _exec_module(self: Any, module: ModuleType) -> None:
    """The module was made whole by `create_module` (six's `load_module`)."""


def complete(six: ModuleType) -> None:
    """Give the bundled six's importer class the PEP 451 methods it lacks."""
    importer = six._SixMetaPathImporter
    if not hasattr(importer, "find_spec"):
        importer.find_spec = _find_spec
        importer.create_module = _create_module
        importer.exec_module = _exec_module


class _CompleteWhenLoaded(importlib.abc.MetaPathFinder):
    """Finds `spyne.util.six` as usual, and completes its importer right after it executes."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != SIX:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            complete(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    """Complete the hook now if Spyne's six is loaded, else as soon as it is."""
    if not NEEDED:
        return
    if SIX in sys.modules:
        complete(sys.modules[SIX])
    elif not any(isinstance(finder, _CompleteWhenLoaded) for finder in sys.meta_path):
        sys.meta_path.insert(0, _CompleteWhenLoaded())


install()
