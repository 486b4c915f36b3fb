"""The benchmark and the load test still run (tiny budgets): they are tools, so keep them working."""

from __future__ import annotations

import subprocess
import sys

from tests.system import ROOT


def test_benchmark_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "benchmark.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for heading in ("CPU per call and throughput", "Added latency", "Memory"):
        assert heading in result.stdout
    assert "| GetOrder |" in result.stdout


def test_load_test_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_test.py"), "--clients", "2", "--seconds", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "errors: 0" in result.stdout and "audit: clean" in result.stdout


def test_strangler_benchmark_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "strangler.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| GetCustomer | `legacy` |" in result.stdout
    assert "| GetOrder | `shadow` |" in result.stdout
    assert "comparisons/s" in result.stdout
