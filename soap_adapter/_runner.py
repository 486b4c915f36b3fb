"""Runs a mapping: SOAP request object -> REST call -> SOAP result object or typed fault."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import quote

from soap_adapter import _metrics
from soap_adapter._contract import OperationContract
from soap_adapter._rest import Credentials, RestClient, correlation_header
from soap_adapter._xml_out import Payload, Writer
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.exceptions import (
    AuthenticationFailed,
    DownstreamError,
    MappingError,
    NotAuthorized,
    TypedFault,
)
from soap_adapter.mapping import Const, Each, Field, Group, Member, Operation, Shape, Template

logger = logging.getLogger("soap_adapter.runner")

CALL_KEY = "soap_adapter.call"  # where the WSGI environ carries the edge's Call to the method


@dataclasses.dataclass
class Call:
    """What the edge learnt about one SOAP call before the mapping runs."""

    operation: str
    version: str
    correlation_id: str
    credentials: Credentials | None
    fault: str | None = None  # the metric code of the fault sent, once one is
    shadow: bool = False  # the REST path beside the legacy service: the client never sees it


# ---- SOAP object -> REST request -------------------------------------------------------------


def _soap_value(obj: Any, path: str) -> Any:
    """The value at `path` ("" is `obj` itself) of a Spyne object or a codec's dict."""
    for name in path.split("/") if path else ():
        if obj is None:
            return None
        obj = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
    return obj


def _to_rest(obj: Any, member: Member) -> Any:
    if isinstance(member, Field):
        value = _soap_value(obj, member.soap)
        return None if value is None else member.codec.to_rest(value)
    if isinstance(member, Each):
        return [_shape_to_rest(item, member.fields) for item in _soap_value(obj, member.soap) or ()]
    if isinstance(member, Group):
        value = _soap_value(obj, member.soap)
        return None if value is None else _shape_to_rest(value, member.fields)
    raise TypeError(f"{type(member).__name__} cannot be sent to the REST core")


def _shape_to_rest(obj: Any, shape: Shape) -> Any:
    if len(shape) == 1 and isinstance(shape[0], Field) and shape[0].rest == "":
        return _to_rest(obj, shape[0])  # one value, not an object: an item of a list of text
    out: dict[str, Any] = {}
    for member in shape:
        value = _to_rest(obj, member)
        if value is None or not isinstance(member, Field | Group | Each):
            continue
        if isinstance(member, Group) and member.rest == "":
            out.update(value)
        else:
            out[member.rest] = value
    return out


# ---- REST JSON -> SOAP values ----------------------------------------------------------------


def _json_value(node: Any, path: str) -> Any:
    if path == "":
        return node
    for name in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


def _nest(soap_path: str, value: Any) -> tuple[str, Any]:
    """`Wrapper/Item`, v -> ("Wrapper", {"Item": v})."""
    head, _, rest = soap_path.partition("/")
    return (head, value) if not rest else (head, dict([_nest(rest, value)]))


def _to_soap(node: Any, member: Member) -> tuple[str, Any]:
    if isinstance(member, Field):
        value = _json_value(node, member.rest)
        return member.soap, None if value is None else member.codec.to_soap(value)
    if isinstance(member, Group):
        value = _json_value(node, member.rest)
        return member.soap, None if value is None else shape_to_soap(value, member.fields)
    if isinstance(member, Each):
        items = _json_value(node, member.rest) or []
        if not isinstance(items, list):
            raise MappingError(f"{member.rest} is not a JSON array")
        return _nest(member.soap, [shape_to_soap(item, member.fields) for item in items])
    if isinstance(member, Const):
        return member.soap, member.value
    if isinstance(member, Template):
        values = {p.soap: p.codec.to_soap(_json_value(node, p.rest)) for p in member.params}
        return member.soap, member.text.format(**values)
    raise TypeError(member)


def shape_to_soap(node: Any, shape: Shape) -> Any:
    if len(shape) == 1 and shape[0].soap == "":
        return _to_soap(node, shape[0])[1]  # the value itself: an item of a repeated element
    return dict(_to_soap(node, member) for member in shape)


