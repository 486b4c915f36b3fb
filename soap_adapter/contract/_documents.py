"""The files of a contract: where an import points (catalog first), reading it once, naming it.

Document names (`Document.name`, the name the edge serves a file under): a file in the WSDL's
folder or below it keeps its path relative to that folder, `/` and all (`Service10.xsd`,
`schemas/Orders.xsd`); a file elsewhere (`../schemas/rim.xsd`, a catalog's copy, a schema shipped
with the adapter, an http URL) is named by its last path segment. Characters outside
`A-Za-z0-9._~/-` become `_`, and a name already taken gets `-2`, `-3`, ... before its extension.
"""

from __future__ import annotations

import pathlib
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Literal

from lxml import etree

from soap_adapter.contract._catalog import Catalog, to_url
from soap_adapter.contract._errors import ContractError
from soap_adapter.contract._model import Document, Source

XML_NS = "http://www.w3.org/XML/1998/namespace"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"

_SHIPPED = pathlib.Path(__file__).parent / "schemas"
# Namespaces imported without a location (or at addresses that are down or blocked) whose schema
# the adapter ships: used when the catalog has no entry for them.
WELL_KNOWN = {
    SOAP_ENC: _SHIPPED / "soap-encoding.xsd",
    XML_NS: _SHIPPED / "xml.xsd",
}
_WELL_KNOWN_LOCATIONS = {
    "http://schemas.xmlsoap.org/soap/encoding/": SOAP_ENC,
    "https://schemas.xmlsoap.org/soap/encoding/": SOAP_ENC,
    "http://www.w3.org/2001/xml.xsd": XML_NS,
    "https://www.w3.org/2001/xml.xsd": XML_NS,
}
FETCH_TIMEOUT = 5.0  # seconds for one http(s) import that no catalog entry maps

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False)
_UNSAFE = re.compile(r"[^A-Za-z0-9._~/-]")


class Loader:
    """Reads each file of a contract once and keeps it as a `Document`."""

    def __init__(self, wsdl: pathlib.Path | str, catalog: Catalog | None) -> None:
        self.folder = wsdl.resolve().parent if isinstance(wsdl, pathlib.Path) else None
        self._remote: set[str] = set()  # the names of documents read over http(s)
        self.catalog = catalog
        self.documents: dict[str, Document] = {}  # by name, in the order read
        self._by_url: dict[str, tuple[Document, etree._Element]] = {}

    def main(self, wsdl: pathlib.Path | str) -> tuple[Document, etree._Element]:
        if isinstance(wsdl, str):  # an http(s) URL
            return self.read(wsdl, "wsdl", "wsdl", wsdl, Source(wsdl, 0))
        url = to_url(wsdl)
        try:
            data = wsdl.read_bytes()
        except OSError as exc:
            raise ContractError(
                f"the WSDL cannot be read: {exc.strerror or exc}", "wsdl", Source(str(wsdl), 0)
            ) from exc
        return self._keep(url, data, "wsdl")

    def locate(self, location: str | None, namespace: str | None, base: str) -> str | None:
        """The URL an import/include points to: the catalog's entry for the location as written,
        for it made absolute, or for the namespace; then the shipped copy of a well-known
        namespace; then the location itself, relative to the importing document. None for a
        namespace-only import nothing maps."""
        absolute = urllib.parse.urljoin(base, location) if location else None
        if self.catalog is not None:
            for name in (location, absolute, namespace):
                if name:
                    found = self.catalog.resolve(name)
                    if found is not None:
                        return found
        remote = absolute is not None and not absolute.startswith("file:")
        known = namespace if namespace in WELL_KNOWN else _WELL_KNOWN_LOCATIONS.get(absolute or "")
        if (absolute is None or remote) and known in WELL_KNOWN:
            return WELL_KNOWN[known].as_uri()
        return absolute

    def read(
        self,
        url: str,
        kind: Literal["wsdl", "xsd"],
        construct: str,
        written: str,
        source: Source,
    ) -> tuple[Document, etree._Element]:
        """The document at `url` (read once), for `construct` written as `written` at `source`."""
        if url in self._by_url:
            return self._by_url[url]
        if source.file in self._remote and urllib.parse.urlsplit(written).scheme == "file":
            # A served contract must not make the reader open local files.
            raise ContractError(
                f"{construct} refuses to follow '{written}' from a remote document",
                construct,
                source,
            )
        if url.startswith("file:"):
            try:
                data = pathlib.Path(
                    urllib.parse.unquote(urllib.parse.urlparse(url).path)
                ).read_bytes()
            except OSError as exc:
                raise ContractError(
                    f"{construct} '{written}' cannot be read ({url}): {exc.strerror or exc}",
                    construct,
                    source,
                ) from exc
        elif url.startswith(("http://", "https://")):
            try:
                with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:
                    data = answer.read()
            except (OSError, urllib.error.URLError, ValueError) as exc:
                raise ContractError(
                    f"{construct} '{written}': the address {url} could not be fetched ({exc}) and "
                    "no catalog entry maps it; give a catalog (--catalog FILE, or catalog.xml "
                    "beside the WSDL) that names a local copy",
                    construct,
                    source,
                ) from exc
        else:
            raise ContractError(
                f"{construct} '{written}': unsupported address {url}", construct, source
            )
        return self._keep(url, data, kind)

    def _keep(
        self, url: str, data: bytes, kind: Literal["wsdl", "xsd"]
    ) -> tuple[Document, etree._Element]:
        name = self._name(url)
        try:
            root = etree.fromstring(data, _PARSER, base_url=url)
        except etree.XMLSyntaxError as exc:
            if b"<!DOCTYPE" in data:  # libxml2 stops on an undeclared entity before we look
                raise _doctype(name, exc.lineno or 0) from None
            raise ContractError(
                f"not well-formed XML: {exc.msg}", "XML", Source(name, exc.lineno or 0)
            ) from exc
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None:
            raise _doctype(name, 1)
        if url.startswith(("http://", "https://")):
            self._remote.add(name)
        if root.tag == "{http://www.w3.org/2001/XMLSchema}schema":
            kind = "xsd"
        document = Document(name=name, url=_display(url), data=data, kind=kind)
        self.documents[name] = document
        self._by_url[url] = (document, root)
        return document, root

    def _name(self, url: str) -> str:
        path = urllib.parse.unquote(urllib.parse.urlparse(url).path)
        name = pathlib.PurePosixPath(path).name or urllib.parse.urlparse(url).netloc or "document"
        if url.startswith("file:") and self.folder is not None:
            file = pathlib.Path(path)
            if file.is_relative_to(self.folder):
                name = file.relative_to(self.folder).as_posix()
        name = _UNSAFE.sub("_", name).strip("/") or "document"
        stem, dot, ext = name.rpartition(".")
        if not dot or "/" in ext:
            stem, dot, ext = name, "", ""
        unique, n = name, 1
        while unique in self.documents:
            n += 1
            unique = f"{stem}-{n}{dot}{ext}"
        return unique


def _doctype(name: str, line: int) -> ContractError:
    return ContractError("has a DOCTYPE; DTDs and entities are refused", "XML", Source(name, line))


def _display(url: str) -> str:
    if url.startswith("file:"):
        return urllib.parse.unquote(urllib.parse.urlparse(url).path)
    return url
