"""The vocabulary mapping modules are written in: SOAP elements beside REST fields, as data.

A release package in `mappings/` (`mappings/v2011_03/`) defines `RELEASE = Release(...)`; each
mapping module in it defines `MAPPING = Operation(...)`; the edge runs them. Paths on
the SOAP side are element names below the current element joined by `/`; paths on the REST side
are JSON member names below the current object joined by `.` (`""` is the object itself).

Any contract (`soap-adapter serve --wsdl WSDL --mappings DIR`): the modules of DIR read and
write values of the contract codec (`soap_adapter.contract._codec`), and SOAP paths name its
keys: element local names, `@name` for an attribute (`Amount/@currency`), `$` for simple
content (`Amount/$`), `@xsi:type` for the derived type sent, `##any` for `xs:any` content (XML
elements), `#header` for the header parts by part name, and `""` for the value itself (a bare
element's content, an item of a repeated simple element). An rpc operation's request is a dict
of its parts by part name. `result` gives the response: its member is the response element's
child (`Field("AddResult", ...)`), or, with SOAP path `""`, the whole response value. A
`Fault.element` is the WSDL fault's name or its detail element's local name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any


@dataclasses.dataclass(frozen=True)
class Codec:
    """A named two-way converter: `to_rest` for what a client sends, `to_soap` for what it reads.

    `xsd` is the XSD built-in type the SOAP side's values belong to (`string`, `int`, `decimal`,
    `date`, `dateTime`); the mapping check refuses the codec on an element of another type.
    """

    name: str
    to_rest: Callable[[Any], Any]
    to_soap: Callable[[Any], Any]
    xsd: str = "string"

    def __repr__(self) -> str:
        return f"Codec({self.name})"


def _same(value: Any) -> Any:
    return value


TEXT = Codec("text", _same, _same)


@dataclasses.dataclass(frozen=True)
class Field:
    """One value: the SOAP element `soap` is the REST member `rest`, converted by `codec`."""

    soap: str
    rest: str
    codec: Codec = TEXT


@dataclasses.dataclass(frozen=True)
class Group:
    """A nested SOAP element is a nested JSON object; null is nil or absent, as the XSD says."""

    soap: str
    rest: str
    fields: Shape


@dataclasses.dataclass(frozen=True)
class Each:
    """A repeated SOAP element (`Wrapper/Item`) is a JSON array; empty is an empty wrapper."""

    soap: str
    rest: str
    fields: Shape


@dataclasses.dataclass(frozen=True)
class Const:
    """A SOAP element whose value is fixed by the mapping."""

    soap: str
    value: str


@dataclasses.dataclass(frozen=True)
class Template:
    """A SOAP text made from REST members: `text` with `{name}` for each field's converted value."""

    soap: str
    text: str
    params: tuple[Field, ...]  # Field.soap is the placeholder name


Member = Field | Group | Each | Const | Template
Shape = tuple[Member, ...]


@dataclasses.dataclass(frozen=True)
class Request:
    """The REST call a SOAP request becomes.

    `params` fill `{name}` placeholders of `path`, the rest go to the query string (a codec may
    give a list: the parameter is repeated); `body` is the JSON body (a Group with rest `""` puts
    its members on the body itself); `headers` are HTTP headers (absent SOAP values send nothing).
    `idempotency_key` names the body member that makes a repeat of this write harmless: when it
    has a value, the edge may retry the call after a temporary failure, as it does reads.
    """

    method: str
    path: str
    params: tuple[Field, ...] = ()
    body: Shape | None = None
    headers: tuple[Field, ...] = ()
    idempotency_key: str | None = None


@dataclasses.dataclass(frozen=True)
class Fault:
    """A declared SOAP fault made from a REST problem document.

    `element` is the fault detail element, `detail` its content read from the problem, `string`
    the faultstring, formatted with the detail's values by element name.
    """

    element: str
    string: str
    detail: Shape


@dataclasses.dataclass(frozen=True)
class Mirror:
    """A write the legacy service answered, told to the REST core as the legacy made it.

    SOAP paths start with the element they are read from: the request's (`CreateOrder/...`) or
    the legacy answer's result (`CreateOrderResult/...`); `params` fill `{name}` of `path`.
    """

    method: str
    path: str
    params: tuple[Field, ...] = ()
    body: Shape = ()


@dataclasses.dataclass(frozen=True)
class Operation:
    """One SOAP operation: the REST call, how its answer becomes the result, and its faults;
    for a write, how the REST core follows it while the legacy service takes it (`mirror`)."""

    name: str
    request: Request
    result: Member
    faults: Mapping[str, Fault] = dataclasses.field(default_factory=dict)
    # Problem types the REST endpoint declares that no request valid against this release's
    # schema can cause, each with the reason; should one come, it is a counted mapping failure.
    ruled_out: Mapping[str, str] = dataclasses.field(default_factory=dict)
    mirror: Mirror | None = None


@dataclasses.dataclass(frozen=True)
class Release:
    """One release of the contract: where its files are, where it is served, its fixed wording.

    `contract` is the folder of its WSDL and XSD copies and `fixtures` the folder of its
    BEHAVIOUR.md, README.md and captured exchanges, both relative to the project root.
    """

    name: str  # "2011-03"
    path: str  # the address path it is served at: "/OrderService.asmx"
    contract: str  # "wsdl/2011-03"
    fixtures: str  # "contract_fixtures/2011-03"
    # BEHAVIOUR.md's wording for the faults every operation can end in: contract data, handed to
    # the edge with the release (the edge itself knows no wording).
    not_authorized: str  # the role may not call the operation; `{operation}` is its name
    unavailable: str  # every Server fault: what went wrong stays in the edge's log
    wsdl: str = "OrderService.wsdl"  # the WSDL's file name in `contract`
