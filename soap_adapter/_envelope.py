"""Reads an incoming SOAP request: version, envelope, headers, security token, schema, operation."""

from __future__ import annotations

import copy as copy_module
import dataclasses
import re
import uuid

from lxml import etree

from soap_adapter import _ns, _xml
from soap_adapter._contract import Contract, OperationContract
from soap_adapter._rest import Credentials
from soap_adapter.exceptions import (
    ActionMismatch,
    AuthenticationFailed,
    MalformedRequest,
    MustUnderstandFault,
)

ECHO_LIMIT = 200  # never echo more than this many characters of the input (BEHAVIOUR.md)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


def require_version(declared: str | None) -> str:
    """The SOAP version a Content-Type declared (`version_of`); a client fault if it declared none."""
    if declared is None:
        raise MalformedRequest(
            "The Content-Type must be text/xml (SOAP 1.1) or application/soap+xml (1.2)."
        )
    return declared


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
        return _xml.parse(body)
    except _xml.DoctypeRefused:
        raise MalformedRequest(
            "The request must not contain a document type declaration."
        ) from None
    except etree.XMLSyntaxError as exc:
        raise MalformedRequest(_clip(f"The request is not well-formed XML: {exc.msg}")) from None


def _for_us(header: etree._Element, version: str) -> bool:
    """Whether a header block is addressed to this node: no actor/role, or next/ultimateReceiver.
    A block for another actor (SOAP 1.1) or role (SOAP 1.2) is not ours to act on."""
    env = _ns.ENVELOPE[version]
    target = header.get(f"{{{env}}}role" if version == "1.2" else f"{{{env}}}actor")
    return target in (
        None,
        "",
        _ns.SOAP12_ROLE_NEXT,
        _ns.SOAP12_ROLE_ULTIMATE,
        _ns.SOAP11_ACTOR_NEXT,
    )


def _understood(header: etree._Element, version: str, understood: set[str]) -> None:
    """A header marked mustUnderstand for us that we do not understand is a MustUnderstand fault."""
    env = _ns.ENVELOPE[version]
    flag = header.get(f"{{{env}}}mustUnderstand", "0").strip()
    if flag not in ("1", "true") or not _for_us(header, version):
        return
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
    tokens = security.findall(f"{{{_ns.WSSE}}}UsernameToken")
    if len(tokens) > 1:
        # Which one would authenticate the call is anyone's guess: refuse, do not pick one.
        raise MalformedRequest("The wsse:Security header must hold one wsse:UsernameToken.")
    if not tokens:
        raise AuthenticationFailed()
    token = tokens[0]
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
        credentials = Credentials(
            username=username,
            digest=(password.text or "").strip(),
            nonce=(nonce or "").strip(),
            created=(created or "").strip(),
        )
        sent = (username, credentials.digest, credentials.nonce, credentials.created)
        if not nonce or not created or any(_CONTROL.search(f or "") for f in sent):
            # A TAB, CR or LF inside cannot travel in the X-WSSE header and authenticates no one.
            raise AuthenticationFailed()
        return credentials
    raise AuthenticationFailed()


@dataclasses.dataclass
class Envelope:
    """A SOAP request whose operation is known; its action, headers and body not checked yet."""

    version: str
    operation: OperationContract
    header: etree._Element | None
    element: etree._Element
    correlation_id: str  # the AuditHeader's (any xs:string, clipped), or a fresh uuid4


def split(root: etree._Element, version: str) -> tuple[etree._Element | None, etree._Element]:
    """The Header (or None) and the Body of a SOAP `version` envelope."""
    env = _ns.ENVELOPE[version]
    other = _ns.SOAP12_ENV if version == "1.1" else _ns.SOAP11_ENV
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
    return header, bodies[0]


def identify(contract: Contract, version: str, body: bytes) -> Envelope:
    """Parse the request and find its operation; raise the fault the legacy service sent."""
    header, soap_body = split(parse(body), version)
    payload = [c for c in soap_body if isinstance(c.tag, str)]
    if len(payload) != 1:
        raise MalformedRequest("The Body must hold exactly one operation element.")
    element = payload[0]
    operation = contract.by_input.get(etree.QName(element))
    if operation is None:
        raise MalformedRequest(_clip(f"Unknown operation {element.tag}."))
    # Read before the checks, so that a call refused by them is logged under the caller's id.
    correlation_id = None
    for block in header if header is not None else ():
        if block.tag in {str(h) for h in operation.headers} and _for_us(block, version):
            correlation_id = block.findtext(f"{{{contract.target_namespace}}}CorrelationId")
    return Envelope(
        version,
        operation,
        header,
        element,
        (correlation_id or "").strip()[:ECHO_LIMIT] or str(uuid.uuid4()),
    )


def check(contract: Contract, envelope: Envelope, action: str) -> Incoming:
    """Check an identified request in the order the legacy service did: action, headers,
    schema, token; raise the fault it would have sent."""
    version, operation, header = envelope.version, envelope.operation, envelope.header
    env = _ns.ENVELOPE[version]
    expected = operation.soap_actions.get(version, "")
    if action and action != expected:
        raise ActionMismatch(
            _clip(f"The action {action} does not match the operation {operation.name}.")
        )

    security = None
    understood = {f"{{{_ns.WSSE}}}Security", *(str(h) for h in operation.headers)}
    for block in header if header is not None else ():
        if not isinstance(block.tag, str):
            continue
        _understood(block, version, understood)
        if block.tag == f"{{{_ns.WSSE}}}Security":
            if not _for_us(block, version):
                continue  # a token for another node (a gateway, an auditor) does not log us in
            if security is not None:
                # Two headers for us: the first or the last winning would let a second token
                # override the first (a reader's then an operator's). Neither wins.
                raise MalformedRequest("The request must carry one wsse:Security header.")
            security = block
        elif block.tag in understood and not contract.validator.validate(
            _without_soap_attributes(block, env)
        ):
            raise MalformedRequest(_clip(_schema_error(contract.validator)))

    if not contract.validator.validate(envelope.element):
        raise MalformedRequest(_clip(_schema_error(contract.validator)))
    return Incoming(
        version=version,
        operation=operation,
        correlation_id=envelope.correlation_id,
        credentials=_credentials(security),
    )


def _schema_error(schema: etree.XMLSchema) -> str:
    error = schema.error_log.last_error
    return f"The request is not valid against the schema: {error.message if error else 'invalid'}"