# ---- the runner ------------------------------------------------------------------------------


class Runner:
    """One operation's mapping, bound to its contract, its Spyne classes and the REST client."""

    def __init__(
        self,
        mapping: Operation,
        contract: OperationContract,
        model: SchemaModel,
        client: RestClient,
        writer: Writer,
        nsmap: dict[str | None, str],
        release: str = "",
    ) -> None:
        self.contract_name = release  # the contract release, as the metrics label it
        self.mapping = mapping
        self.contract = contract
        self.client = client
        self.writer = writer
        self.nsmap = nsmap
        self.out_cls = model.element(contract.output_element)
        writer.plan(self.out_cls)
        # Fault name in the WSDL == detail element's local name in this contract.
        self.fault_classes = {
            qn.localname: (qn, model.element(qn)) for qn in contract.faults.values()
        }

    def __call__(self, call: Call, request: Any) -> Any:
        spec = self.mapping.request
        params: dict[str, Any] = {}
        path = spec.path
        for field in spec.params:
            value = _to_rest(request, field)
            if value is None:
                continue
            placeholder = "{" + field.rest + "}"
            if placeholder in path:
                path = path.replace(placeholder, quote(str(value), safe=""))
            else:
                params[field.rest] = value
        headers: dict[str, str | bytes] = {
            "X-Correlation-ID": correlation_header(call.correlation_id),
            "Accept": "application/json",
        }
        if call.credentials is not None:
            headers.update(call.credentials.headers())
        for field in spec.headers:
            value = _to_rest(request, field)
            if value is not None:
                headers[field.rest] = str(value)
        body = None if spec.body is None else _shape_to_rest(request, spec.body)
        keyed = bool(spec.idempotency_key and body and body.get(spec.idempotency_key))
        response = self.client.call(
            spec.method,
            path,
            operation=call.operation,
            contract=self.contract_name,
            params=params,
            json_body=body,
            headers=headers,
            repeatable=spec.method == "GET" or keyed,
        )
        if 200 <= response.status < 300:
            return self._result(response.body)
        raise self._fault(call, response.status, response.body)

    def _result(self, body: Any) -> Any:
        try:
            name, value = _to_soap(body, self.mapping.result)
            element = self.writer.element(
                self.out_cls,
                self.contract.output_element.text,
                {name: value},
                self.contract.output_element.localname,
                self.nsmap,
            )
            return Payload(element)
        except MappingError:
            _metrics.MAPPING_FAILURES.labels(
                self.contract_name, self.mapping.name, "response"
            ).inc()
            raise
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            _metrics.MAPPING_FAILURES.labels(
                self.contract_name, self.mapping.name, "response"
            ).inc()
            raise MappingError(f"the REST answer does not fit the mapping: {exc!r}") from exc

    def _fault(self, call: Call, status: int, problem: Any) -> Exception:
        kind = (
            str(problem.get("type", "")).rstrip("/").rsplit("/", 1)[-1]
            if isinstance(problem, dict)
            else ""
        )
        if status == 401:
            return AuthenticationFailed()
        if status == 403:
            return NotAuthorized(call.operation)
        fault = self.mapping.faults.get(kind)
        if fault is None:
            _metrics.MAPPING_FAILURES.labels(self.contract_name, self.mapping.name, "problem").inc()
            return DownstreamError(f"no fault is mapped for HTTP {status} problem {kind!r}")
        qname, cls = self.fault_classes[fault.element]
        try:
            values = shape_to_soap(problem, fault.detail)
            detail = self.writer.element(cls, qname.text, values, fault.element, self.nsmap)
            faultstring = fault.string.format(**values)
        except (MappingError, KeyError, ValueError, TypeError) as exc:
            _metrics.MAPPING_FAILURES.labels(self.contract_name, self.mapping.name, "fault").inc()
            return MappingError(f"problem {kind!r} does not fit fault {fault.element}: {exc!r}")
        return TypedFault(faultstring, detail, metric_code=fault.element)
