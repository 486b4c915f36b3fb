"""Reads an incoming SOAP request: version, envelope, headers, security token, schema, operation."""

from __future__ import annotations

import copy as copy_module
import dataclasses
import uuid

from lxml import etree

from soap_adapter import _ns
from soap_adapter._contract import SAFE_PARSER, Contract, OperationContract
from soap_adapter._rest import Credentials
from soap_adapter.exceptions import (
    ActionMismatch,
    AuthenticationFailed,
    MalformedRequest,
    MustUnderstandFault,
)

ECHO_LIMIT = 200  # never echo more than this many characters of the input (BEHAVIOUR.md)


@dataclasses.dataclass
class Incoming:
    """A SOAP request that passed every check the edge makes before the mapping runs."""

    version: str
    operation: OperationContract
    correlation_id: str
    credentials: Credentials | None


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 3] + "..."


def version_of(content_type: str) -> str | None:
    """`text/xml` is SOAP 1.1, `application/soap+xml` is SOAP 1.2, anything else neither."""
    media = content_type.split(";", 1)[0].strip().lower()
    return {"text/xml": "1.1", "application/soap+xml": "1.2"}.get(media)


def action_of(version: str, content_type: str, soap_action: str | None) -> str:
    """The action the client named: SOAPAction header (1.1) or `action` parameter (1.2)."""
    if version == "1.1":
        return (soap_action or "").strip().strip('"')
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "action":
            return value.strip().strip('"')
    return ""


def parse(body: bytes) -> etree._Element:
    if not body.strip():
        raise MalformedRequest("The request body is empty.")
    try:
        root = etree.fromstring(body, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise MalformedRequest(_clip(f"The request is not well-formed XML: {exc.msg}")) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise MalformedRequest("The request must not contain a document type declaration.")
    return root


def _understood(header: etree._Element, version: str, understood: set[str]) -> None:
    """A header marked mustUnderstand for us that we do not understand is a MustUnderstand fault."""
    env = _ns.ENVELOPE[version]
    flag = header.get(f"{{{env}}}mustUnderstand", "0").strip()
    if flag not in ("1", "true"):
        return
    target = header.get(f"{{{env}}}role" if version == "1.2" else f"{{{env}}}actor")
    if target not in (
        None,
        "",
        _ns.SOAP12_ROLE_NEXT,
        _ns.SOAP12_ROLE_ULTIMATE,
        _ns.SOAP11_ACTOR_NEXT,
    ):
        return  # addressed to another node
    if header.tag not in understood:
        name = etree.QName(header)
        raise MustUnderstandFault(
            _clip(f"Header {{{name.namespace}}}{name.localname} was not understood."),
        )


def _without_soap_attributes(block: etree._Element, env: str) -> etree._Element:
    """A header block as its schema sees it: mustUnderstand, actor, role belong to SOAP."""
    copy = copy_module.deepcopy(block)
    for name in [a for a in copy.attrib if a.startswith(f"{{{env}}}")]:
        del copy.attrib[name]
    return copy


def _credentials(security: etree._Element | None) -> Credentials:
    if security is None:
        raise AuthenticationFailed()
    token = security.find(f"{{{_ns.WSSE}}}UsernameToken")
    if token is None:
        raise AuthenticationFailed()
    username = token.findtext(f"{{{_ns.WSSE}}}Username")
    password = token.find(f"{{{_ns.WSSE}}}Password")
    if not username or password is None:
        raise AuthenticationFailed()
    kind = password.get("Type", _ns.WSS_PASSWORD_TEXT)
    if kind == _ns.WSS_PASSWORD_TEXT:
        return Credentials(username=username, password=password.text or "")
    if kind == _ns.WSS_PASSWORD_DIGEST:
        nonce = token.findtext(f"{{{_ns.WSSE}}}Nonce")
        created = token.findtext(f"{{{_ns.WSU}}}Created")
        if not nonce or not created:
            raise AuthenticationFailed()
        return Credentials(
            username=username,
            digest=(password.text or "").strip(),
            nonce=nonce.strip(),
            created=created.strip(),
        )
    raise AuthenticationFailed()


def read(contract: Contract, version: str, action: str, body: bytes) -> Incoming:
    """Check one request in the order the legacy service did; raise the fault it would have sent."""
    root = parse(body)
    env = _ns.ENVELOPE[version]
    other = _ns.SOAP12 if version == "1.1" else _ns.SOAP11
    if root.tag == f"{{{other}}}Envelope":
        raise MalformedRequest(
            f"A SOAP {'1.2' if version == '1.1' else '1.1'} envelope was sent with the SOAP "
            f"{version} content type."
        )
    if root.tag != f"{{{env}}}Envelope":
        raise MalformedRequest(_clip(f"The request is not a SOAP envelope but {root.tag}."))
    children = [c for c in root if isinstance(c.tag, str)]
    header = children[0] if children and children[0].tag == f"{{{env}}}Header" else None
    bodies = [c for c in children if c.tag == f"{{{env}}}Body"]
    if len(bodies) != 1 or children[-1] is not bodies[0]:
        raise MalformedRequest("The envelope must hold one Body, after an optional Header.")
    payload = [c for c in bodies[0] if isinstance(c.tag, str)]
    if len(payload) != 1:
        raise MalformedRequest("The Body must hold exactly one operation element.")
    element = payload[0]
    operation = contract.by_input.get(etree.QName(element))
    if operation is None:
        raise MalformedRequest(_clip(f"Unknown operation {element.tag}."))
    expected = operation.soap_actions.get(version, "")
    if action and action != expected:
        raise ActionMismatch(
            _clip(f"The action {action} does not match the operation {operation.name}.")
        )

    security = None
    correlation_id = None
    understood = {f"{{{_ns.WSSE}}}Security", *(str(h) for h in operation.headers)}
    for block in header if header is not None else ():
        if not isinstance(block.tag, str):
            continue
        _understood(block, version, understood)
        if block.tag == f"{{{_ns.WSSE}}}Security":
            security = block
        elif block.tag in understood:
            if not contract.validator.validate(_without_soap_attributes(block, env)):
                raise MalformedRequest(_clip(_schema_error(contract.validator)))
            correlation_id = block.findtext(f"{{{contract.target_namespace}}}CorrelationId")

    if not contract.validator.validate(element):
        raise MalformedRequest(_clip(_schema_error(contract.validator)))
    return Incoming(
        version=version,
        operation=operation,
        correlation_id=(correlation_id or "").strip()[:ECHO_LIMIT] or str(uuid.uuid4()),
        credentials=_credentials(security),
    )


def _schema_error(schema: etree.XMLSchema) -> str:
    error = schema.error_log.last_error
    return f"The request is not valid against the schema: {error.message if error else 'invalid'}"
