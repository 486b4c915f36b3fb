"""`Contract.documents`: every file read, named uniquely and safely for a URL, with `links` from
each location written to the document it resolved to; http(s) imports fetched or refused."""

from __future__ import annotations

import functools
import http.server
import pathlib
import socket
import threading
from collections.abc import Iterator

import pytest

from soap_adapter.contract import Source, load
from tests.contract_model.conftest import CORPUS, Write, refused

SHIPPED = pathlib.Path(__file__).parents[2] / "soap_adapter" / "contract" / "schemas"


def test_shipped_well_known_schemas_are_the_corpus_copies() -> None:
    for name in ("soap-encoding.xsd", "xml.xsd"):
        assert (SHIPPED / name).read_bytes() == (CORPUS / "_remote-common" / name).read_bytes()


def test_files_outside_the_wsdl_folder_are_named_by_file_name() -> None:
    contract = load(CORPUS / "23-ihe-xdsb-nhin-docretrieve" / "wsdl" / "NhinDocRetrieve.wsdl")

    assert set(contract.documents) == {
        "NhinDocRetrieve.wsdl",
        "XDS.b_DocumentRepository.xsd",
        "rs.xsd",
        "rim.xsd",
        "query.xsd",
        "lcm.xsd",
        "SamlTokenData.xsd",
        "xml.xsd",
    }
    written = {
        location: target
        for document in contract.documents.values()
        for location, target in document.links.items()
    }
    assert written["../schemas/ihe/XDS.b_DocumentRepository.xsd"] == "XDS.b_DocumentRepository.xsd"
    for document in contract.documents.values():
        assert set(document.links.values()) <= set(contract.documents)


def test_names_are_unique_and_url_safe(write: Write) -> None:
    write(
        "a b/types.xsd",
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a"/>',
    )
    write(
        "../elsewhere/x/types.xsd",
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b"/>',
    )
    write(
        "../elsewhere/y/types.xsd",
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c"/>',
    )
    wsdl = write(
        "service.wsdl",
        """<?xml version="1.0"?>
        <wsdl:definitions targetNamespace="urn:s" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <wsdl:types><xs:schema targetNamespace="urn:s">
            <xs:import namespace="urn:a" schemaLocation="a%20b/types.xsd"/>
            <xs:import namespace="urn:b" schemaLocation="../elsewhere/x/types.xsd"/>
            <xs:import namespace="urn:c" schemaLocation="../elsewhere/y/types.xsd"/>
          </xs:schema></wsdl:types>
        </wsdl:definitions>
        """,
    )
    contract = load(wsdl)

    assert list(contract.documents) == ["service.wsdl", "a_b/types.xsd", "types.xsd", "types-2.xsd"]
    assert contract.documents["service.wsdl"].links == {
        "a%20b/types.xsd": "a_b/types.xsd",
        "../elsewhere/x/types.xsd": "types.xsd",
        "../elsewhere/y/types.xsd": "types-2.xsd",
    }
    assert contract.documents["types-2.xsd"].data.startswith(b"<xs:schema")


@pytest.fixture
def http_folder(tmp_path: pathlib.Path) -> Iterator[tuple[str, pathlib.Path]]:
    """A real HTTP server on a free loopback port serving a folder."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


def _importing(location: str) -> str:
    return f"""<?xml version="1.0"?>
    <wsdl:definitions targetNamespace="urn:s" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
        xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:common">
      <wsdl:types><xs:schema targetNamespace="urn:s">
        <xs:import namespace="urn:common" schemaLocation="{location}"/>
        <xs:element name="Amount" type="c:Money"/>
      </xs:schema></wsdl:types>
    </wsdl:definitions>
    """


def test_http_import_without_catalog_entry_is_fetched(
    write: Write, http_folder: tuple[str, pathlib.Path]
) -> None:
    base, folder = http_folder
    (folder / "common.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:common">'
        '<xs:simpleType name="Money"><xs:restriction base="xs:decimal"/></xs:simpleType></xs:schema>'
    )
    contract = load(write("service.wsdl", _importing(f"{base}/common.xsd")))

    assert contract.elements["{urn:s}Amount"].type.name == "{urn:common}Money"
    assert contract.documents["common.xsd"].url == f"{base}/common.xsd"
    assert contract.documents["service.wsdl"].links == {f"{base}/common.xsd": "common.xsd"}


def test_unreachable_http_import_names_the_import_file_and_line(write: Write) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    location = f"http://127.0.0.1:{port}/common.xsd"

    error = refused(write("service.wsdl", _importing(location)))

    assert error.construct == "xs:import"
    assert error.source == Source("service.wsdl", 5)
    assert f"'{location}'" in str(error) and "could not be fetched" in str(error)
