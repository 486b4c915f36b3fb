"""SOAP 1.1 and 1.2 fault envelopes, their HTTP status codes (BEHAVIOUR.md "Faults"), and the
count and log line of every fault sent."""

from __future__ import annotations

import logging

from lxml import etree

from soap_adapter import _metrics, _ns
from soap_adapter._runner import Call
from soap_adapter.exceptions import (
    ClientFault,
    MustUnderstandFault,
    NotAuthorized,
    ServerFault,
    SoapFault,
)
from soap_adapter.mapping import Release

logger = logging.getLogger("soap_adapter.edge")

CONTENT_TYPE = {"1.1": "text/xml; charset=utf-8", "1.2": "application/soap+xml; charset=utf-8"}


def _code_12(fault: SoapFault) -> tuple[etree.QName, etree.QName | None]:
    """SOAP 1.2 Code/Value and optional Subcode/Value for a fault."""
    if isinstance(fault, MustUnderstandFault):
        return etree.QName(_ns.SOAP12_ENV, "MustUnderstand"), None
    if isinstance(fault, ClientFault):
        sub = fault.code if fault.code.namespace != _ns.SOAP11_ENV else None
        return etree.QName(_ns.SOAP12_ENV, "Sender"), sub
    return etree.QName(_ns.SOAP12_ENV, "Receiver"), None


def http_status(fault: SoapFault, version: str) -> int:
    """1.1: always 500. 1.2: 400 for Sender, 500 for Receiver and MustUnderstand."""
    if version == "1.2" and isinstance(fault, ClientFault):
        return 400
    return 500


def _prefix(qname: etree.QName) -> str:
    """The prefix a fault code's namespace is declared with on the envelope."""
    if qname.namespace in (_ns.SOAP11_ENV, _ns.SOAP12_ENV):
        return "soap"
    return "wsse" if qname.namespace == _ns.WSSE else "f"


class Faults:
    """Sends faults in one contract release's words; needs nothing of the edge but the release."""

    def __init__(self, release: Release) -> None:
        self.release = release

    def faultstring(self, fault: SoapFault) -> str:
        """What the caller reads: the release's wording where BEHAVIOUR.md fixes it."""
        if isinstance(fault, ServerFault):
            return self.release.unavailable
        if isinstance(fault, NotAuthorized):
            return self.release.not_authorized.format(operation=fault.operation)
        return fault.faultstring

    def record(self, call: Call | None, fault: SoapFault) -> None:
        """Count and log a fault; the reason of a Server fault goes to the log, not the caller."""
        operation = call.operation if call else "unknown"
        if call is not None and call.shadow:  # the shadow comparison counts it, not the client
            logger.info("%s shadow REST path fault %s", operation, fault.metric_code)
            return
        version = call.version if call else "1.1"
        if call is not None:
            call.fault = fault.metric_code
        _metrics.CALLS.labels(self.release.name, operation, version, "fault").inc()
        _metrics.FAULTS.labels(self.release.name, operation, fault.metric_code).inc()
        if isinstance(fault, ServerFault):
            logger.error("%s failed: %s: %s", operation, fault.metric_code, fault.reason)
        else:
            logger.info("%s fault %s: %s", operation, fault.metric_code, fault.faultstring)

    def render(self, fault: SoapFault, version: str) -> bytes:
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
            etree.SubElement(node, "faultstring").text = self.faultstring(fault)
            if fault.detail_element is not None:
                etree.SubElement(node, "detail").append(fault.detail_element)
        else:
            value, sub = _code_12(fault)
            code_el = etree.SubElement(node, f"{{{env}}}Code")
            etree.SubElement(code_el, f"{{{env}}}Value").text = f"soap:{value.localname}"
            if sub is not None:
                subcode = etree.SubElement(code_el, f"{{{env}}}Subcode")
                etree.SubElement(
                    subcode, f"{{{env}}}Value"
                ).text = f"{_prefix(sub)}:{sub.localname}"
            reason = etree.SubElement(node, f"{{{env}}}Reason")
            text = etree.SubElement(reason, f"{{{env}}}Text")
            text.set(f"{{{_ns.XML}}}lang", "en")
            text.text = self.faultstring(fault)
            if fault.detail_element is not None:
                etree.SubElement(node, f"{{{env}}}Detail").append(fault.detail_element)
        return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
