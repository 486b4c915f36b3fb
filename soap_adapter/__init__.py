"""The SOAP edge: publishes the legacy WSDL and serves it from the REST core through mappings.

The names below are the package's public surface, for mapping modules, tests, benchmarks and
tools; modules starting with `_` are private and may change without notice.
"""

# First, before any module of the package imports Spyne: Spyne 2.14 on Python 3.12+.
from soap_adapter import _spyne_compat  # noqa: F401

# isort: split

from soap_adapter import contract_test
from soap_adapter._compare import differences as shadow_differences
from soap_adapter._contract import Contract, OperationContract
from soap_adapter._contract import load as load_contract
from soap_adapter._logging import configure as configure_logging
from soap_adapter._routes import CHECK_INTERVAL as ROUTES_CHECK_INTERVAL
from soap_adapter._wsgi import Edge, Endpoint
from soap_adapter._xml import parse as parse_xml
from soap_adapter._xml_out import Writer
from soap_adapter._xsd_model import SchemaModel
from soap_adapter.app import create_edge
from soap_adapter.exceptions import (
    ActionMismatch,
    AuthenticationFailed,
    ClientFault,
    DownstreamError,
    MalformedRequest,
    MappingError,
    MustUnderstandFault,
    NotAuthorized,
    RequestTooLarge,
    ServerFault,
    SoapFault,
    TypedFault,
)
from soap_adapter.mapping import (
    TEXT,
    Codec,
    Const,
    Each,
    Fault,
    Field,
    Group,
    Operation,
    Release,
    Request,
    Template,
)
from soap_adapter.mapping_check import MappingCheckError, check_mappings
from soap_adapter.settings import EdgeSettings

__all__ = [
    "ROUTES_CHECK_INTERVAL",
    "TEXT",
    "ActionMismatch",
    "AuthenticationFailed",
    "ClientFault",
    "Codec",
    "Const",
    "Contract",
    "DownstreamError",
    "Each",
    "Edge",
    "EdgeSettings",
    "Endpoint",
    "Fault",
    "Field",
    "Group",
    "MalformedRequest",
    "MappingCheckError",
    "MappingError",
    "MustUnderstandFault",
    "NotAuthorized",
    "Operation",
    "OperationContract",
    "Release",
    "Request",
    "RequestTooLarge",
    "SchemaModel",
    "ServerFault",
    "SoapFault",
    "Template",
    "TypedFault",
    "Writer",
    "check_mappings",
    "configure_logging",
    "contract_test",
    "create_edge",
    "load_contract",
    "parse_xml",
    "shadow_differences",
]
