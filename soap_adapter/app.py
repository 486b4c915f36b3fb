"""Builds the edge from its settings: per release its contract, generated types, mappings and
Spyne apps; one WSGI application over them all."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import requests

from soap_adapter import _contract, _ns
from soap_adapter._faults import Faults
from soap_adapter._mirror import Mirrors
from soap_adapter._rest import RestClient, Transport
from soap_adapter._routes import Routes, RouteTable
from soap_adapter._runner import Runner
from soap_adapter._service import build_applications
from soap_adapter._strangler import LEGACY_RELEASE, Strangler
from soap_adapter._usage import Notice, UsageRecorder
from soap_adapter._wsgi import Edge, Endpoint, PublicAddress
from soap_adapter._xml_out import Writer
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.mapping import Operation
from soap_adapter.mapping_check import MappingCheckError, check_mappings
from soap_adapter.settings import ROOT, EdgeSettings

if TYPE_CHECKING:
    from mappings import ReleaseMappings
    from soap_adapter._dispatch import Dispatcher

logger = logging.getLogger("soap_adapter.app")


def _openapi(rest_url: str, verify: str | bool = True) -> dict[str, Any] | None:
    """The REST core's OpenAPI document, or None (logged) while the core is not up yet."""
    try:
        response = requests.get(f"{rest_url.rstrip('/')}/openapi.json", timeout=3, verify=verify)
        response.raise_for_status()
        document = response.json()
        if not isinstance(document, dict) or "openapi" not in document:
            raise ValueError("not an OpenAPI document")
        return document
    except (requests.RequestException, ValueError) as exc:
        logger.warning(
            "REST core OpenAPI not checked (%s): mappings checked against the WSDL only",
            type(exc).__name__,
        )
        return None


def _wsdl_paths(settings: EdgeSettings, releases: list[ReleaseMappings]) -> list[str]:
    """Each release's WSDL: the project's copy, or `settings.wsdl` for the release it belongs to."""
    paths = [str(ROOT / r.release.contract / r.release.wsdl) for r in releases]
    if settings.wsdl is None:
        return paths
    try:
        namespace = _contract.target_namespace(settings.wsdl)
    except ValueError as exc:
        raise MappingCheckError([str(exc)]) from None
    for index, path in enumerate(paths):
        if _contract.target_namespace(path) == namespace:
            paths[index] = str(settings.wsdl)
            return paths
    raise MappingCheckError(
        [f"{settings.wsdl}: its namespace {namespace} is the namespace of no release in mappings/"]
    )


def _endpoint(
    entry: ReleaseMappings,
    wsdl: str,
    openapi: dict[str, Any] | None,
    client: RestClient,
    writer: Writer,
    headers: tuple[tuple[str, str], ...] = (),
) -> Endpoint:
    """One release, checked and ready: its contract, generated types, runners and Spyne apps."""
    try:
        contract = _contract.load(wsdl)
    except ValueError as exc:  # the reader's ContractError: the construct, file and line
        raise MappingCheckError([f"release {entry.release.name}: {exc}"]) from None
    try:
        check_mappings(contract.model, entry.operations, openapi)
    except MappingCheckError as exc:
        raise MappingCheckError(
            [f"release {entry.release.name}: {p}" for p in exc.problems]
        ) from None
    model = SchemaModel(contract.model)
    # The prefixes the responses declare once, on the body element.
    nsmap: dict[str | None, str] = {"tns": contract.target_namespace, "xsi": _ns.XSI}
    for index, namespace in enumerate(
        sorted(
            {s.get("targetNamespace") for s in contract.schema_roots} - {contract.target_namespace}
        )
    ):
        nsmap[f"s{index}"] = namespace
    runners = {
        name: Runner(
            entry.operations[name][0][1], op, model, client, writer, nsmap, entry.release.name
        )
        for name, op in contract.operations.items()
    }
    faults = Faults(entry.release)
    applications = build_applications(contract, model, runners, faults)
    return Endpoint(entry.release, contract, applications, faults, headers)


def _verify(settings: EdgeSettings) -> str | bool:
    return str(settings.rest_ca_file) if settings.rest_ca_file else True


def _client(settings: EdgeSettings, transport: Transport | None) -> RestClient:
    return RestClient(
        settings.rest_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        pool_size=max(settings.threads, 1) * 2,
        retries=settings.retries,
        transport=transport,
        verify=_verify(settings),
    )


