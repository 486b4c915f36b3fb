"""The whole system under test: a REST core and a SOAP edge as real processes on loopback."""

from __future__ import annotations

import dataclasses
import pathlib
import urllib.parse
from functools import cache

from lxml import etree

import mappings
from soap_adapter import Release
from tests._processes import BIN as BIN  # re-exported for the tests
from tests._processes import ROOT as ROOT
from tests._processes import seed

WSDL = ROOT / "wsdl" / "2011-03" / "OrderService.wsdl"
OPERATOR = ("backoffice", "Winter2011!")
READER = ("acme-portal", "acme-portal-pw")
XS = "http://www.w3.org/2001/XMLSchema"
ENVELOPES = ("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")


@cache
def contract_schema(contract: str = "wsdl/2011-03") -> etree.XMLSchema:
    """A release's WSDL inline schema with the XSD it imports, straight from its copy in wsdl/."""
    wsdl_path = ROOT / contract / "OrderService.wsdl"
    wsdl = etree.parse(str(wsdl_path))
    inline = wsdl.find(f"{{http://schemas.xmlsoap.org/wsdl/}}types/{{{XS}}}schema")
    doc = etree.fromstring(etree.tostring(inline), base_url=str(wsdl_path))
    return etree.XMLSchema(etree.ElementTree(doc))


def release_at(url: str) -> Release:
    """The release served at `url`'s path (2011-03 for any other path)."""
    path = urllib.parse.urlsplit(url).path
    releases = [entry.release for entry in mappings.releases()]
    return next((r for r in releases if r.path == path), releases[0])


def assert_schema_valid(envelope: bytes, url: str = "/OrderService.asmx") -> None:
    """A success body, or a fault's detail, must be valid against the XSD of the release at
    `url` (2011-03 by default)."""
    root = etree.fromstring(envelope)
    body = next(c for c in root if etree.QName(c).localname == "Body")
    (payload,) = list(body)
    if etree.QName(payload).localname == "Fault" and etree.QName(payload).namespace in ENVELOPES:
        details = [c for c in payload if etree.QName(c).localname in ("detail", "Detail")]
        payload_elements = [child for d in details for child in d]
    else:
        payload_elements = [payload]
    schema = contract_schema(release_at(url).contract)
    for element in payload_elements:
        assert schema.validate(element), f"not valid against the XSD: {schema.error_log}"


@dataclasses.dataclass
class System:
    backend: str
    database_url: str
    rest_url: str
    soap_base: str
    env: dict[str, str]
    logs: pathlib.Path  # rest-core.log and soap-adapter.log are here

    @property
    def soap_url(self) -> str:
        """Release 2011-03's address."""
        return f"{self.soap_base}/OrderService.asmx"

    def url(self, release: Release) -> str:
        """The address `release` is served at."""
        return f"{self.soap_base}{release.path}"

    def reset(self) -> None:
        """Back to exactly the seed state, as the contract tests do before each exchange."""
        seed(self.env, self.logs)

    assert_schema_valid = staticmethod(assert_schema_valid)
