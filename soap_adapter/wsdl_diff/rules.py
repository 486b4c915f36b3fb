"""Which difference breaks existing clients: one table keyed by (kind, direction).

A client *sends* the request side (body and request headers) and *receives* the response side
(body, response headers and fault details). What it sends must still be accepted by the new
service; what it receives must still be readable by code generated from the old WSDL (strict
JAX-WS/.NET deserializers). So most element rules run opposite ways on the two sides.

"both" is for what concerns the whole operation or contract, "binding" for how the binding and
the service put it on the wire. The soap:address of a port is deployment data: never compared.

| kind                      | request | response | both   | binding | why                                                    |
| ------------------------- | ------- | -------- | ------ | ------- | ------------------------------------------------------ |
| element-removed           | breaks  | breaks   |        |         | sent: refused by the schema; received: silently null    |
| element-added-optional    | ok      | breaks   |        |         | received: strict deserializers reject unknown elements  |
| element-added-required    | breaks  | breaks   |        |         | sent: old clients never send it                         |
| element-renamed           | breaks  | breaks   |        |         | a removal and an addition at the same place             |
| element-order-changed     | breaks  | breaks   |        |         | sequences are ordered on the wire                       |
| namespace-changed         | breaks  | breaks   | breaks | breaks  | elements are matched by qualified name                  |
| min-occurs-raised         | breaks  | ok       |        |         | sent: old clients may leave it out                      |
| min-occurs-lowered        | ok      | breaks   |        |         | received: may be missing where code expects it          |
| max-occurs-raised         | ok      | breaks   |        |         | received: a single value becomes a list                 |
| max-occurs-lowered        | breaks  | ok       |        |         | sent: old clients may send several                      |
| nillable-added            | ok      | breaks   |        |         | received: xsi:nil where code expects a value            |
| nillable-removed          | breaks  | ok       |        |         | sent: old clients may send xsi:nil                      |
| type-changed              | breaks  | breaks   |        |         | unrelated built-in types, or simple and complex swapped |
| type-widened              | ok      | breaks   |        |         | the new base type derives the old (xs:int to xs:long)   |
| type-narrowed             | breaks  | ok       |        |         | the old base type derives the new (xs:long to xs:int)   |
| enumeration-value-added   | ok      | breaks   |        |         | received: generated enums cannot parse the new value    |
| enumeration-value-removed | breaks  | ok       |        |         | sent: old clients may still send it                     |
| facet-tightened           | breaks  | ok       |        |         | length, digits, range or enumeration narrower           |
| facet-relaxed             | ok      | breaks   |        |         | received: values beyond what client code assumed        |
| facet-changed             | breaks  | breaks   |        |         | bounds that cannot be ordered (neither contains other)  |
| pattern-added             | breaks  | ok       |        |         | a new pattern only narrows                              |
| pattern-removed           | ok      | breaks   |        |         | a dropped pattern only widens                           |
| pattern-changed           | breaks  | breaks   |        |         | regular languages are not compared: assume the worst    |
| wildcard-added            | ok      | breaks   |        |         | received: arbitrary elements (xs:any)                   |
| wildcard-removed          | breaks  | ok       |        |         | sent: extra elements no longer accepted                 |
| attribute-added-optional  | ok      | ok       |        |         | deserializers skip unknown attributes                   |
| attribute-added-required  | breaks  | ok       |        |         | sent: old clients never send it                         |
| attribute-removed         | breaks  | breaks   |        |         | sent: refused; received: reads as null                  |
| header-added              | breaks  | breaks   |        |         | WSDL 1.1 headers have no minOccurs: assume required     |
| header-removed            | breaks  | breaks   |        |         | sent: may be mustUnderstand; received: code expects it  |
| fault-added               |         | breaks   |        |         | old clients cannot deserialize an undeclared detail     |
| fault-removed             |         | breaks   |        |         | typed fault handlers stop firing: errors arrive untyped |
| message-exchange-changed  |         |          | breaks |         | one-way became request-response or the reverse          |
| operation-added           |         |          | ok     | ok      | old clients never call it                               |
| operation-removed         |         |          | breaks | breaks  | old clients still call it (or call it on that binding)  |
| binding-added             |         |          |        | ok      | nobody uses it yet                                      |
| binding-removed           |         |          |        | breaks  | clients generated against it                            |
| port-added                |         |          |        | ok      | nobody uses it yet                                      |
| port-removed              |         |          |        | breaks  | clients generated against it                            |
| port-binding-changed      |         |          |        | breaks  | the port now speaks another binding                     |
| soap-version-changed      |         |          |        | breaks  | SOAP 1.1 and 1.2 envelopes differ                       |
| transport-changed         |         |          |        | breaks  | another transport URI                                   |
| binding-style-changed     |         |          |        | breaks  | document and rpc lay out the body differently           |
| use-changed               |         |          |        | breaks  | literal and encoded bodies differ                       |
| body-parts-changed        |         |          |        | breaks  | other message parts go into the body                    |
| soap-action-changed       |         |          |        | breaks  | clients send the old SOAPAction; dispatch relies on it  |
| http-binding-changed      |         |          |        | breaks  | an HTTP GET/POST binding's verb or location moved       |

An empty cell is a combination the comparer never emits; asking for it is an error.
"""

