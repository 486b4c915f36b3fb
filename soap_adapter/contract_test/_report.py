"""The two reports of a contract test: readable lines for people, JUnit XML for CI systems."""

from __future__ import annotations

import datetime
import pathlib
import platform
from collections.abc import Sequence

from lxml import etree

from soap_adapter.contract_test._matching import Mismatch
from soap_adapter.contract_test._replay import ExchangeResult


def describe(result: ExchangeResult) -> str:
    """One exchange's outcome; a failure shows the step and its first difference."""
    name = f"{result.exchange.name} ({result.seconds:.2f} s)"
    if result.outcome == "passed":
        return f"PASS  {name}"
    if result.error is not None:
        return f"ERROR {name}\n      {result.error}"
    assert result.failure is not None
    failure = result.failure
    lines = [
        f"FAIL  {name}: {result.exchange.title}",
        f"      step {failure.step.number}: {failure.step.request.name} -> "
        f"{failure.step.response.name} ({failure.url})",
    ]
    if isinstance(failure.problem, Mismatch):
        lines += [
            f"      at:       {failure.problem.path}",
            f"      expected: {failure.problem.expected}",
            f"      actual:   {failure.problem.actual}",
        ]
    else:
        lines.append(f"      {failure.problem}")
    return "\n".join(lines)


def summary(results: Sequence[ExchangeResult]) -> str:
    counts = {o: sum(r.outcome == o for r in results) for o in ("passed", "failed", "error")}
    noun = "exchange" if len(results) == 1 else "exchanges"
    return (
        f"{len(results)} {noun}: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['error']} errors"
    )


def junit_xml(results: Sequence[ExchangeResult], url: str) -> bytes:
    """A JUnit XML report: one testsuite per exchanges folder, one testcase per exchange."""
    root = etree.Element("testsuites", name="soap-adapter contract-test")
    suites: dict[str, etree._Element] = {}
    for result in results:
        label = result.exchange.suite
        if label not in suites:
            suites[label] = etree.SubElement(
                root,
                "testsuite",
                name=label,
                timestamp=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                hostname=platform.node(),
            )
            properties = etree.SubElement(suites[label], "properties")
            etree.SubElement(properties, "property", name="url", value=url)
        case = etree.SubElement(
            suites[label],
            "testcase",
            classname=label,
            name=result.exchange.name,
            time=f"{result.seconds:.3f}",
        )
        if result.failure is not None:
            failure = etree.SubElement(
                case, "failure", message=str(result.failure), type="Mismatch"
            )
            failure.text = describe(result)
        elif result.error is not None:
            error = etree.SubElement(case, "error", message=result.error, type="Error")
            error.text = describe(result)
    for element in [root, *suites.values()]:
        listed = list(element.iter("testcase"))
        element.set("tests", str(len(listed)))
        element.set("failures", str(sum(c.find("failure") is not None for c in listed)))
        element.set("errors", str(sum(c.find("error") is not None for c in listed)))
        element.set("skipped", "0")
        element.set("time", f"{sum(float(c.get('time', '0')) for c in listed):.3f}")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_junit(path: pathlib.Path, results: Sequence[ExchangeResult], url: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(junit_xml(results, url))
