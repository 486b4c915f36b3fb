"""A contract's documents as the edge publishes them: every wsdl:import, xs:import, xs:include
and soap:address rewritten to an address of the edge, so that a client never needs the catalog
the contract was read with, nor the servers its imports named."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable

from lxml import etree

from soap_adapter import _ns
from soap_adapter.contract import Contract

# The attributes that hold a location, by the element that carries them.
_LOCATIONS = {
    f"{{{_ns.WSDL}}}import": "location",
    f"{{{_ns.XS}}}import": "schemaLocation",
    f"{{{_ns.XS}}}include": "schemaLocation",
    f"{{{_ns.XS}}}redefine": "schemaLocation",
    f"{{{_ns.WSDL_SOAP11}}}address": "location",
    f"{{{_ns.WSDL_SOAP12}}}address": "location",
}
_IMPORT = f"{{{_ns.XS}}}import"
_ADDRESSES = (f"{{{_ns.WSDL_SOAP11}}}address", f"{{{_ns.WSDL_SOAP12}}}address")
# The contract's own files: comments kept, still no DTD, entities or network.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_CACHE_SIZE = 64


class Published:
    """The documents of `contract` by name; `served(address)` is the path of the edge that
    serves a soap:address of the WSDL."""

    def __init__(self, contract: Contract, served: Callable[[str], str]) -> None:
        self.contract = contract
        self.served = served
        self.main = next(iter(contract.documents))
        self._cache: dict[tuple[str, str, str], bytes] = {}
        self._lock = threading.Lock()
        # Schemas by target namespace: where an import that names only a namespace (xml.xsd,
        # a catalog's entry) was resolved. Not the SOAP encoding: SOAP stacks know it by its
        # namespace, and zeep, given a location for it, still fetches it from its namespace URL
        # for its references to itself.
        self.schemas: dict[str, str] = {}
        for name, document in contract.documents.items():
            if document.kind == "xsd":
                namespace = etree.fromstring(document.data, _PARSER).get("targetNamespace", "")
                if namespace != _ns.SOAP_ENCODING:
                    self.schemas.setdefault(namespace, name)

    def query(self, name: str) -> str:
        """The query that asks for document `name` at a service address of the edge."""
        if name == self.main:
            return "wsdl"
        kind = self.contract.documents[name].kind
        return f"{'wsdl' if kind == 'wsdl' else 'xsd'}={urllib.parse.quote(name)}"

    def document(self, name: str, here: str, base: str) -> bytes | None:
        """Document `name` as served at the service address `here` (an absolute URL), soap
        addresses under `base` (scheme://host:port); None when there is no such document."""
        if name not in self.contract.documents:
            return None
        key = (name, here, base)
        found = self._cache.get(key)
        if found is None:
            found = self._rewrite(name, here, base)
            with self._lock:
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()  # Host headers vary only as far as trusted proxies say
                self._cache[key] = found
        return found

    def _rewrite(self, name: str, here: str, base: str) -> bytes:
        document = self.contract.documents[name]
        root = etree.fromstring(document.data, _PARSER)
        for node in root.iter(*_LOCATIONS):
            attribute = _LOCATIONS[node.tag]
            location = node.get(attribute)
            if location is None and node.tag == _IMPORT:
                found = self.schemas.get(node.get("namespace", ""))
                if found is not None and found != name:
                    node.set(attribute, f"{here}?{self.query(found)}")
            elif location is None:
                continue
            elif node.tag in _ADDRESSES:
                node.set(attribute, base + self.served(location))
            elif location in document.links:
                node.set(attribute, f"{here}?{self.query(document.links[location])}")
        return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")
