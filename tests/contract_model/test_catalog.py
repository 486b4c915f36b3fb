"""OASIS XML catalogs: every entry kind the reader follows, applied to import/include locations and
to namespace-only imports; catalog.xml beside the WSDL used without being named."""

from __future__ import annotations

import pathlib

import pytest

from soap_adapter.contract import ContractError, load
from soap_adapter.contract._catalog import Catalog
from tests.contract_model.conftest import Write

CAT = 'xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"'


def _wsdl(imports: str) -> str:
    return f"""<?xml version="1.0"?>
    <wsdl:definitions targetNamespace="urn:svc" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
        xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:common">
      <wsdl:types>
        <xs:schema targetNamespace="urn:svc">
          {imports}
          <xs:element name="Amount" type="c:Money"/>
        </xs:schema>
      </wsdl:types>
    </wsdl:definitions>
    """


COMMON = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:common">
  <xs:simpleType name="Money"><xs:restriction base="xs:decimal"/></xs:simpleType>
</xs:schema>"""

REMOTE = "https://schemas.example.invalid/common/v1/common.xsd"


@pytest.mark.parametrize(
    "entry",
    [
        f'<uri name="{REMOTE}" uri="local/common.xsd"/>',
        f'<system systemId="{REMOTE}" uri="local/common.xsd"/>',
        '<rewriteURI uriStartString="https://schemas.example.invalid/common/" rewritePrefix="local/byversion/"/>',
        '<rewriteSystem systemIdStartString="https://schemas.example.invalid/" rewritePrefix="local/bysite/"/>',
        '<uriSuffix uriSuffix="/v1/common.xsd" uri="local/common.xsd"/>',
        '<systemSuffix systemIdSuffix="common.xsd" uri="local/common.xsd"/>',
        '<group xml:base="local/"><uri name="' + REMOTE + '" uri="common.xsd"/></group>',
    ],
    ids=[
        "uri",
        "system",
        "rewriteURI",
        "rewriteSystem",
        "uriSuffix",
        "systemSuffix",
        "group-xml-base",
    ],
)
def test_catalog_entry_maps_a_remote_location(
    write: Write, tmp_path: pathlib.Path, entry: str
) -> None:
    for path in (
        "local/common.xsd",
        "local/byversion/v1/common.xsd",
        "local/bysite/common/v1/common.xsd",
    ):
        write(f"catalogs/{path}", COMMON)
    catalog = write("catalogs/catalog.xml", f"<catalog {CAT}>{entry}</catalog>")
    wsdl = write(
        "service.wsdl", _wsdl(f'<xs:import namespace="urn:common" schemaLocation="{REMOTE}"/>')
    )

    contract = load(wsdl, catalog=catalog)

    assert contract.elements["{urn:svc}Amount"].type.name == "{urn:common}Money"
    [(name, document)] = [(n, d) for n, d in contract.documents.items() if d.kind == "xsd"]
    assert document.url.startswith(str(tmp_path / "catalogs" / "local"))
    # the served WSDL points at the edge's copy, named here; clients never need the catalog
    assert contract.documents["service.wsdl"].links == {REMOTE: name}


def test_namespace_only_import_looked_up_as_a_uri(write: Write) -> None:
    write("common.xsd", COMMON)
    write("catalog.xml", f'<catalog {CAT}><uri name="urn:common" uri="common.xsd"/></catalog>')
    wsdl = write("service.wsdl", _wsdl('<xs:import namespace="urn:common"/>'))

    contract = load(wsdl)  # catalog.xml beside the WSDL, not named

    assert contract.elements["{urn:svc}Amount"].type.name == "{urn:common}Money"
    assert contract.documents["service.wsdl"].links == {}  # nothing written to rewrite


def test_next_catalog_is_followed_and_relative_to_its_file(write: Write) -> None:
    write("deep/copies/common.xsd", COMMON)
    write(
        "deep/second.xml",
        f'<catalog {CAT}><uri name="urn:common" uri="copies/common.xsd"/></catalog>',
    )
    first = write("first.xml", f'<catalog {CAT}><nextCatalog catalog="deep/second.xml"/></catalog>')
    wsdl = write("service.wsdl", _wsdl('<xs:import namespace="urn:common"/>'))

    contract = load(wsdl, catalog=first)

    assert contract.elements["{urn:svc}Amount"].type.name == "{urn:common}Money"


def test_longest_rewrite_prefix_wins_and_exact_entries_first(write: Write) -> None:
    catalog = Catalog(
        write(
            "catalog.xml",
            f"""<catalog {CAT}>
              <rewriteURI uriStartString="http://a/" rewritePrefix="short/"/>
              <rewriteURI uriStartString="http://a/b/" rewritePrefix="long/"/>
              <uri name="http://a/b/x.xsd" uri="exact.xsd"/>
              <public publicId="-//Example//Schema" uri="public.xsd"/>
            </catalog>""",
        )
    )

    assert (
        catalog.resolve(
            "http://a/b/y.xsd",
        )
        is not None
    )
    assert str(catalog.resolve("http://a/b/y.xsd")).endswith("/long/y.xsd")
    assert str(catalog.resolve("http://a/c.xsd")).endswith("/short/c.xsd")
    assert str(catalog.resolve("http://a/b/x.xsd")).endswith("/exact.xsd")
    assert str(catalog.resolve("-//Example//Schema")).endswith("/public.xsd")
    assert catalog.resolve("http://elsewhere/") is None


def test_broken_catalog_is_a_contract_error(write: Write) -> None:
    catalog = write("catalog.xml", "<catalog")
    wsdl = write("service.wsdl", _wsdl(""))

    with pytest.raises(ContractError, match="catalog"):
        load(wsdl, catalog=catalog)


def test_catalog_with_a_doctype_or_without_namespace_reads(write: Write) -> None:
    """Catalogs as OASIS's examples write them (a DOCTYPE naming a remote DTD, never fetched) and
    as some tools write them (no namespace)."""
    write("common.xsd", COMMON)
    doctype = write(
        "doctype.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE catalog PUBLIC "-//OASIS//DTD Entity Resolution XML '
        'Catalog V1.0//EN" "http://www.oasis-open.org/committees/entity/release/1.0/catalog.dtd">\n'
        f'<catalog {CAT}><uri name="urn:common" uri="common.xsd"/></catalog>',
    )
    bare = write("bare.xml", '<catalog><uri name="urn:common" uri="common.xsd"/></catalog>')
    wsdl = write("service.wsdl", _wsdl('<xs:import namespace="urn:common"/>'))

    for catalog in (doctype, bare):
        assert (
            load(wsdl, catalog=catalog).elements["{urn:svc}Amount"].type.name == "{urn:common}Money"
        )
