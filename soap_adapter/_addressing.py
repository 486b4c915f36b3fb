"""WS-Addressing as far as an edge must follow it: the headers clients mark mustUnderstand
(Action, To, MessageID, ...) are understood, and the answer to a request that carries a
MessageID names its action and relates to that message (WCF and IHE clients wait for both)."""

from __future__ import annotations

import dataclasses

from lxml import etree

# WS-Addressing 1.0 and the 2004/08 submission that Axis2, Metro and WCF also speak.
NAMESPACES = (
    "http://www.w3.org/2005/08/addressing",
    "http://schemas.xmlsoap.org/ws/2004/08/addressing",
)
_HEADERS = ("Action", "To", "MessageID", "ReplyTo", "FaultTo", "From", "RelatesTo")
UNDERSTOOD = frozenset(f"{{{ns}}}{name}" for ns in NAMESPACES for name in _HEADERS)


@dataclasses.dataclass(frozen=True)
class Addressed:
    """A request's WS-Addressing: its namespace and MessageID."""

    namespace: str
    message_id: str

    def reply(self, action: str) -> list[etree._Element]:
        """The header blocks of the answer: wsa:Action and wsa:RelatesTo."""
        nsmap = {"wsa": self.namespace}
        action_block = etree.Element(f"{{{self.namespace}}}Action", nsmap=nsmap)
        action_block.text = action
        relates = etree.Element(f"{{{self.namespace}}}RelatesTo", nsmap=nsmap)
        relates.text = self.message_id
        return [action_block, relates]


def addressed(header: etree._Element | None) -> Addressed | None:
    """The request's WS-Addressing, when it carries a MessageID."""
    for block in header if header is not None else ():
        if not isinstance(block.tag, str) or not block.tag.endswith("}MessageID"):
            continue
        namespace = etree.QName(block).namespace
        if namespace in NAMESPACES and (block.text or "").strip():
            return Addressed(namespace, (block.text or "").strip())
    return None
