"""The Spyne applications (SOAP 1.1 and 1.2) over one service generated from the contract."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spyne import Application, ServiceBase, rpc
from spyne.protocol.soap import Soap11, Soap12
from spyne.server.wsgi import WsgiApplication

from soap_adapter import _faults
from soap_adapter._contract import Contract
from soap_adapter._faults import Faults
from soap_adapter._runner import CALL_KEY, Call, Runner
from soap_adapter._xml_out import Payload
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.exceptions import MalformedRequest, ServerFault, SoapFault


class _PayloadAware:
    """Puts a body element the edge already wrote (a Payload) into Spyne's envelope as it is."""

    def to_parent(
        self, ctx: Any, cls: Any, inst: Any, parent: Any, ns: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if isinstance(inst, Payload):
            parent.append(inst.element)
            return None
        return super().to_parent(ctx, cls, inst, parent, ns, *args, **kwargs)  # type: ignore[misc]


class EdgeSoap11(_PayloadAware, Soap11):
    pass


class EdgeSoap12(_PayloadAware, Soap12):
    pass


def _protocol(base: type[Soap11]) -> Soap11:
    # No validator: the edge validates against the contract's own XSD before Spyne parses.
    return base(validator=None)


def _method(name: str, runner: Runner) -> Callable[[Any, Any], Any]:
    def method(ctx: Any, request: Any) -> Any:
        call: Call = ctx.transport.req_env[CALL_KEY]
        return runner(call, request)

    method.__name__ = name
    return method


def build_service(contract: Contract, model: SchemaModel, runners: dict[str, Runner]) -> type:
    """A ServiceBase with one bare document/literal method per WSDL operation."""
    methods: dict[str, Any] = {"__service_name__": "OrderService"}
    for name, op in contract.operations.items():
        method = _method(name, runners[name])
        methods[name] = rpc(
            model.element(op.input_element),
            _returns=model.element(op.output_element),
            _body_style="bare",
            _in_message_name=op.input_element.localname,
            _out_message_name=op.output_element.localname,
        )(method)
    return type("OrderService", (ServiceBase,), methods)


class EdgeWsgiApplication(WsgiApplication):
    """Spyne's WSGI server, with faults written by the edge for both SOAP versions."""

    def __init__(self, app: Application, version: str, faults: Faults) -> None:
        super().__init__(app, chunked=True, max_content_length=2**62)
        self.version = version
        self.faults = faults

    def handle_error(
        self, p_ctx: Any, others: Any, error: Exception, start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if not isinstance(error, SoapFault):
            # Spyne's own errors: a request it cannot read is the caller's, anything else ours.
            if getattr(error, "faultcode", "").startswith("Client"):
                error = MalformedRequest("The request could not be read.")
            else:
                error = ServerFault(f"spyne: {error!r}")
        self.faults.record(p_ctx.transport.req_env.get(CALL_KEY), error)
        body = self.faults.render(error, self.version)
        status = _faults.http_status(error, self.version)
        start_response(
            f"{status} {'Bad Request' if status == 400 else 'Internal Server Error'}",
            [
                ("Content-Type", _faults.CONTENT_TYPE[self.version]),
                ("Content-Length", str(len(body))),
            ],
        )
        p_ctx.close()
        return [body]


def build_applications(
    contract: Contract,
    model: SchemaModel,
    runners: dict[str, Runner],
    faults: Faults,
) -> dict[str, EdgeWsgiApplication]:
    service = build_service(contract, model, runners)
    apps = {}
    for version, protocol in (("1.1", EdgeSoap11), ("1.2", EdgeSoap12)):
        app = Application(
            [service],
            tns=contract.target_namespace,
            name="OrderService",
            in_protocol=_protocol(protocol),
            out_protocol=_protocol(protocol),
        )
        edge_app = EdgeWsgiApplication(app, version, faults)
        apps[version] = edge_app
    return apps
