"""The one XML parser for contract files, requests and responses: no DTD, no entities, no network."""

from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


class DoctypeRefused(ValueError):
    """The document has a DOCTYPE: DTDs and entities are refused, whatever they declare."""

    def __init__(self) -> None:
        super().__init__("the document has a DOCTYPE; DTDs and entities are refused")


def parse(data: bytes, *, base_url: str | None = None) -> etree._Element:
    """The root element of `data`.

    Raises `etree.XMLSyntaxError` when it is not well-formed, `DoctypeRefused` when it has a
    document type declaration (libxml2 stops on an undeclared entity before we can look).
    """
    try:
        root = etree.fromstring(data, PARSER, base_url=base_url)
    except etree.XMLSyntaxError:
        if b"<!DOCTYPE" in data:
            raise DoctypeRefused from None
        raise
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise DoctypeRefused
    return root
