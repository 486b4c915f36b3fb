"""Which difference breaks existing clients, by kind and by the direction the data travels.

A client *sends* the request side (body and headers) and *receives* the response side (results
and fault details). What a client sends must still be accepted; what it receives must still be
readable by code generated from the old WSDL. So the rules run opposite ways:

| kind                      | request  | response | why                                                   |
| ------------------------- | -------- | -------- | ----------------------------------------------------- |
| element-removed           | breaks   | breaks   | sent: refused by the schema; received: reads as null   |
| element-added-optional    | ok       | ok       | sent: clients may leave it out; received: ignored      |
| element-added-required    | breaks   | ok       | sent: old clients never send it                        |
| element-order-changed     | breaks   | breaks   | sequences are ordered on the wire                      |
| min-occurs-raised         | breaks   | ok       | sent: old clients may omit it                          |
| min-occurs-lowered        | ok       | breaks   | received: may be missing where code expects it         |
| max-occurs-raised         | ok       | breaks   | received: one becomes many (single becomes array)      |
| max-occurs-lowered        | breaks   | ok       | sent: old clients may send several                     |
| nillable-added            | ok       | breaks   | received: xsi:nil where code expects a value           |
| nillable-removed          | breaks   | ok       | sent: old clients may send xsi:nil                     |
| type-changed              | breaks   | breaks   | a different built-in type or simple/complex switch     |
| enumeration-value-removed | breaks   | ok       | sent: old clients may send it                          |
| enumeration-value-added   | ok       | breaks   | received: generated enums cannot parse it              |
| facet-tightened           | breaks   | ok       | pattern/length/digits/range narrower                   |
| facet-relaxed             | ok       | breaks   | wider values reach code that assumed the old bounds    |
| pattern-changed           | breaks   | breaks   | neither pattern contains the other, as far as we know  |
| fault-added               | -        | breaks   | a typed fault old clients cannot deserialize           |
| fault-removed             | -        | ok       | old clients simply never receive it                    |
| operation-removed         | breaks (binding)                                                             |
| operation-added           | ok (binding)                                                                 |
| binding-removed / port-removed   | breaks; added: ok                                                     |
| soap-action-changed, binding-style-changed, body-use-changed, transport-changed,                  |
| namespace-changed, soap-version-changed | breaks                                                |
The service address (soap:address) is deployment data and is never compared.
"""

from __future__ import annotations

BREAKS_BY_DIRECTION: dict[str, dict[str, bool]] = {
    "element-removed": {"request": True, "response": True},
    "element-added-optional": {"request": False, "response": False},
    "element-added-required": {"request": True, "response": False},
    "element-order-changed": {"request": True, "response": True},
    "min-occurs-raised": {"request": True, "response": False},
    "min-occurs-lowered": {"request": False, "response": True},
    "max-occurs-raised": {"request": False, "response": True},
    "max-occurs-lowered": {"request": True, "response": False},
    "nillable-added": {"request": False, "response": True},
    "nillable-removed": {"request": True, "response": False},
    "type-changed": {"request": True, "response": True},
    "enumeration-value-removed": {"request": True, "response": False},
    "enumeration-value-added": {"request": False, "response": True},
    "facet-tightened": {"request": True, "response": False},
    "facet-relaxed": {"request": False, "response": True},
    "pattern-changed": {"request": True, "response": True},
    "fault-added": {"response": True},
    "fault-removed": {"response": False},
}

BREAKS_ALWAYS: dict[str, bool] = {
    "operation-removed": True,
    "operation-added": False,
    "binding-removed": True,
    "binding-added": False,
    "port-removed": True,
    "port-added": False,
    "soap-action-changed": True,
    "binding-style-changed": True,
    "body-use-changed": True,
    "transport-changed": True,
    "soap-version-changed": True,
    "namespace-changed": True,
}


def breaks(kind: str, direction: str) -> bool:
    """The verdict for one difference; every kind the comparer emits is in one of the tables."""
    if kind in BREAKS_ALWAYS:
        return BREAKS_ALWAYS[kind]
    return BREAKS_BY_DIRECTION[kind][direction]