def create_contract_edge(
    settings: EdgeSettings, *, transport: Transport | None = None
) -> Dispatcher:
    """The edge serving `settings.wsdl` with the mapping modules of `settings.mappings`, without
    Spyne (a release package of mappings/ brings its RELEASE: its path and fault wording);
    raises MappingCheckError when a module does not fit the contract, ContractError when the
    contract cannot be read."""
    from soap_adapter._dispatch import Dispatcher
    from soap_adapter._operations import MappingsError, check, load_mappings
    from soap_adapter.contract import load

    if settings.wsdl is None or settings.mappings is None:
        raise MappingCheckError(["a contract edge needs both a WSDL and a mappings folder"])
    contract = load(settings.wsdl, settings.catalog)
    try:
        mappings, release = load_mappings(settings.mappings)
    except MappingsError as exc:
        raise MappingCheckError(exc.problems) from None
    problems = check(contract, mappings)
    if problems:
        raise MappingCheckError(problems)
    edge = Dispatcher(
        contract,
        mappings,
        _client(settings, transport),
        release=release,
        max_body_bytes=settings.max_body_bytes,
        address=PublicAddress.configure(settings.public_url, settings.trusted_proxies),
    )
    if edge.unmapped:
        logger.warning(
            "no mapping for %s: their calls are answered with a Server fault",
            ", ".join(sorted(edge.unmapped)),
        )
    return edge


def writes(operations: dict[str, list[tuple[str, Operation]]]) -> set[str]:
    """The operations that change data: their mapping calls anything but GET."""
    return {name for name, entry in operations.items() if entry[0][1].request.method != "GET"}


def create_edge(
    settings: EdgeSettings | None = None,
    *,
    transport: Transport | None = None,
    routes: RouteTable | None = None,
    releases: list[ReleaseMappings] | None = None,
) -> Edge | Dispatcher:
    """The edge's WSGI application serving every release in mappings/; raises MappingCheckError
    when a mapping does not fit its release's WSDL or the REST core, RoutesError when the routing
    file does not fit release 2011-03.

    `transport` is what the REST hop goes through (default: `_rest.ConnectionPool`);
    `routes` a routing table already checked (the workers start from the master's); `releases`
    the release packages to serve, each with its mappings and its BEHAVIOUR.md wording (default:
    every one `mappings.releases()` finds; the edge imports no contract data itself).

    With `settings.mappings` (a folder of mapping modules) it serves `settings.wsdl` alone,
    whatever its contract: `create_contract_edge`.
    """
    settings = settings or EdgeSettings()
    if settings.mappings is not None:
        return create_contract_edge(settings, transport=transport)
    if releases is None:
        import mappings  # the deployment's release packages, found once at start

        releases = mappings.releases()
    wsdls = _wsdl_paths(settings, releases)
    openapi = _openapi(settings.rest_url, _verify(settings))
    client = _client(settings, transport)
    writer = Writer()
    endpoints: list[Endpoint] = []
    problems: list[str] = []
    for entry, wsdl in zip(releases, wsdls, strict=True):
        try:
            end = settings.release_ends.get(entry.release.name)
            headers = end.headers() if end else ()
            endpoints.append(_endpoint(entry, wsdl, openapi, client, writer, headers))
        except MappingCheckError as exc:
            problems.extend(exc.problems)
    served = {entry.release.name for entry in releases}
    problems.extend(
        f"SOAP_ADAPTER_RELEASE_ENDS names release {name}, which is not served"
        for name in sorted(set(settings.release_ends) - served)
    )
    if problems:
        raise MappingCheckError(problems)
    usage = UsageRecorder(
        settings.usage_store,
        notices={
            name: Notice(
                name,
                end.deprecation.date().isoformat(),
                end.sunset.date().isoformat() if end.sunset else None,
            )
            for name, end in settings.release_ends.items()
        },
        flush_seconds=settings.usage_flush_seconds,
        retention_days=settings.usage_retention_days,
    )
    edge = Edge(
        endpoints,
        max_body_bytes=settings.max_body_bytes,
        strict=settings.strict,
        address=PublicAddress.configure(settings.public_url, settings.trusted_proxies),
        usage=usage,
    )
    if settings.routes is not None:
        # Routes apply to release 2011-03 only: the release the legacy service speaks.
        entry = next(r for r in releases if r.release.name == LEGACY_RELEASE)
        endpoint = edge.endpoints[entry.release.path]
        table = Routes(
            settings.routes, endpoint.contract.operations, writes(entry.operations), routes
        )
        operations = {name: found[0][1] for name, found in entry.operations.items()}
        edge.strangler = Strangler(
            table,
            edge.rest_path(endpoint),
            mirrors=Mirrors(operations, client),
            pool_size=max(settings.threads, 1) * 2,
        )
    return edge
