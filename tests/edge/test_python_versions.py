"""Spyne 2.14 on every supported Python: the compatibility module completes six's hook on 3.12+."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.system import ROOT

PROBE = """
import sys
import soap_adapter, spyne
from spyne.util import six
from spyne.server.wsgi import WsgiApplication
from spyne.protocol.soap import Soap11, Soap12
hooked = any(type(f).__name__ == "_CompleteWhenLoaded" for f in sys.meta_path)
print(hasattr(six._SixMetaPathImporter, "find_spec"), hooked)
"""


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_spyne_imports_after_soap_adapter_and_nothing_changes_on_3_11() -> None:
    done = python(PROBE)
    assert done.returncode == 0, done.stderr
    completed = sys.version_info >= (3, 12)
    assert done.stdout.split() == [str(completed), str(completed)]


def test_without_the_module_spyne_does_not_import_on_3_12_and_later() -> None:
    # Why the module exists: when this starts passing on 3.12+, Spyne fixed its six and
    # soap_adapter/_spyne_compat.py can go.
    done = python("import spyne")
    if sys.version_info >= (3, 12):
        assert done.returncode != 0
        assert "No module named 'spyne.util.six.moves'" in done.stderr
    else:
        assert done.returncode == 0, done.stderr


def test_this_interpreter_is_a_supported_one() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    assert (3, 11) <= sys.version_info[:2] <= (3, 13)
