"""OASIS XML catalogs (1.1): map the addresses and namespaces a contract imports to local files.

Entries read: `uri`, `rewriteURI`, `uriSuffix` (looked up for import/include locations and for the
namespaces of namespace-only imports, as `wsimport -catalog` does), `system`, `rewriteSystem`,
`systemSuffix`, `public` (looked up for locations too, since WSDL tools write `system` entries for
schema locations), `nextCatalog` (followed when the catalog itself has no match), `group` (its
entries belong to the catalog) and `xml:base`. Relative `uri`/`catalog` values are resolved
against the catalog file (or the nearest `xml:base`).
"""

from __future__ import annotations

import dataclasses
import pathlib
import urllib.parse

from lxml import etree

from soap_adapter.contract._errors import ContractError
from soap_adapter.contract._model import Source

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def to_url(path: str | pathlib.Path) -> str:
    """A file path as a `file:` URL (URLs are passed through)."""
    text = str(path)
    if "://" in text or text.startswith("file:"):
        return text
    return pathlib.Path(text).resolve().as_uri()


@dataclasses.dataclass
class _Entries:
    exact: dict[str, str] = dataclasses.field(default_factory=dict)  # name -> target URL
    rewrite: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # prefix -> URL prefix
    suffix: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # suffix -> URL


class Catalog:
    """One catalog file and the catalogs it delegates to with `nextCatalog`."""

    def __init__(self, path: str | pathlib.Path, _seen: set[str] | None = None) -> None:
        self.url = to_url(path)
        self.file = str(path)
        self._uri = _Entries()
        self._system = _Entries()
        self._public: dict[str, str] = {}
        self._next: list[Catalog] = []
        seen = _seen if _seen is not None else set()
        seen.add(self.url)
        try:
            root = etree.parse(
                _local_path(self.url), etree.XMLParser(resolve_entities=False)
            ).getroot()
        except (OSError, etree.XMLSyntaxError) as exc:
            raise ContractError(
                f"catalog {self.file} cannot be read: {exc}", "catalog", Source(self.file, 0)
            ) from exc
        self._read(root, urllib.parse.urljoin(self.url, root.get(_XML_BASE, "")), seen)

    def _read(self, parent: etree._Element, base: str, seen: set[str]) -> None:
        for entry in parent:
            if not isinstance(entry.tag, str):
                continue
            namespace, _, kind = (
                entry.tag[1:].rpartition("}") if entry.tag[0] == "{" else ("", "", entry.tag)
            )
            if namespace not in (CATALOG_NS, ""):
                continue  # catalogs written without the OASIS namespace are read as if with it
            here = urllib.parse.urljoin(base, entry.get(_XML_BASE, ""))
            target = entry.get("uri") or entry.get("rewritePrefix") or entry.get("catalog")
            if target is not None:
                target = urllib.parse.urljoin(here, target)
            match kind:
                case "group":
                    self._read(entry, here, seen)
                case "uri" | "system":
                    table = self._uri if kind == "uri" else self._system
                    key = entry.get("name") if kind == "uri" else entry.get("systemId")
                    if key is not None and target is not None:
                        table.exact.setdefault(key, target)
                case "rewriteURI" | "rewriteSystem":
                    table = self._uri if kind == "rewriteURI" else self._system
                    start = entry.get("uriStartString") or entry.get("systemIdStartString")
                    if start is not None and target is not None:
                        table.rewrite.append((start, target))
                case "uriSuffix" | "systemSuffix":
                    table = self._uri if kind == "uriSuffix" else self._system
                    end = entry.get("uriSuffix") or entry.get("systemIdSuffix")
                    if end is not None and target is not None:
                        table.suffix.append((end, target))
                case "public":
                    key = entry.get("publicId")
                    if key is not None and target is not None:
                        self._public.setdefault(key, target)
                case "nextCatalog":
                    if target is not None and target not in seen:
                        self._next.append(Catalog(_local_path(target), seen))
                case _:
                    # delegate*, dtddecl and the like name other catalogs by prefix; no WSDL tool
                    # writes them for schemas, and they cannot map a location by themselves.
                    pass

    def resolve(self, name: str) -> str | None:
        """The URL a location or namespace maps to, or None when no entry matches."""
        for table in (self._uri, self._system):
            found = _lookup(table, name)
            if found is not None:
                return found
        if name in self._public:
            return self._public[name]
        for following in self._next:
            found = following.resolve(name)
            if found is not None:
                return found
        return None


def _lookup(entries: _Entries, name: str) -> str | None:
    if name in entries.exact:
        return entries.exact[name]
    # The longest matching prefix or suffix wins (OASIS catalogs 1.1, 7.2.2).
    rewrites = [(start, prefix) for start, prefix in entries.rewrite if name.startswith(start)]
    if rewrites:
        start, prefix = max(rewrites, key=lambda item: len(item[0]))
        return prefix + name[len(start) :]
    suffixes = [(end, url) for end, url in entries.suffix if name.endswith(end)]
    if suffixes:
        return max(suffixes, key=lambda item: len(item[0]))[1]
    return None


def _local_path(url: str) -> str:
    if url.startswith("file:"):
        return urllib.parse.unquote(urllib.parse.urlparse(url).path)
    return url
