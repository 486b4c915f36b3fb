"""`load(wsdl, catalog=None)`: a WSDL 1.1 file and everything it imports, read into one `Contract`.

The reading is split by spec: `_documents` finds and reads files (catalog first), `_xsd` reads
XML Schema, `_wsdl` reads WSDL 1.1 and its SOAP 1.1/1.2 binding extensions. This module walks the
imports and includes between them.
"""

from __future__ import annotations

import pathlib

from lxml import etree

from soap_adapter.contract._catalog import Catalog
from soap_adapter.contract._documents import WELL_KNOWN, Loader
from soap_adapter.contract._errors import ContractError
from soap_adapter.contract._model import XS, Contract, Document, Source
from soap_adapter.contract._wsdl import WSDL_NS, WsdlReader
from soap_adapter.contract._xsd import SchemaDoc, Schemas

_SCHEMA = f"{{{XS}}}schema"


def _clark(namespace: str | None, local: str) -> str:
    return f"{{{namespace}}}{local}" if namespace else local


def load(wsdl: str | pathlib.Path, catalog: str | pathlib.Path | None = None) -> Contract:
    """Read `wsdl` and every document it imports. `catalog` is an OASIS XML catalog mapping
    remote locations and namespaces to local files; without it, `catalog.xml` beside the WSDL is
    used when there is one. Raises `ContractError` for anything the model cannot represent."""
    # An http(s) URL is read as such (wsdl-diff compares a deployed ?wsdl), a path as a file.
    path = wsdl if str(wsdl).startswith(("http://", "https://")) else pathlib.Path(wsdl)
    if (
        catalog is None
        and isinstance(path, pathlib.Path)
        and (path.parent / "catalog.xml").is_file()
    ):
        catalog = path.parent / "catalog.xml"
    reader = _Reader(path, Catalog(catalog) if catalog is not None else None)
    return reader.read()


