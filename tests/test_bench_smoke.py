"""The benchmark and the load test still run (tiny budgets): they are tools, so keep them working."""

from __future__ import annotations

import math
import subprocess
import sys

from tests._processes import POSTGRES_ADMIN_URL, backends
from tests.system import ROOT


def test_benchmark_smoke() -> None:
    """Every figure of issue 12 is produced beside both references (nothing about speed)."""
    postgres = "postgresql" in backends()
    argv = [sys.executable, str(ROOT / "bench" / "benchmark.py"), "--smoke"]
    if postgres:
        server = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
        argv += ["--postgres-url", server.replace("postgresql://", "postgresql+psycopg://", 1)]
    else:
        argv.append("--no-postgres")
    result = subprocess.run(
        argv, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    expected = [("GetOrder", "SQLite"), ("GetCustomer", "SQLite"), ("SearchCustomers", "SQLite")]
    expected += [("CreateOrder", "SQLite")]
    if postgres:
        expected += [("GetOrder", "PostgreSQL"), ("CreateOrder", "PostgreSQL")]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    ratios = [row for row in rows if row.count("|") == 7][2:]  # the ratio table, past its head
    assert [tuple(cell.strip() for cell in row.split("|")[1:3]) for row in ratios] == expected
    for row in ratios:
        for cell in row.split("|")[3:7]:
            assert math.isfinite(float(cell.replace("✗", "").strip())), row
    assert "Intel" in result.stdout or "AMD" in result.stdout or "cores" in result.stdout


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
