"""The corpus round trip's report: per contract, its operations and how many passed."""

from __future__ import annotations

import collections
import re

import pytest

_RESULTS: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
_ID = re.compile(
    r"test_round_trip\[(?P<contract>\d\d-[^-]+(?:-[^-]+)*?)-(?P<operation>[^-\[\]]+)\]$"
)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    found = _ID.search(report.nodeid)
    if found is None:
        return
    counts = _RESULTS[found["contract"]]
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        if hasattr(report, "wasxfail"):
            counts["xfailed" if report.skipped else "xpassed"] += 1
        else:
            counts[report.outcome] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _RESULTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("corpus round trip: operations per contract")
    write(f"{'contract':<32} {'operations':>10} {'passed':>7} {'xfailed':>8} {'failed':>7}")
    total: collections.Counter[str] = collections.Counter()
    for contract in sorted(_RESULTS):
        counts = _RESULTS[contract]
        operations = sum(counts.values())
        total.update(counts)
        failed = counts["failed"] + counts["xpassed"]
        write(
            f"{contract:<32} {operations:>10} {counts['passed']:>7} {counts['xfailed']:>8} "
            f"{failed:>7}"
        )
    failed = total["failed"] + total["xpassed"]
    write(
        f"{'all':<32} {sum(total.values()):>10} {total['passed']:>7} {total['xfailed']:>8} "
        f"{failed:>7}"
    )