class _Reader:
    def __init__(self, wsdl: pathlib.Path | str, catalog: Catalog | None) -> None:
        self.wsdl = wsdl
        self.loader = Loader(wsdl, catalog)
        self.schemas = Schemas(self._load_well_known)
        self.wsdl_docs: list[tuple[Document, etree._Element]] = []
        self._schema_keys: set[tuple[str, int, str | None, frozenset[tuple[str, str]]]] = set()
        self._namespace_only: list[tuple[str, SchemaDoc, etree._Element, Document]] = []

    def read(self) -> Contract:
        document, root = self.loader.main(self.wsdl)
        if root.tag != f"{{{WSDL_NS}}}definitions":
            raise ContractError(
                f"not a WSDL 1.1 document (root element {root.tag})",
                "wsdl:definitions",
                Source(document.name, root.sourceline or 0),
            )
        self._wsdl(document, root)
        self._resolve_namespace_only()
        self.schemas.build()
        return WsdlReader(self.schemas).contract(
            pathlib.Path(self.wsdl), self.wsdl_docs, self.loader.documents
        )

    # ---- WSDL imports -------------------------------------------------------------------------

    def _wsdl(self, document: Document, root: etree._Element) -> None:
        self.wsdl_docs.append((document, root))
        for child in root:
            if child.tag == f"{{{WSDL_NS}}}import":
                self._wsdl_import(document, root, child)
            elif child.tag == f"{{{WSDL_NS}}}types":
                for schema in child:
                    if schema.tag == _SCHEMA:
                        self._schema(document, schema, None)
                    elif isinstance(schema.tag, str) and schema.tag.startswith(f"{{{XS}}}"):
                        raise _refuse(
                            document, schema, "an XSD element other than xs:schema in wsdl:types"
                        )

    def _wsdl_import(self, document: Document, root: etree._Element, node: etree._Element) -> None:
        location = node.get("location")
        source = Source(document.name, node.sourceline or 0)
        if not location:
            raise ContractError("wsdl:import without a location", "wsdl:import", source)
        url = self.loader.locate(location, node.get("namespace"), root.base or "")
        assert url is not None
        imported, imported_root = self.loader.read(url, "wsdl", "wsdl:import", location, source)
        document.links[location] = imported.name
        if imported_root.tag == _SCHEMA:  # some WSDLs wsdl:import their XSD
            self._schema(imported, imported_root, None)
        elif imported_root.tag == f"{{{WSDL_NS}}}definitions":
            if all(d is not imported for d, _ in self.wsdl_docs):
                self._wsdl(imported, imported_root)
        else:
            raise ContractError(
                f"wsdl:import '{location}' is neither a WSDL 1.1 nor an XSD document",
                "wsdl:import",
                source,
            )

    # ---- XSD imports and includes -------------------------------------------------------------

    def _schema(
        self,
        document: Document,
        root: etree._Element,
        include_namespace: str | None,
        redefined: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        key = (document.name, root.sourceline or 0, include_namespace, redefined)
        if key in self._schema_keys:
            return
        self._schema_keys.add(key)
        schema = self.schemas.add(root, document.name, include_namespace, redefined)
        for child in root:
            if child.tag in (f"{{{XS}}}include", f"{{{XS}}}redefine"):
                self._include(document, schema, child)
            elif child.tag == f"{{{XS}}}import":
                self._import(document, schema, child)

    def _include(self, document: Document, schema: SchemaDoc, node: etree._Element) -> None:
        """xs:include, or xs:redefine (an include whose named children replace components)."""
        construct = f"xs:{etree.QName(node).localname}"
        location = node.get("schemaLocation")
        source = schema.source(node)
        if not location:
            raise ContractError(f"{construct} without a schemaLocation", construct, source)
        url = self.loader.locate(location, None, node.base or "")
        assert url is not None
        included, root = self.loader.read(url, "xsd", construct, location, source)
        document.links[location] = included.name
        if root.tag != _SCHEMA:
            raise ContractError(
                f"{construct} '{location}' is not an XSD document", construct, source
            )
        own = root.get("targetNamespace")
        if own is not None and own != schema.target_namespace:
            raise ContractError(
                f"{construct} '{location}' has targetNamespace '{own}', not the includer's "
                f"'{schema.target_namespace}'",
                construct,
                source,
            )
        redefined = frozenset(
            (etree.QName(c).localname, _clark(schema.target_namespace, c.get("name", "")))
            for c in node
            if isinstance(c.tag, str) and c.get("name") is not None
        )
        self._schema(included, root, schema.target_namespace, redefined)

    def _import(self, document: Document, schema: SchemaDoc, node: etree._Element) -> None:
        location = node.get("schemaLocation")
        namespace = node.get("namespace")
        if not location:
            # Namespace-only: another schema of the contract declares it (inline schemas of a
            # WSDL import each other this way), or the catalog or a shipped copy does.
            if namespace:
                self._namespace_only.append((namespace, schema, node, document))
            return
        url = self.loader.locate(location, namespace, node.base or "")
        assert url is not None
        if namespace == WSDL_NS and not url.startswith("file:"):
            # Axis and others import the WSDL namespace (for wsdl:arrayType) from its remote
            # address; its schema declares only WSDL's own elements, which no schema refers to.
            return
        imported, root = self.loader.read(url, "xsd", "xs:import", location, schema.source(node))
        document.links[location] = imported.name
        if root.tag != _SCHEMA:
            raise ContractError(
                f"xs:import '{location}' is not an XSD document", "xs:import", schema.source(node)
            )
        self._schema(imported, root, None)

    def _resolve_namespace_only(self) -> None:
        while self._namespace_only:
            namespace, schema, node, _document = self._namespace_only.pop(0)
            if namespace in self.schemas.namespaces:
                continue
            url = self.loader.locate(None, namespace, node.base or "")
            if url is None:
                self.schemas.unresolved.setdefault(namespace, schema.source(node))
                continue
            imported, root = self.loader.read(
                url, "xsd", "xs:import", f"namespace {namespace}", schema.source(node)
            )
            if root.tag != _SCHEMA:
                raise ContractError(
                    f"the catalog maps namespace '{namespace}' to {url}, not an XSD document",
                    "xs:import",
                    schema.source(node),
                )
            self._schema(imported, root, None)

    def _load_well_known(self, namespace: str) -> bool:
        """Load the schema of a well-known namespace that no schema imported (Axis WSDLs refer
        to soapenc:Array without importing it); the catalog's copy first."""
        if namespace not in WELL_KNOWN or namespace in self.schemas.namespaces:
            return False
        url = self.loader.locate(None, namespace, "")
        assert url is not None
        document, root = self.loader.read(
            url,
            "xsd",
            "xs:import",
            f"namespace {namespace}",
            Source(pathlib.PurePath(str(self.wsdl)).name, 0),
        )
        self._schema(document, root, None)
        self._resolve_namespace_only()
        return True


def _refuse(document: Document, node: etree._Element, message: str) -> ContractError:
    return ContractError(
        message, str(etree.QName(node).localname), Source(document.name, node.sourceline or 0)
    )
