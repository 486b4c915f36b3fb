"""`soap-adapter contract-test`, run as an operator runs it against a running deployment."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess

from lxml import etree

from tests.system import BIN, ROOT, System

EXCHANGES = ROOT / "contract_fixtures" / "2011-03" / "exchanges"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DIGEST_TOKEN = (
    f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"><wsse:UsernameToken>'
    "<wsse:Username>backoffice</wsse:Username>"
    '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/'
    'oasis-200401-wss-username-token-profile-1.0#PasswordDigest">'
    "{{wsse:digest:Winter2011!}}</wsse:Password>"
    "<wsse:Nonce>{{wsse:nonce}}</wsse:Nonce><wsu:Created>{{wsse:created}}</wsu:Created>"
    "</wsse:UsernameToken></wsse:Security>"
)


def contract_test(
    system: System, *args: str, cwd: pathlib.Path = ROOT
) -> subprocess.CompletedProcess[str]:
    reset = f"'{BIN / 'rest-core'}' load-legacy '{ROOT / 'contract_fixtures' / '2011-03' / 'seed'}' --reset"
    return subprocess.run(
        [str(BIN / "soap-adapter"), "contract-test", *args, "--reset", reset],
        env=system.env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def junit(path: pathlib.Path) -> etree._Element:
    root = etree.parse(str(path)).getroot()
    assert root.tag == "testsuites"
    for element in [root, *root.iter("testsuite")]:
        cases = list(element.iter("testcase"))
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(sum(c.find("failure") is not None for c in cases))
        assert element.get("errors") == str(sum(c.find("error") is not None for c in cases))
    return root


def test_the_2011_03_exchanges_pass_against_the_running_system(
    system: System, tmp_path: pathlib.Path
) -> None:
    count = len(list(EXCHANGES.glob("*/exchange.json")))
    done = contract_test(system, system.soap_url, "--junit", str(tmp_path / "contract.xml"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{count} exchanges: {count} passed, 0 failed, 0 errors" in done.stdout
    assert done.stdout.count("PASS  ") == count
    report = junit(tmp_path / "contract.xml")
    assert report.get("tests") == str(count) and report.get("failures") == "0"
    names = {case.get("name") for case in report.iter("testcase")}
    assert "001-get-customer" in names and "018-schema-invalid-id" in names


def test_a_wrong_expectation_fails_with_the_first_difference(
    system: System, tmp_path: pathlib.Path
) -> None:
    exchanges = tmp_path / "exchanges"
    shutil.copytree(EXCHANGES / "001-get-customer", exchanges / "001-get-customer")
    wrong = exchanges / "011-create-order-then-read-it"
    shutil.copytree(EXCHANGES / wrong.name, wrong)
    response = wrong / "02-response.xml"
    text = response.read_text(encoding="utf-8")
    assert "<t:Status>Confirmed</t:Status>" in text
    response.write_text(text.replace("<t:Status>Confirmed<", "<t:Status>Shipped<"), "utf-8")

    done = contract_test(
        system,
        system.soap_url,
        "--exchanges",
        str(exchanges),
        "--junit",
        str(tmp_path / "out" / "contract.xml"),
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^PASS  001-get-customer", done.stdout, re.M)
    failure = done.stdout[done.stdout.index("FAIL  011-create-order-then-read-it") :]
    assert "step 2: 02-request.xml -> 02-response.xml" in failure
    assert "at:       Body/GetOrderResponse[1]/GetOrderResult[1]/Status[4]" in failure
    assert "expected: 'Shipped'" in failure and "actual:   'Confirmed'" in failure
    assert "2 exchanges: 1 passed, 1 failed, 0 errors" in done.stdout

    report = junit(tmp_path / "out" / "contract.xml")
    assert (report.get("tests"), report.get("failures")) == ("2", "1")
    cases = {case.get("name"): case for case in report.iter("testcase")}
    assert cases["001-get-customer"].find("failure") is None
    failed = cases["011-create-order-then-read-it"].find("failure")
    assert failed is not None and "Status[4]: expected 'Shipped', got 'Confirmed'" in (
        failed.get("message") or ""
    )


def write_exchange(folder: pathlib.Path, steps: list[dict[str, object]]) -> None:
    """An exchange of GetCustomer calls with a fresh PasswordDigest token each."""
    folder.mkdir(parents=True)
    original = EXCHANGES / "001-get-customer"
    request = (original / "01-request.xml").read_text(encoding="utf-8")
    request = re.sub(r"<wsse:Security.*?</wsse:Security>", DIGEST_TOKEN, request, flags=re.S)
    assert "{{wsse:digest:" in request
    meta = json.loads((original / "exchange.json").read_text(encoding="utf-8"))
    listed = []
    for number, extra in enumerate(steps, 1):
        (folder / f"{number:02d}-request.xml").write_text(request, encoding="utf-8")
        shutil.copy(original / "01-response.xml", folder / f"{number:02d}-response.xml")
        listed.append(
            {
                **meta["steps"][0],
                "request": f"{number:02d}-request.xml",
                "response": f"{number:02d}-response.xml",
                **extra,
            }
        )
    (folder / "exchange.json").write_text(json.dumps({"title": "digest", "steps": listed}))


def test_step_paths_and_fresh_password_digests(system: System, tmp_path: pathlib.Path) -> None:
    # The URL names an address that is not served: only the steps' "path" reaches the edge. Two
    # steps with a digest token each pass only with a fresh nonce each (a replay is refused).
    elsewhere = f"{system.soap_base}/v9/OrderService.asmx"
    on_path = tmp_path / "100-digest-on-path"
    write_exchange(on_path, [{"path": "/OrderService.asmx"}, {"path": "/OrderService.asmx"}])
    done = contract_test(system, elsewhere, "--exchanges", str(on_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 exchange: 1 passed" in done.stdout

    # A step without "path" goes to the URL itself.
    to_url = tmp_path / "101-digest-to-url"
    write_exchange(to_url, [{"path": "/OrderService.asmx"}, {}])
    done = contract_test(system, elsewhere, "--exchanges", str(to_url))
    assert done.returncode == 1
    assert f"step 2: 02-request.xml -> 02-response.xml ({elsewhere})" in done.stdout


def test_usage_errors_exit_2(system: System, tmp_path: pathlib.Path) -> None:
    for args in (
        ["not-a-url"],
        [system.soap_url, "--exchanges", str(tmp_path / "missing")],
        [system.soap_url, "--exchanges", str(tmp_path)],  # a folder without exchanges
        [system.soap_url, "--bogus"],
    ):
        done = contract_test(system, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "soap-adapter" in done.stderr


def test_a_failing_reset_is_an_error_not_a_pass(system: System, tmp_path: pathlib.Path) -> None:
    done = subprocess.run(
        [
            str(BIN / "soap-adapter"),
            "contract-test",
            system.soap_url,
            "--exchanges",
            str(EXCHANGES / "001-get-customer"),
            "--reset",
            "echo the seed is gone >&2; exit 3",
            "--junit",
            str(tmp_path / "contract.xml"),
        ],
        env=system.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "reset command exited 3: the seed is gone" in done.stdout
    assert junit(tmp_path / "contract.xml").get("errors") == "1"
