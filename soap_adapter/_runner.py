"""Runs a mapping: SOAP request values -> REST call -> SOAP result element or typed fault."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from soap_adapter import _metrics
from soap_adapter._contract import OperationContract
from soap_adapter._rest import (
    Credentials,
    RestClient,
    RestRequest,
    RestResponse,
    correlation_header,
)
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
    """The value at `path` ("" is `obj` itself) of a request read by the contract codec (dicts
    by local name, `soap_adapter.contract`'s value convention) or of an object with those
    attributes."""
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


def _nest(soap_path: str, value: Any) -> tuple[str, Any]:
    """`Wrapper/Item`, v -> ("Wrapper", {"Item": v})."""
    head, _, rest = soap_path.partition("/")
    return (head, value) if not rest else (head, dict([_nest(rest, value)]))


# A member compiled once into what a call runs: node -> (SOAP name, value). The mapping is data;
# walking it (type tests, path splits) for every value of every answer cost more than the values.
ToSoap = Callable[[Any], tuple[str, Any]]


def _getter(path: str) -> Callable[[Any], Any]:
    """The JSON value at `path` (members joined by "."; "" the node itself), None when absent."""
    if path == "":
        return lambda node: node
    names = tuple(path.split("."))
    if len(names) == 1:
        name = names[0]
        return lambda node: node.get(name) if isinstance(node, dict) else None

    def get(node: Any) -> Any:
        for name in names:
            if not isinstance(node, dict):
                return None
            node = node.get(name)
        return node

    return get


def compile_member(member: Member) -> ToSoap:
    """What `member` makes of a JSON node, planned once."""
    soap = member.soap
    if isinstance(member, Field):
        get, convert = _getter(member.rest), member.codec.to_soap

        def field(node: Any) -> tuple[str, Any]:
            value = get(node)
            return soap, None if value is None else convert(value)

        return field
    if isinstance(member, Group):
        get, shape = _getter(member.rest), compile_shape(member.fields)

        def group(node: Any) -> tuple[str, Any]:
            value = get(node)
            return soap, None if value is None else shape(value)

        return group
    if isinstance(member, Each):
        get, shape, rest = _getter(member.rest), compile_shape(member.fields), member.rest

        def each(node: Any) -> tuple[str, Any]:
            items = get(node) or []
            if not isinstance(items, list):
                raise MappingError(f"{rest} is not a JSON array")
            return _nest(soap, [shape(item) for item in items])

        return each
    if isinstance(member, Const):
        constant = (soap, member.value)
        return lambda node: constant
    if isinstance(member, Template):
        params = [(p.soap, _getter(p.rest), p.codec.to_soap) for p in member.params]
        text = member.text

        def template(node: Any) -> tuple[str, Any]:
            return soap, text.format(**{name: to(get(node)) for name, get, to in params})

        return template
    raise TypeError(member)


def compile_shape(shape: Shape) -> Callable[[Any], Any]:
    if len(shape) == 1 and shape[0].soap == "":
        only = compile_member(shape[0])
        return lambda node: only(node)[1]  # the value itself: an item of a repeated element
    members = [compile_member(member) for member in shape]
    return lambda node: dict(member(node) for member in members)


# ---- the runner ------------------------------------------------------------------------------


class Runner:
    """One operation's mapping, bound to its contract, its generated types and the REST client."""

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
        self.compile(mapping)
        writer.plan(self.out_cls)
        # Fault name in the WSDL == detail element's local name in this contract.
        self.fault_classes = {
            qn.localname: (qn, model.element(qn)) for qn in contract.faults.values()
        }

    def compile(self, mapping: Operation) -> None:
        """The result and every fault detail planned once, not per answer."""
        self.to_soap = compile_member(mapping.result)
        self.fault_details = {kind: compile_shape(f.detail) for kind, f in mapping.faults.items()}

    def rest_request(self, call: Call, request: Any) -> RestRequest:
        """The REST call the SOAP request values become."""
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
        return RestRequest(
            spec.method,
            path,
            operation=call.operation,
            contract=self.contract_name,
            params=params,
            json_body=body,
            headers=headers,
            repeatable=spec.method == "GET" or keyed,
        )

    def answer(self, call: Call, response: RestResponse) -> Payload:
        """The SOAP result of the REST answer; raises the fault its problem maps to."""
        if 200 <= response.status < 300:
            return self._result(response.body)
        raise self._fault(call, response.status, response.body)

    def __call__(self, call: Call, request: Any) -> Payload:
        return self.answer(call, self.client.send(self.rest_request(call, request)))

    async def acall(self, call: Call, request: Any) -> Payload:
        """The same on the event loop: the REST hop awaited, no thread held."""
        return self.answer(call, await self.client.asend(self.rest_request(call, request)))

    def _result(self, body: Any) -> Payload:
        try:
            name, value = self.to_soap(body)
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
            values = self.fault_details[kind](problem)
            detail = self.writer.element(cls, qname.text, values, fault.element, self.nsmap)
            faultstring = fault.string.format(**values)
        except (MappingError, KeyError, ValueError, TypeError) as exc:
            _metrics.MAPPING_FAILURES.labels(self.contract_name, self.mapping.name, "fault").inc()
            return MappingError(f"problem {kind!r} does not fit fault {fault.element}: {exc!r}")
        return TypedFault(faultstring, detail, metric_code=fault.element)
