"""SOAP 1.1 and 1.2 fault envelopes and their HTTP status codes (BEHAVIOUR.md "Faults")."""

from __future__ import annotations

from lxml import etree

from soap_adapter import _ns
from soap_adapter.exceptions import ClientFault, MustUnderstandFault, SoapFault

CONTENT_TYPE = {"1.1": "text/xml; charset=utf-8", "1.2": "application/soap+xml; charset=utf-8"}


def _code_12(fault: SoapFault) -> tuple[etree.QName, etree.QName | None]:
    """SOAP 1.2 Code/Value and optional Subcode/Value for a fault."""
    if isinstance(fault, MustUnderstandFault):
        return etree.QName(_ns.SOAP12, "MustUnderstand"), None
    if isinstance(fault, ClientFault):
        sub = fault.code if fault.code.namespace != _ns.SOAP11 else None
        return etree.QName(_ns.SOAP12, "Sender"), sub
    return etree.QName(_ns.SOAP12, "Receiver"), None


def http_status(fault: SoapFault, version: str) -> int:
    """1.1: always 500. 1.2: 400 for Sender, 500 for Receiver and MustUnderstand."""
    if version == "1.2" and isinstance(fault, ClientFault):
        return 400
    return 500


def _prefix(qname: etree.QName) -> str:
    """The prefix a fault code's namespace is declared with on the envelope."""
    if qname.namespace in (_ns.SOAP11, _ns.SOAP12):
        return "soap"
    return "wsse" if qname.namespace == _ns.WSSE else "f"


def render(fault: SoapFault, version: str) -> bytes:
    """The whole fault envelope for `version`, as UTF-8 bytes."""
    env = _ns.ENVELOPE[version]
    nsmap: dict[str | None, str] = {"soap": env}
    if _prefix(fault.code) != "soap":
        nsmap[_prefix(fault.code)] = fault.code.namespace or ""
    envelope = etree.Element(f"{{{env}}}Envelope", nsmap=nsmap)
    body = etree.SubElement(envelope, f"{{{env}}}Body")
    node = etree.SubElement(body, f"{{{env}}}Fault")
    if version == "1.1":
        code = fault.code
        etree.SubElement(node, "faultcode").text = f"{_prefix(code)}:{code.localname}"
        etree.SubElement(node, "faultstring").text = fault.faultstring
        if fault.detail_element is not None:
            etree.SubElement(node, "detail").append(fault.detail_element)
    else:
        value, sub = _code_12(fault)
        code_el = etree.SubElement(node, f"{{{env}}}Code")
        etree.SubElement(code_el, f"{{{env}}}Value").text = f"soap:{value.localname}"
        if sub is not None:
            subcode = etree.SubElement(code_el, f"{{{env}}}Subcode")
            etree.SubElement(subcode, f"{{{env}}}Value").text = f"{_prefix(sub)}:{sub.localname}"
        reason = etree.SubElement(node, f"{{{env}}}Reason")
        text = etree.SubElement(reason, f"{{{env}}}Text")
        text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        text.text = fault.faultstring
        if fault.detail_element is not None:
            etree.SubElement(node, f"{{{env}}}Detail").append(fault.detail_element)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
