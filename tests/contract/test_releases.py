"""Every release as a client fetches it: its own WSDL, XSD and service page at its own address."""

from __future__ import annotations

import itertools
import pathlib

import pytest
import requests
import zeep
from lxml import etree

import mappings
from soap_adapter import Release
from tests import soap_requests as soap
from tests.system import OPERATOR, ROOT, System

RELEASES = [entry.release for entry in mappings.releases()]


@pytest.fixture(params=RELEASES, ids=[r.name for r in RELEASES])
def release(request: pytest.FixtureRequest) -> Release:
    return request.param  # type: ignore[no-any-return]


def address(system: System, release: Release) -> str:
    return system.soap_base + release.path


def test_the_wsdl_is_the_contract_with_absolute_addresses(system: System, release: Release) -> None:
    url = address(system, release)
    response = requests.get(url + "?wsdl", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    published = (ROOT / release.contract / release.wsdl).read_bytes()
    placeholder = published.split(b'<soap:address location="', 1)[1].split(b'"', 1)[0]
    expected = published.replace(
        b'location="' + placeholder + b'"', f'location="{url}"'.encode()
    ).replace(
        b'schemaLocation="OrderTypes.xsd"',
        f'schemaLocation="{url}?xsd=OrderTypes.xsd"'.encode(),
    )
    assert response.content == expected


def test_a_saved_copy_of_the_wsdl_still_finds_its_schema(
    system: System, release: Release, tmp_path: pathlib.Path
) -> None:
    # What Axis 1.4 users do: save the WSDL, generate from the file (issue 13 item 5).
    saved = tmp_path / "OrderService.wsdl"
    saved.write_bytes(requests.get(address(system, release) + "?wsdl", timeout=10).content)
    client = zeep.Client(str(saved))
    operations = {
        name
        for service in client.wsdl.services.values()
        for port in service.ports.values()
        for name in port.binding._operations
    }
    assert operations == set(mappings.release(release.name).operations), (
        "the saved WSDL does not describe the release's operations"
    )


def test_the_schema_is_served_beside_the_address_and_as_xsd_query(
    system: System, release: Release
) -> None:
    xsd = (ROOT / release.contract / "OrderTypes.xsd").read_bytes()
    folder = release.path.rsplit("/", 1)[0]
    for url in (
        f"{system.soap_base}{folder}/OrderTypes.xsd",
        f"{address(system, release)}?xsd=OrderTypes.xsd",
    ):
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, url
        assert response.content == xsd, url
    missing = requests.get(f"{address(system, release)}?xsd=Other.xsd", timeout=10)
    assert missing.status_code == 404


def test_the_address_answers_a_page_that_links_the_wsdl(system: System, release: Release) -> None:
    response = requests.get(address(system, release), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>OrderService</h1>" in response.text
    assert release.name in response.text
    assert "href='?wsdl'" in response.text


def test_each_address_speaks_only_its_own_release(system: System) -> None:
    """Another release's namespace is an unknown operation; its action names no operation here."""
    for here, other in itertools.permutations(RELEASES, 2):
        other_tns = _tns(other)
        body = soap.envelope(
            f'<o:GetCustomer xmlns:o="{other_tns}"><o:CustomerId>C-000101</o:CustomerId>'
            "</o:GetCustomer>",
            headers=soap.text_token(*OPERATOR),
        )
        unknown = soap.post(address(system, here), body, action=f"{other_tns}/GetCustomer")
        assert unknown.status_code == 500
        assert f"Unknown operation {{{other_tns}}}GetCustomer." in unknown.text
        assert "<detail>" not in unknown.text and "soap:Client" in unknown.text
        own = soap.envelope(
            f'<o:GetCustomer xmlns:o="{_tns(here)}"><o:CustomerId>C-000101</o:CustomerId>'
            "</o:GetCustomer>",
            headers=soap.text_token(*OPERATOR),
        )
        mismatch = soap.post(address(system, here), own, action=f"{other_tns}/GetCustomer")
        assert mismatch.status_code == 500
        assert f"The action {other_tns}/GetCustomer does not match" in mismatch.text
        fine = soap.post(address(system, here), own, action=f"{_tns(here)}/GetCustomer")
        assert fine.status_code == 200
        system.assert_schema_valid(fine.content, address(system, here))


def _tns(release: Release) -> str:
    return str(
        etree.parse(str(ROOT / release.contract / release.wsdl)).getroot().get("targetNamespace")
    )


def test_serve_wsdl_replaces_the_copy_of_the_release_with_its_namespace(
    system: System, tmp_path: pathlib.Path
) -> None:
    """`soap-adapter serve --wsdl FILE` serves FILE in place of the copy of the release whose
    namespace it has; a WSDL of no served release stops the start with a message."""
    import shutil
    import subprocess

    from tests._processes import ServerProcess, free_port
    from tests.system import BIN

    v2 = next(r for r in RELEASES if r.name == "2026-12")
    for name in ("OrderService.wsdl", "OrderTypes.xsd"):
        shutil.copy(ROOT / v2.contract / name, tmp_path / name)
    edited = (
        (tmp_path / "OrderService.wsdl")
        .read_bytes()
        .replace(b"release 2026-12, served beside", b"release 2026-12 (edited copy), served beside")
    )
    (tmp_path / "OrderService.wsdl").write_bytes(edited)
    port = free_port()
    with ServerProcess(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--port",
            str(port),
            "--rest-url",
            system.rest_url,
            "--workers",
            "1",
            "--wsdl",
            str(tmp_path / "OrderService.wsdl"),
        ],
        env=system.env,
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=tmp_path / "edge.log",
        cwd=tmp_path,
    ) as edge:
        served = requests.get(f"{edge.base_url}{v2.path}?wsdl", timeout=10).content
        assert b"(edited copy)" in served
        legacy = requests.get(f"{edge.base_url}/OrderService.asmx?wsdl", timeout=10).content
        assert b"(edited copy)" not in legacy and b"release 2011-03" in legacy
    foreign = tmp_path / "Foreign.wsdl"
    foreign.write_bytes(edited.replace(b"/2026/12", b"/2099/01"))
    done = subprocess.run(
        [
            str(BIN / "soap-adapter"),
            "serve",
            "--port",
            str(free_port()),
            "--rest-url",
            system.rest_url,
            "--wsdl",
            str(foreign),
        ],
        env=system.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3
    assert "is the namespace of no release in mappings/" in done.stderr
