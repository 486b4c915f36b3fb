"""Fixtures of the wsdl-diff tests: a comparer over edited copies of the legacy contract."""

from __future__ import annotations

import pathlib

import pytest

from tests.wsdl_diff._variants import Comparer


@pytest.fixture
def compare(tmp_path: pathlib.Path) -> Comparer:
    return Comparer(tmp_path)
