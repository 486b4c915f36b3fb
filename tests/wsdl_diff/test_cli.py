"""`python -m soap_adapter.wsdl_diff`: one line per difference, a summary, and exit 0, 1 or 2."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

from tests.wsdl_diff._variants import LEGACY_WSDL, Docs, new_element, write_variant

ROOT = LEGACY_WSDL.parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "soap_adapter.wsdl_diff", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )


def test_the_legacy_contract_against_itself_exits_0() -> None:
    result = run(str(LEGACY_WSDL), str(LEGACY_WSDL))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "0 difference(s): 0 breaking, 0 compatible\n",
        "",
    )


def test_compatible_differences_exit_0(tmp_path: pathlib.Path) -> None:
    def add_priority(d: Docs) -> None:
        d.element("CreateOrder", "ClientReference").addnext(new_element("Priority", minOccurs="0"))

    result = run(str(LEGACY_WSDL), str(write_variant(tmp_path / "new", add_priority)))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "ok        CreateOrder/request/Priority: element Priority: absent -> xs:string [0..1]",
        "1 difference(s): 0 breaking, 1 compatible",
    ]


def test_breaking_differences_exit_1_in_text_and_json(tmp_path: pathlib.Path) -> None:
    def drop_balance(d: Docs) -> None:
        d.remove(d.element("Customer", "Balance"))
        d.element("CreateOrder", "ClientReference").addnext(new_element("Priority", minOccurs="0"))

    new = str(write_variant(tmp_path / "new", drop_balance))
    text = run(str(LEGACY_WSDL), new)
    assert text.returncode == 1
    assert (
        "BREAKING  GetCustomer/response/GetCustomerResult/Balance: element Balance (Money [1..1]) -> absent"
        in text.stdout.splitlines()
    )
    assert text.stdout.splitlines()[-1] == "3 difference(s): 2 breaking, 1 compatible"
    as_json = run(str(LEGACY_WSDL), new, "--format", "json")
    assert as_json.returncode == 1
    document = json.loads(as_json.stdout)
    assert (document["total"], document["breaking"]) == (3, 2)
    assert document["differences"][0] == {
        "path": "GetCustomer/response/GetCustomerResult/Balance",
        "kind": "element-removed",
        "direction": "response",
        "breaking": True,
        "message": "element Balance (Money [1..1]) -> absent",
    }


def assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("wsdl-diff: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr


def test_usage_and_load_errors_exit_2_with_one_line(tmp_path: pathlib.Path) -> None:
    assert_one_line_error(run(), "the following arguments are required: OLD, NEW")
    assert_one_line_error(
        run(str(LEGACY_WSDL), str(LEGACY_WSDL), "--format", "yaml"), "invalid choice: 'yaml'"
    )
    assert_one_line_error(
        run(str(LEGACY_WSDL), str(tmp_path / "nope.wsdl")),
        "nope.wsdl:0: the WSDL cannot be read: No such file or directory",
    )
    (tmp_path / "broken.wsdl").write_text("<wsdl:definitions")
    assert_one_line_error(
        run(str(tmp_path / "broken.wsdl"), str(LEGACY_WSDL)), "not well-formed XML"
    )
    assert_one_line_error(
        run(str(LEGACY_WSDL), "http://127.0.0.1:9/OrderService.wsdl"),
        "the address http://127.0.0.1:9/OrderService.wsdl could not be fetched",
    )


def test_help_exits_0() -> None:
    result = run("--help")
    assert result.returncode == 0 and "OLD" in result.stdout and "--format" in result.stdout
