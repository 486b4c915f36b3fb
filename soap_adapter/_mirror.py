"""While the legacy service takes a write, the REST core follows it: the mapping's `mirror` call,
built from the client's request and the legacy's answer, sent after the legacy confirmed.

A write that cannot be mirrored is counted (`soap_mirrored_writes_total{outcome="failed"}`) and
logged; the client's answer is the legacy's whatever happens here.
"""

from __future__ import annotations

import datetime
import decimal
import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from lxml import etree

from soap_adapter import _metrics, _ns, _xml
from soap_adapter._legacy import LegacyAnswer
from soap_adapter._rest import RestClient, correlation_header
from soap_adapter._runner import Call
from soap_adapter.mapping import Each, Field, Mirror, Operation, Shape

logger = logging.getLogger("soap_adapter.mirror")

_XSI_NIL = f"{{{_ns.XSI}}}nil"
_PARSE: dict[str, Callable[[str], Any]] = {
    "int": int,
    "decimal": decimal.Decimal,
    "date": datetime.date.fromisoformat,
}


class MirrorFailed(Exception):
    """The REST core did not take the change (the reason is for the log)."""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _find_all(roots: Mapping[str, etree._Element], path: str) -> list[etree._Element]:
    first, *rest = path.split("/")
    found = [roots[first]]
    for name in rest:
        found = [child for element in found for child in _children(element, name)]
    return found


def _value(element: etree._Element, field: Field) -> Any:
    if element.get(_XSI_NIL) in ("true", "1"):
        return None
    text = (element.text or "").strip()
    return field.codec.to_rest(_PARSE.get(field.codec.xsd, str)(text))


def _shape(roots: Mapping[str, etree._Element], shape: Shape) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for member in shape:
        if isinstance(member, Field):
            found = _find_all(roots, member.soap)
            if found:
                body[member.rest] = _value(found[0], member)
        elif isinstance(member, Each):
            body[member.rest] = [
                _shape({"": item}, tuple(_relative(f) for f in member.fields))
                for item in _find_all(roots, member.soap)
            ]
        else:
            raise TypeError(f"a mirror body holds Field and Each only, not {member!r}")
    return body


def _relative(member: Any) -> Any:
    """A field of a repeated item: its path starts at the item."""
    if isinstance(member, Field):
        return Field(f"/{member.soap}", member.rest, member.codec)
    raise TypeError(f"a mirrored item holds Field only, not {member!r}")


class Mirrors:
    """The mirror calls of a release's write operations, sent with the caller's credentials."""

    def __init__(self, operations: Mapping[str, Operation], client: RestClient) -> None:
        self.mirrors: dict[str, Mirror] = {
            name: op.mirror for name, op in operations.items() if op.mirror is not None
        }
        self.client = client

    def __contains__(self, operation: str) -> bool:
        return operation in self.mirrors

    def apply(self, call: Call, request: bytes, answer: LegacyAnswer) -> bool:
        """Tell the REST core the write the legacy service confirmed; False when it did not
        take it (counted and logged). A legacy fault changed nothing: nothing to tell."""
        mirror = self.mirrors.get(call.operation)
        if mirror is None or answer.status != 200:
            return False
        try:
            self._send(call, mirror, request, answer)
        except Exception as exc:
            _metrics.MIRRORED_WRITES.labels(call.operation, "failed").inc()
            logger.error(
                "%s confirmed by the legacy service but not mirrored to the REST core: %s",
                call.operation,
                exc,
            )
            return False
        _metrics.MIRRORED_WRITES.labels(call.operation, "mirrored").inc()
        return True

    def _send(self, call: Call, mirror: Mirror, request: bytes, answer: LegacyAnswer) -> None:
        envelope = _xml.parse(request)
        env = etree.QName(envelope).namespace
        (operation_element,) = [
            c for c in envelope.find(f"{{{env}}}Body") if isinstance(c.tag, str)
        ]
        answer_env = etree.QName(answer.envelope).namespace
        (response,) = [
            c for c in answer.envelope.find(f"{{{answer_env}}}Body") if isinstance(c.tag, str)
        ]
        roots = {etree.QName(operation_element).localname: operation_element}
        for result in response:
            if isinstance(result.tag, str):
                roots[etree.QName(result).localname] = result
        path = mirror.path
        for field in mirror.params:
            found = _find_all(roots, field.soap)
            if not found:
                raise MirrorFailed(f"the legacy answer has no {field.soap}")
            path = path.replace(
                "{" + field.rest + "}", quote(str(_value(found[0], field)), safe="")
            )
        headers: dict[str, str | bytes] = {
            "X-Correlation-ID": correlation_header(call.correlation_id),
            "Accept": "application/json",
        }
        if call.credentials is not None:
            headers.update(call.credentials.headers())
        response_ = self.client.call(
            mirror.method,
            path,
            operation=call.operation,
            json_body=_json(_shape(roots, mirror.body)),
            headers=headers,
        )
        if not 200 <= response_.status < 300:
            kind = response_.body.get("type") if isinstance(response_.body, dict) else None
            raise MirrorFailed(f"the REST core answered {response_.status} ({kind})")


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, decimal.Decimal | datetime.date):
        return str(value)
    return value
