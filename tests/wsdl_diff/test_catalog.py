"""`--catalog FILE`: a schema whose address cannot be reached is read from the copy an OASIS
catalog names, as `wsimport -catalog` does; a `catalog.xml` beside the WSDL is used unnamed."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from soap_adapter.wsdl_diff import main
from tests.wsdl_diff._variants import LEGACY, LEGACY_WSDL

UNREACHABLE = "http://127.0.0.1:9/schemas/OrderTypes.xsd"  # the discard port: refused at once


def catalog(target: pathlib.Path) -> str:
    return f"""<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="{UNREACHABLE}" uri="{target.as_uri()}"/>
</catalog>
"""


@pytest.fixture
def remote(tmp_path: pathlib.Path) -> pathlib.Path:
    """The legacy WSDL with its schema at an address nothing answers; the schema in `local/`."""
    (tmp_path / "service").mkdir()
    (tmp_path / "local").mkdir()
    shutil.copy(LEGACY / "OrderTypes.xsd", tmp_path / "local" / "OrderTypes.xsd")
    wsdl = tmp_path / "service" / "OrderService.wsdl"
    wsdl.write_text(
        LEGACY_WSDL.read_text().replace(
            'schemaLocation="OrderTypes.xsd"', f'schemaLocation="{UNREACHABLE}"'
        )
    )
    return wsdl


def test_an_unreachable_import_is_read_through_the_catalog(
    remote: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "orders-catalog.xml").write_text(catalog(tmp_path / "local" / "OrderTypes.xsd"))
    assert main([str(LEGACY_WSDL), str(remote)]) == 2
    assert UNREACHABLE in capsys.readouterr().err
    assert (
        main([str(LEGACY_WSDL), str(remote), "--catalog", str(tmp_path / "orders-catalog.xml")])
        == 0
    )
    assert capsys.readouterr().out == "0 difference(s): 0 breaking, 0 compatible\n"


def test_a_catalog_beside_the_wsdl_is_used_without_being_named(
    remote: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (remote.parent / "catalog.xml").write_text(catalog(tmp_path / "local" / "OrderTypes.xsd"))
    assert main([str(remote), str(LEGACY_WSDL)]) == 0
    assert capsys.readouterr().out == "0 difference(s): 0 breaking, 0 compatible\n"
