"""Contracts over HTTP: the WSDL by URL, its schemaLocation fetched relative to that URL."""

from __future__ import annotations

import http.server
import pathlib
import threading
from collections.abc import Iterator
from functools import partial

import pytest

from soap_adapter.wsdl_diff import main
from tests.wsdl_diff._variants import LEGACY_WSDL, Docs, write_variant


class _Served:
    def __init__(self, root: pathlib.Path, port: int) -> None:
        self.root, self.port = root, port
        self.requested: list[str] = []

    def url(self, path: pathlib.Path, query: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.relative_to(self.root).as_posix()}{query}"


@pytest.fixture
def served(tmp_path: pathlib.Path) -> Iterator[_Served]:
    record: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            record.append(self.path)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    result = _Served(tmp_path, server.server_address[1])
    result.requested = record
    yield result
    server.shutdown()
    server.server_close()
    thread.join(5)


def lower_name(d: Docs) -> None:
    d.element("Customer", "Name").set("minOccurs", "0")


def test_urls_and_schema_locations_over_http(
    served: _Served, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_variant(tmp_path / "old")
    new = write_variant(tmp_path / "new", lower_name)
    assert main([served.url(old, "?wsdl"), served.url(old)]) == 0
    assert capsys.readouterr().out == "0 difference(s): 0 breaking, 0 compatible\n"
    assert main([served.url(old), served.url(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "BREAKING  GetCustomer/response/GetCustomerResult/Name: minOccurs 1 -> 0",
        "BREAKING  SearchCustomers/response/SearchCustomersResult/Customers/Customer/Name: minOccurs 1 -> 0",
        "2 difference(s): 2 breaking, 0 compatible",
    ]
    assert "/old/OrderTypes.xsd" in served.requested and "/new/OrderTypes.xsd" in served.requested


def test_a_file_against_a_url(served: _Served, tmp_path: pathlib.Path) -> None:
    assert main([str(LEGACY_WSDL), served.url(write_variant(tmp_path / "same"))]) == 0


def test_a_missing_schema_on_the_server_is_a_load_error(
    served: _Served, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wsdl = write_variant(tmp_path / "broken")
    (tmp_path / "broken" / "OrderTypes.xsd").unlink()
    assert main([str(LEGACY_WSDL), served.url(wsdl)]) == 2
    err = capsys.readouterr().err
    assert (
        err.count("\n") == 1 and "broken/OrderTypes.xsd could not be fetched (HTTP Error 404" in err
    )


def test_a_remote_contract_cannot_make_the_checker_read_local_files(
    served: _Served, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wsdl = write_variant(tmp_path / "evil")
    wsdl.write_text(
        wsdl.read_text().replace(
            'schemaLocation="OrderTypes.xsd"',
            f'schemaLocation="{(LEGACY_WSDL.parent / "OrderTypes.xsd").as_uri()}"',
        )
    )
    assert main([str(LEGACY_WSDL), served.url(wsdl)]) == 2
    assert "refuses to follow 'file://" in capsys.readouterr().err


def test_lxml_itself_fetches_nothing(
    served: _Served, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dtd").mkdir()
    (tmp_path / "dtd" / "entities.dtd").write_text('<!ENTITY x "x">')
    text = LEGACY_WSDL.read_text().replace(
        "<wsdl:definitions",
        f'<!DOCTYPE wsdl:definitions SYSTEM "{served.url(tmp_path / "dtd" / "entities.dtd")}">\n<wsdl:definitions',
        1,
    )
    (tmp_path / "dtd" / "OrderService.wsdl").write_text(text)
    assert main([str(LEGACY_WSDL), str(tmp_path / "dtd" / "OrderService.wsdl")]) == 2
    assert "DTDs and entities are refused" in capsys.readouterr().err
    assert served.requested == []
