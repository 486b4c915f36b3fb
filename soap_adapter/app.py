"""Builds the edge from its settings: contract, generated types, mappings, Spyne apps, WSGI."""

from __future__ import annotations

import mappings
from soap_adapter import _contract
from soap_adapter._rest import RestClient
from soap_adapter._runner import Runner
from soap_adapter._service import build_applications
from soap_adapter._wsgi import Edge
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.mapping_check import check_mappings
from soap_adapter.settings import EdgeSettings


def create_edge(settings: EdgeSettings | None = None) -> Edge:
    """The edge's WSGI application; raises MappingCheckError when a mapping does not fit."""
    settings = settings or EdgeSettings()
    contract = _contract.load(settings.wsdl)
    model = SchemaModel(contract.schema_roots)
    found = mappings.load()
    check_mappings(contract, model, found)
    client = RestClient(
        settings.rest_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        pool_size=max(settings.threads, 1) * 2,
        retries=settings.retries,
    )
    runners = {
        name: Runner(found[name][0][1], op, model, client)
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
