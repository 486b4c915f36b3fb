"""The matching rules of the exchange format: two envelopes' Bodies, element by element.

Names by namespace URI and local name (prefixes do not matter), in order, the same attributes
(namespace declarations do not count), text with leading and trailing white space stripped,
QName text (`faultcode`, SOAP 1.2 `Value`) as QNames, the `Header` ignored. An expected text or
attribute may be a placeholder: `{{*}}`, `{{re:PATTERN}}`, `{{=name}}` (remember), `{{name}}`
(a remembered value), `{{today}}` (today's UTC date)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from soap_adapter import _ns, _xml

PLACEHOLDER = re.compile(r"^\{\{(.*)\}\}$", re.S)
ENVELOPES = (_ns.SOAP11_ENV, _ns.SOAP12_ENV)
QNAME_TEXT = {f"{{{_ns.SOAP12_ENV}}}Value"}  # and any element named faultcode


class Mismatch(Exception):
    """The first difference between the expected and the actual answer."""

    def __init__(self, path: str, expected: str, actual: str) -> None:
        super().__init__(f"{path}: expected {expected}, got {actual}")
        self.path = path
        self.expected = expected
        self.actual = actual


def _text(path: str, expected: str | None, actual: str | None, variables: dict[str, str]) -> None:
    expected, actual = (expected or "").strip(), (actual or "").strip()
    placeholder = PLACEHOLDER.match(expected)
    if placeholder is None:
        if expected != actual:
            raise Mismatch(path, repr(expected), repr(actual))
        return
    spec = placeholder.group(1)
    if spec == "*":
        return
    if spec == "today":
        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        if actual != today:
            raise Mismatch(path, f"today's date {today!r}", repr(actual))
    elif spec.startswith("re:"):
        if re.fullmatch(spec[3:], actual) is None:
            raise Mismatch(path, f"text matching /{spec[3:]}/", repr(actual))
    elif spec.startswith("="):
        variables[spec[1:]] = actual
    elif spec in variables:
        if actual != variables[spec]:
            raise Mismatch(path, f"{variables[spec]!r} (remembered as {spec})", repr(actual))
    else:
        raise Mismatch(path, f"{{{{{spec}}}}}, which no earlier step remembered", repr(actual))


def _qname(element: etree._Element) -> str:
    prefix, _, local = (element.text or "").strip().rpartition(":")
    return f"{{{element.nsmap.get(prefix or None, '')}}}{local}"


def _elements(element: etree._Element) -> list[etree._Element]:
    """Child elements; comments and processing instructions do not count."""
    return [child for child in element if isinstance(child.tag, str)]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _differences(
    exp: etree._Element, act: etree._Element, path: str, variables: dict[str, str]
) -> Iterator[Mismatch]:
    """Every difference, in document order; below an element of another name, none."""
    if exp.tag != act.tag:
        yield Mismatch(path, f"element {exp.tag}", f"element {act.tag}")
        return
    if set(exp.attrib) != set(act.attrib):
        yield Mismatch(path, f"attributes {sorted(exp.attrib)}", f"attributes {sorted(act.attrib)}")
    for name, value in exp.attrib.items():
        if name in act.attrib:
            yield from _checked(
                _text, f"{path}/@{etree.QName(name).localname}", value, act.attrib[name], variables
            )
    exp_children, act_children = _elements(exp), _elements(act)
    if not exp_children and not act_children:
        is_qname = exp.tag in QNAME_TEXT or _local(exp) == "faultcode"
        if is_qname and PLACEHOLDER.match((exp.text or "").strip()) is None:
            if _qname(exp) != _qname(act):
                yield Mismatch(path, f"QName {_qname(exp)}", f"QName {_qname(act)}")
        else:
            yield from _checked(_text, path, exp.text, act.text, variables)
        return
    if exp_children and (act.text or "").strip():
        yield Mismatch(path, "child elements", f"text {(act.text or '').strip()[:80]!r}")
    for i, (e, a) in enumerate(zip(exp_children, act_children, strict=False)):
        yield from _differences(e, a, f"{path}/{_local(e)}[{i + 1}]", variables)
    if len(exp_children) != len(act_children):
        yield Mismatch(
            path,
            f"children {[_local(c) for c in exp_children]}",
            f"children {[_local(c) for c in act_children]}",
        )


def _checked(check: Callable[..., None], *args: Any) -> Iterator[Mismatch]:
    try:
        check(*args)
    except Mismatch as found:
        yield found


def body(document: bytes, what: str = "the response") -> etree._Element:
    """The Body of a SOAP 1.1 or 1.2 envelope, parsed with the hardened parser."""
    try:
        root = _xml.parse(document)
    except (etree.XMLSyntaxError, _xml.DoctypeRefused) as exc:
        raise Mismatch("Envelope", "a SOAP envelope", f"{what} is not XML ({exc})") from None
    return _body_of(root)


def match_envelopes(expected: bytes, actual: bytes, variables: dict[str, str]) -> None:
    """Raise Mismatch at the first difference of two envelopes' Bodies; remember `{{=name}}`."""
    for found in _differences(
        body(expected, "the expected response"), body(actual), "Body", variables
    ):
        raise found


def differences(expected: etree._Element, actual: etree._Element) -> list[Mismatch]:
    """Every difference between the Bodies of two parsed envelopes (two live answers, no
    placeholders): what a shadow comparison reports, path by path."""
    return list(_differences(_body_of(expected), _body_of(actual), "Body", {}))


def _body_of(root: etree._Element) -> etree._Element:
    """The Body of a parsed SOAP 1.1 or 1.2 envelope."""
    if etree.QName(root).namespace not in ENVELOPES or _local(root) != "Envelope":
        raise Mismatch("Envelope", "a SOAP envelope", f"element {root.tag}")
    for child in _elements(root):
        if _local(child) == "Body":
            return child
    raise Mismatch("Envelope", "a Body", f"children {[_local(c) for c in _elements(root)]}")
