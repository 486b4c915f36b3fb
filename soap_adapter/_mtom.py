"""MTOM/XOP requests (SOAP Message Transmission Optimization): a multipart/related body whose
root part is the envelope with `xop:Include` in place of binary content, as CXF, Metro and
WCF send it when a contract's policy asks for MTOM. Read back into the plain envelope: each
Include replaced by its attachment in base64, the SOAP content type that the root part names."""

from __future__ import annotations

import base64
import email.parser
import email.policy
import urllib.parse
from email.message import Message

from lxml import etree

from soap_adapter import _xml
from soap_adapter.exceptions import MalformedRequest

XOP_INCLUDE = "{http://www.w3.org/2004/08/xop/include}Include"


def is_mtom(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "multipart/related"


def _parameters(content_type: str) -> Message:
    message = Message()
    message["Content-Type"] = content_type
    return message


def start_info(content_type: str) -> str:
    """The SOAP media type of an MTOM request's envelope (its start-info), text/xml if unsaid."""
    message = _parameters(content_type)
    return str(message.get_param("start-info") or message.get_param("startinfo") or "text/xml")


def _cid(reference: str) -> str:
    return urllib.parse.unquote(reference.removeprefix("cid:")).strip("<>")


def unpack(content_type: str, body: bytes) -> tuple[str, bytes]:
    """The SOAP content type and envelope an MTOM request carries."""
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    message = parser.parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body)
    parts = [p for p in message.iter_parts()] if message.is_multipart() else []
    if not parts:
        raise MalformedRequest("The multipart/related request has no parts.")
    start = _cid(message.get_param("start", "") or "")  # type: ignore[arg-type]
    by_id = {_cid(str(p.get("Content-ID", ""))): p for p in parts}
    root = by_id.get(start, parts[0]) if start else parts[0]
    if root.get_content_type() != "application/xop+xml":
        raise MalformedRequest("The root part of an MTOM request must be application/xop+xml.")
    soap_type = str(root.get_param("type", "") or "")
    media = "text/xml" if soap_type in ("", "text/xml") else soap_type
    action = root.get_param("action")
    envelope_bytes = _payload(root)
    try:
        envelope = _xml.parse(envelope_bytes)
    except (etree.XMLSyntaxError, _xml.DoctypeRefused):
        raise MalformedRequest(
            "The root part of the MTOM request is not well-formed XML."
        ) from None
    for include in list(envelope.iter(XOP_INCLUDE)):
        attachment = by_id.get(_cid(include.get("href", "")))
        parent = include.getparent()
        if attachment is None or parent is None:
            raise MalformedRequest("An xop:Include refers to no part of the request.")
        parent.remove(include)
        parent.text = (parent.text or "") + base64.b64encode(_payload(attachment)).decode("ascii")
    soap_content_type = f"{media}; charset=utf-8{f'; action={action}' if action else ''}"
    return soap_content_type, etree.tostring(envelope, encoding="utf-8", xml_declaration=True)


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""
