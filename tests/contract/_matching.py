"""The captured-exchange matching rules of contract_fixtures/README.md, as assertions."""

from __future__ import annotations

import datetime
import re

from lxml import etree

ENVELOPES = ("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")
QNAME_TEXT = {"faultcode", "{http://www.w3.org/2003/05/soap-envelope}Value"}
PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
)
PLACEHOLDER = re.compile(r"^\{\{(.*)\}\}$", re.S)
VARIABLE = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")


class Mismatch(AssertionError):
    """The actual response differs from the captured one; the message names the path."""


def substitute(text: str, variables: dict[str, str]) -> str:
    """Fill `{{name}}` in a request with values remembered from earlier steps."""
    return VARIABLE.sub(lambda m: variables[m.group(1)], text)


def _text(path: str, expected: str | None, actual: str | None, variables: dict[str, str]) -> None:
    expected, actual = (expected or "").strip(), (actual or "").strip()
    placeholder = PLACEHOLDER.match(expected)
    if placeholder is None:
        if expected != actual:
            raise Mismatch(f"{path}: expected {expected!r}, got {actual!r}")
        return
    spec = placeholder.group(1)
    if spec == "*":
        return
    if spec == "today":
        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        if actual != today:
            raise Mismatch(f"{path}: expected today {today}, got {actual!r}")
    elif spec.startswith("re:"):
        if not re.fullmatch(spec[3:], actual):
            raise Mismatch(f"{path}: {actual!r} does not match {spec[3:]}")
    elif spec.startswith("="):
        variables[spec[1:]] = actual
    elif variables.get(spec) != actual:
        raise Mismatch(f"{path}: expected {variables.get(spec)!r} ({spec}), got {actual!r}")


def _qname(element: etree._Element) -> tuple[str | None, str]:
    prefix, _, local = (element.text or "").strip().rpartition(":")
    return element.nsmap.get(prefix or None), local


def _compare(
    exp: etree._Element, act: etree._Element, path: str, variables: dict[str, str]
) -> None:
    if exp.tag != act.tag:
        raise Mismatch(f"{path}: expected element {exp.tag}, got {act.tag}")
    if set(exp.attrib) != set(act.attrib):
        raise Mismatch(
            f"{path}: expected attributes {sorted(exp.attrib)}, got {sorted(act.attrib)}"
        )
    for name, value in exp.attrib.items():
        _text(f"{path}/@{name}", value, act.attrib[name], variables)
    exp_children, act_children = list(exp), list(act)
    if not exp_children and not act_children:
        is_qname = exp.tag in QNAME_TEXT or etree.QName(exp).localname == "faultcode"
        if is_qname and not PLACEHOLDER.match((exp.text or "").strip()):
            if _qname(exp) != _qname(act):
                raise Mismatch(f"{path}: expected QName {_qname(exp)}, got {_qname(act)}")
        else:
            _text(path, exp.text, act.text, variables)
        return
    if exp_children and (act.text or "").strip():
        raise Mismatch(f"{path}: unexpected text {act.text!r}")
    for i, (e, a) in enumerate(zip(exp_children, act_children, strict=False)):
        _compare(e, a, f"{path}/{etree.QName(e).localname}[{i + 1}]", variables)
    if len(exp_children) != len(act_children):
        names = [etree.QName(c).localname for c in act_children]
        raise Mismatch(f"{path}: expected {len(exp_children)} children, got {names}")


def body(document: bytes) -> etree._Element:
    root = etree.fromstring(document, PARSER)
    if etree.QName(root).namespace not in ENVELOPES or etree.QName(root).localname != "Envelope":
        raise Mismatch(f"not a SOAP envelope: {root.tag}")
    found = [c for c in root if etree.QName(c).localname == "Body"]
    if not found:
        raise Mismatch("the envelope has no Body")
    return found[0]


def assert_matches(expected: bytes, actual: bytes, variables: dict[str, str]) -> None:
    """Compare two envelopes' Bodies by the contract's rules; remember `{{=name}}` values."""
    _compare(body(expected), body(actual), "Body", variables)