from __future__ import annotations

_B, _OK = True, False

RULES: dict[tuple[str, str], bool] = {
    ("element-removed", "request"): _B,
    ("element-removed", "response"): _B,
    ("element-added-optional", "request"): _OK,
    ("element-added-optional", "response"): _B,
    ("element-added-required", "request"): _B,
    ("element-added-required", "response"): _B,
    ("element-renamed", "request"): _B,
    ("element-renamed", "response"): _B,
    ("element-order-changed", "request"): _B,
    ("element-order-changed", "response"): _B,
    ("namespace-changed", "request"): _B,
    ("namespace-changed", "response"): _B,
    ("namespace-changed", "both"): _B,
    ("namespace-changed", "binding"): _B,
    ("min-occurs-raised", "request"): _B,
    ("min-occurs-raised", "response"): _OK,
    ("min-occurs-lowered", "request"): _OK,
    ("min-occurs-lowered", "response"): _B,
    ("max-occurs-raised", "request"): _OK,
    ("max-occurs-raised", "response"): _B,
    ("max-occurs-lowered", "request"): _B,
    ("max-occurs-lowered", "response"): _OK,
    ("nillable-added", "request"): _OK,
    ("nillable-added", "response"): _B,
    ("nillable-removed", "request"): _B,
    ("nillable-removed", "response"): _OK,
    ("type-changed", "request"): _B,
    ("type-changed", "response"): _B,
    ("type-widened", "request"): _OK,
    ("type-widened", "response"): _B,
    ("type-narrowed", "request"): _B,
    ("type-narrowed", "response"): _OK,
    ("enumeration-value-added", "request"): _OK,
    ("enumeration-value-added", "response"): _B,
    ("enumeration-value-removed", "request"): _B,
    ("enumeration-value-removed", "response"): _OK,
    ("facet-tightened", "request"): _B,
    ("facet-tightened", "response"): _OK,
    ("facet-relaxed", "request"): _OK,
    ("facet-relaxed", "response"): _B,
    ("facet-changed", "request"): _B,
    ("facet-changed", "response"): _B,
    ("pattern-added", "request"): _B,
    ("pattern-added", "response"): _OK,
    ("pattern-removed", "request"): _OK,
    ("pattern-removed", "response"): _B,
    ("pattern-changed", "request"): _B,
    ("pattern-changed", "response"): _B,
    ("wildcard-added", "request"): _OK,
    ("wildcard-added", "response"): _B,
    ("wildcard-removed", "request"): _B,
    ("wildcard-removed", "response"): _OK,
    ("attribute-added-optional", "request"): _OK,
    ("attribute-added-optional", "response"): _OK,
    ("attribute-added-required", "request"): _B,
    ("attribute-added-required", "response"): _OK,
    ("attribute-removed", "request"): _B,
    ("attribute-removed", "response"): _B,
    ("header-added", "request"): _B,
    ("header-added", "response"): _B,
    ("header-removed", "request"): _B,
    ("header-removed", "response"): _B,
    ("fault-added", "response"): _B,
    ("fault-removed", "response"): _B,
    ("message-exchange-changed", "both"): _B,
    ("operation-added", "both"): _OK,
    ("operation-added", "binding"): _OK,
    ("operation-removed", "both"): _B,
    ("operation-removed", "binding"): _B,
    ("binding-added", "binding"): _OK,
    ("binding-removed", "binding"): _B,
    ("port-added", "binding"): _OK,
    ("port-removed", "binding"): _B,
    ("port-binding-changed", "binding"): _B,
    ("soap-version-changed", "binding"): _B,
    ("transport-changed", "binding"): _B,
    ("binding-style-changed", "binding"): _B,
    ("use-changed", "binding"): _B,
    ("body-parts-changed", "binding"): _B,
    ("soap-action-changed", "binding"): _B,
    ("http-binding-changed", "binding"): _B,
}

DIRECTIONS = ("request", "response", "both", "binding")


def breaks(kind: str, direction: str) -> bool:
    """The verdict for one difference; a combination missing from RULES is a bug, not a guess."""
    try:
        return RULES[(kind, direction)]
    except KeyError:
        raise KeyError(f"no rule for kind {kind!r} in direction {direction!r}") from None
