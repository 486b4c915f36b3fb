"""Two SOAP answers compared by the contract's matching rules, every difference named by its path.

The rules (legacy-contract/README.md): Body elements by namespace URI and local name, in order,
with the same attributes (namespace declarations do not count) and the same text, stripped; white
space between elements and prefixes do not count; QName text (`faultcode`, a SOAP 1.2 `Value`) is
compared as a QName. A path reads `GetOrderResponse/GetOrderResult/Lines/OrderLine[2]/Sku`: local
names from the Body down, a position where an element repeats.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection

from lxml import etree

from soap_adapter import _ns

ENVELOPES = (_ns.SOAP11_ENV, _ns.SOAP12_ENV)
QNAME_TEXT = {"faultcode", f"{{{_ns.SOAP12_ENV}}}Value"}
_INDEX = re.compile(r"\[\d+\]")
VALUE_LIMIT = 200  # characters of a differing value kept for the report


@dataclasses.dataclass(frozen=True)
class Difference:
    path: str  # with positions: .../OrderLine[2]/Sku
    expected: str  # the first answer's value (the legacy's, in a shadow comparison)
    actual: str

    @property
    def key(self) -> str:
        """The path without positions: the same field of every line counts as one path."""
        return _INDEX.sub("", self.path)


def _clip(text: str) -> str:
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 3] + "..."


def body(envelope: etree._Element) -> etree._Element:
    """The Body of a parsed SOAP 1.1 or 1.2 envelope (ValueError when it is not one)."""
    qname = etree.QName(envelope)
    if qname.namespace not in ENVELOPES or qname.localname != "Envelope":
        raise ValueError(f"not a SOAP envelope: {envelope.tag}")
    for child in envelope:
        if isinstance(child.tag, str) and etree.QName(child).localname == "Body":
            return child
    raise ValueError("the envelope has no Body")


def _children(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str)]


def _qname_text(element: etree._Element) -> str:
    prefix, _, local = (element.text or "").strip().rpartition(":")
    return f"{{{element.nsmap.get(prefix or None)}}}{local}"


def _name(element: etree._Element) -> str:
    qname = etree.QName(element)
    return f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname


def _is_qname_text(element: etree._Element) -> bool:
    return element.tag in QNAME_TEXT or etree.QName(element).localname == "faultcode"


def _walk(exp: etree._Element, act: etree._Element, path: str, out: list[Difference]) -> None:
    if exp.tag != act.tag:
        out.append(Difference(path, _name(exp), _name(act)))
        return
    for name in sorted(set(exp.attrib) | set(act.attrib)):
        e, a = exp.attrib.get(name), act.attrib.get(name)
        if (e or "").strip() != (a or "").strip() or (e is None) != (a is None):
            local = etree.QName(name).localname
            out.append(
                Difference(f"{path}/@{local}", _clip(e or "(absent)"), _clip(a or "(absent)"))
            )
    exp_children, act_children = _children(exp), _children(act)
    if not exp_children and not act_children:
        if _is_qname_text(exp):
            if _qname_text(exp) != _qname_text(act):
                out.append(Difference(path, (exp.text or "").strip(), (act.text or "").strip()))
        elif (exp.text or "").strip() != (act.text or "").strip():
            out.append(
                Difference(path, _clip((exp.text or "").strip()), _clip((act.text or "").strip()))
            )
        return
    if (exp.text or "").strip() != (act.text or "").strip():
        out.append(
            Difference(path, _clip((exp.text or "").strip()), _clip((act.text or "").strip()))
        )
    counts: dict[str, int] = {}
    for child in exp_children:
        counts[child.tag] = counts.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    for e, a in zip(exp_children, act_children, strict=False):
        seen[e.tag] = seen.get(e.tag, 0) + 1
        local = etree.QName(e).localname
        step = f"{local}[{seen[e.tag]}]" if counts[e.tag] > 1 else local
        _walk(e, a, f"{path}/{step}" if path else step, out)
    if len(exp_children) != len(act_children):
        out.append(
            Difference(
                f"{path}/*" if path else "*",
                " ".join(etree.QName(c).localname for c in exp_children) or "(none)",
                " ".join(etree.QName(c).localname for c in act_children) or "(none)",
            )
        )


def differences(
    expected: etree._Element, actual: etree._Element, ignore: Collection[str] = ()
) -> list[Difference]:
    """Every difference between two envelopes' Bodies; paths in `ignore` (without positions,
    a trailing `/*` for a whole subtree) do not count."""
    found: list[Difference] = []
    _walk(body(expected), body(actual), "", found)
    return [d for d in found if not ignored(d.key, ignore)]


def ignored(key: str, ignore: Collection[str]) -> bool:
    for pattern in ignore:
        if key == pattern or (pattern.endswith("/*") and key.startswith(pattern[:-1])):
            return True
    return False
