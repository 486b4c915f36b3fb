"""Builds the edge from its settings: contract, generated types, mappings, Spyne apps, WSGI."""

from __future__ import annotations

import logging
from typing import Any

import requests

import mappings
from soap_adapter import _contract, _ns
from soap_adapter._rest import RestClient
from soap_adapter._runner import Runner
from soap_adapter._service import build_applications
from soap_adapter._wsgi import Edge
from soap_adapter._xml_out import Writer
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.mapping_check import check_mappings
from soap_adapter.settings import EdgeSettings

logger = logging.getLogger("soap_adapter.app")


def _openapi(rest_url: str) -> dict[str, Any] | None:
    """The REST core's OpenAPI document, or None (logged) while the core is not up yet."""
    try:
        response = requests.get(f"{rest_url.rstrip('/')}/openapi.json", timeout=3)
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


def create_edge(settings: EdgeSettings | None = None) -> Edge:
    """The edge's WSGI application; raises MappingCheckError when a mapping does not fit."""
    settings = settings or EdgeSettings()
    contract = _contract.load(settings.wsdl)
    model = SchemaModel(contract.schema_roots)
    found = mappings.load()
    check_mappings(contract, model, found, _openapi(settings.rest_url))
    client = RestClient(
        settings.rest_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        pool_size=max(settings.threads, 1) * 2,
        retries=settings.retries,
    )
    writer = Writer()
    # The prefixes the responses declare once, on the body element.
    nsmap: dict[str | None, str] = {"tns": contract.target_namespace, "xsi": _ns.XSI}
    for index, namespace in enumerate(
        sorted(
            {s.get("targetNamespace") for s in contract.schema_roots} - {contract.target_namespace}
        )
    ):
        nsmap[f"s{index}"] = namespace
    runners = {
        name: Runner(found[name][0][1], op, model, client, writer, nsmap)
        for name, op in contract.operations.items()
    }
    edge: Edge
    applications = build_applications(
        contract, model, runners, on_fault=lambda environ, fault: edge.record_fault(environ, fault)
    )
    edge = Edge(
        contract,
        applications,
        path=settings.path,
        max_body_bytes=settings.max_body_bytes,
        strict=settings.strict,
    )
    return edge
